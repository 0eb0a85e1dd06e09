/**
 * The demo's privacy checks (src/demo/masking-checks.ts) on hand-made traces: a clean call passes all
 * four, and each kind of leak fails exactly the check that names it.
 */
import { maskingChecks, MaskingCheck } from '../../src/demo/masking-checks';
import type { TraceFields } from '../../src/sandbox/runtime/trace/schema';
import { TraceLog } from '../../src/sandbox/runtime/trace/trace';

const COURIER = '+4915112345678';
const CUSTOMER = '+4917098765432';
const VIRTUAL = '+493025550100';
const SESSION = 7;

/** A trace of one bridged call, courier → customer, with `extra` records added to session 7. */
type Entry = { [K in 'api' | 'log' | 'heard' | 'call.outbound']: [kind: K, fields: TraceFields<K>] }[
  'api' | 'log' | 'heard' | 'call.outbound'];

function traceWith(extra: Entry[]): TraceLog {
  const trace = new TraceLog(() => 0, 0);
  trace.add('heard', SESSION, {
    party: COURIER,
    callId: '7.1',
    item: 'tts',
    text: 'Please enter your order PIN.',
    voice: 'Amazon.en_US_Joanna',
  });
  trace.add('call.outbound', SESSION, { callId: '7.2', number: CUSTOMER, callerid: VIRTUAL, headers: {} });
  trace.add('log', SESSION, { line: 'bridged courier to customer (+49*******5432)', source: 'Logger.write' });
  for (const [kind, fields] of extra) trace.add(kind, SESSION, fields as never);
  return trace;
}

function failed(trace: TraceLog): MaskingCheck['name'][] {
  return maskingChecks({ trace, sessionId: SESSION, virtualNumbers: [VIRTUAL], farEnds: [CUSTOMER], realNumbers: [COURIER, CUSTOMER] })
    .filter((c) => !c.passed)
    .map((c) => c.name);
}

describe('maskingChecks', () => {
  test('a masked call passes every check', () => {
    expect(failed(traceWith([]))).toEqual([]);
  });

  test.each<[string, MaskingCheck['name'][], Parameters<typeof traceWith>[0]]>([
    // A real caller ID is both what the callee is shown and something sent toward it.
    [
      "the callee shown the caller's real number",
      ['callee caller ID', 'far-end signalling'],
      [['call.outbound', { callId: '7.3', number: CUSTOMER, callerid: COURIER, headers: {} }]],
    ],
    [
      'a prompt that speaks a real number',
      ['spoken text'],
      [['heard', { party: CUSTOMER, callId: '7.2', item: 'tts', text: 'Your courier is on 0151 1234 5678.', voice: 'x' }]],
    ],
    ['a log line with a real number unmasked', ['scenario logs'], [['log', { line: `calling ${CUSTOMER}`, source: 'Logger.write' }]]],
    [
      'a log line with a real number spaced out',
      ['scenario logs'],
      [['log', { line: 'calling +49 170 9876-5432', source: 'Logger.write' }]],
    ],
    [
      'a log line with a real number in full-width digits',
      ['scenario logs'],
      [['log', { line: 'calling ＋４９１７０９８７６５４３２', source: 'Logger.write' }]],
    ],
    [
      'a prompt that speaks a number in Arabic-Indic digits',
      ['spoken text'],
      [['heard', { party: CUSTOMER, callId: '7.2', item: 'tts', text: 'Call ٠١٥١ ١٢٣٤ ٥٦٧٨.', voice: 'x' }]],
    ],
    [
      'a SIP header with a real number split by commas',
      ['far-end signalling'],
      [['api', { name: 'Call.hangup', callId: '7.1', headers: { 'X-Peer': '+49,151,1234,5678' } }]],
    ],
    [
      'a SIP header given to hangup that carries a real number',
      ['far-end signalling'],
      [['api', { name: 'Call.hangup', callId: '7.1', headers: { 'X-Peer': COURIER } }]],
    ],
    [
      'an outbound leg whose headers carry the other party',
      ['far-end signalling'],
      [['call.outbound', { callId: '7.3', number: CUSTOMER, callerid: VIRTUAL, headers: { 'X-From': COURIER } }]],
    ],
  ])('%s fails the checks %j', (_label, checks, extra) => {
    expect(failed(traceWith(extra))).toEqual(checks);
  });

  test("the dialed far end's own number in its outbound record is not a leak", () => {
    expect(
      failed(traceWith([['call.outbound', { callId: '7.3', number: CUSTOMER, callerid: VIRTUAL, headers: { 'X-To': CUSTOMER } }]])),
    ).toEqual([]);
  });
});
