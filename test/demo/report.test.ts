/**
 * The demo's per-call story (src/demo/report.ts formatCallReport) masks the parties' numbers wherever
 * they appear: the caller and callee lines, a caller ID shown that is not virtual, what was heard
 * (prompts, URLs, the other party) and pressed; virtual numbers stay visible; `show` prints all.
 */
import { CallReport, formatCallReport } from '../../src/demo/report';
import { TraceLog } from '../../src/sandbox/runtime/trace/trace';
import { numbersShownIn } from '../contract/number-needles';

const COURIER = '+4915112345678';
const CUSTOMER = '+4930123456789';
const VIRTUAL = '+493025550100';
const SESSION = 3;

function traceOfCall(callerIdShown: string): TraceLog {
  const trace = new TraceLog(() => 0, 0);
  trace.add('call.inbound', SESSION, { callId: '3.1', from: COURIER, to: VIRTUAL, headers: {} });
  trace.add('heard', SESSION, { party: COURIER, callId: '3.1', item: 'tts', text: 'Your customer is on ٠٣٠ ١٢٣٤ ٥٦٧٨٩.', voice: 'x' });
  trace.add('party', SESSION, { party: COURIER, callId: '3.1', action: 'press', digits: '4930123456789' });
  trace.add('call.outbound', SESSION, { callId: '3.2', number: CUSTOMER, callerid: callerIdShown, headers: {} });
  trace.add('heard', SESSION, {
    party: CUSTOMER,
    callId: '3.2',
    item: 'url',
    url: 'https://media.example.com/whisper?from=+49-151-1234-5678',
  });
  trace.add('heard', SESSION, { party: CUSTOMER, callId: '3.2', item: 'party', peer: COURIER, peerCallId: '3.1' });
  return trace;
}

const report: CallReport = {
  index: 1,
  name: 'Courier calls the customer',
  kind: 'inbound',
  sessionId: SESSION,
  from: COURIER,
  to: VIRTUAL,
  callerRole: 'courier',
  orderId: 'A-1042',
  partyRoles: { [COURIER]: 'courier', [CUSTOMER]: 'customer' },
  expectedOutcome: 'connected',
  result: null,
  resultsDelivered: 0,
  resultsDeadLettered: 0,
  checks: [{ name: 'callee caller ID', passed: false, detail: `a callee was shown ${COURIER}` }],
  asExpected: false,
};

describe('formatCallReport', () => {
  it.each([false, true])('masks every party number in any form (color %s), virtual numbers visible', (color) => {
    const text = formatCallReport(report, traceOfCall(VIRTUAL), color, { virtual: [VIRTUAL] });
    expect(numbersShownIn(text, [COURIER, CUSTOMER])).toEqual([]);
    expect(text).toContain(`dials ${VIRTUAL}`);
    expect(text).toContain(`shown caller ID ${VIRTUAL}`);
  });

  it("masks a real number shown as caller ID (a leak the checks report), and the checks' detail", () => {
    const text = formatCallReport(report, traceOfCall(COURIER), false, { virtual: [VIRTUAL] });
    expect(numbersShownIn(text, [COURIER, CUSTOMER])).toEqual([]);
    expect(text).toContain('shown caller ID +49********678');
  });

  it('prints the numbers in full with show', () => {
    const text = formatCallReport(report, traceOfCall(VIRTUAL), false, { show: true, virtual: [VIRTUAL] });
    expect(numbersShownIn(text, [COURIER, CUSTOMER])).toEqual([COURIER, CUSTOMER]);
    expect(text).toContain(`${COURIER} (courier of A-1042) dials ${VIRTUAL}`);
    expect(text).toContain(`customer ${CUSTOMER}, shown caller ID ${VIRTUAL}`);
  });
});
