import { digitRunsOf } from '../../contract/mask-text';
import { ORDER_ID_MAX_DIGITS } from '../../contract/spoken-text';
import { internationalDigits } from '../../contract/phone';
import type { Trace } from '../sandbox/runtime';

/** One privacy check of one call: what was checked, whether it held, and (when not) where. */
export interface MaskingCheck {
  name: 'callee caller ID' | 'spoken text' | 'scenario logs' | 'far-end signalling';
  passed: boolean;
  detail?: string;
}

/** What one call's checks need to know. Numbers are E.164 with `+`. */
export interface MaskingCheckInput {
  trace: Trace;
  sessionId: number;
  /** Every virtual number of the deployment: the only caller IDs a callee may be shown. */
  virtualNumbers: readonly string[];
  /** Phones the scenario may have dialed in this call (the order's other parties, the operator). */
  farEnds: readonly string[];
  /** Every real number known to the demo (all seeded parties and unknown callers). */
  realNumbers: readonly string[];
}

/**
 * The privacy promise, checked on one call's trace:
 * 1. every phone the scenario dialed was shown a virtual number as caller ID, never a real one;
 * 2. no text spoken to anybody in the session carries a real number, nor any digit run longer than an
 *    order id may hold (contract/spoken-text.ts ORDER_ID_MAX_DIGITS);
 * 3. the session's log lines carry no real number unmasked;
 * 4. nothing sent toward a far end (the outbound legs' trace records: caller ID, display name,
 *    headers; and SIP headers given to answer, ring, reject or hangup) carries a real number other
 *    than the dialed far end's own.
 * A real number counts as present when its international digits, or its last seven digits, appear
 * in the digits of one run of the text (contract/mask-text.ts digitRunsOf: digits of any script,
 * whatever separates them), so `+49 151 2345 6701` and `٤٩١٥١…` count as much as `+4915123456701`.
 */
export function maskingChecks(input: MaskingCheckInput): MaskingCheck[] {
  const needles = input.realNumbers.flatMap(needlesOf);
  const virtual = new Set(input.virtualNumbers.map((n) => internationalDigits(n)));
  const leak = (text: string, allowed: readonly string[] = []) => {
    const allowedNeedles = new Set(allowed.flatMap(needlesOf));
    const runs = digitRunsOf(text);
    return needles.find((needle) => !allowedNeedles.has(needle) && runs.some((digits) => digits.includes(needle)));
  };

  const shownReal = input.farEnds.flatMap((phone) =>
    input.trace.callerIdsShownTo(phone).filter((id) => !virtual.has(internationalDigits(id))),
  );
  const spoken = input.farEnds
    .concat(input.realNumbers)
    .flatMap((phone) => input.trace.heardBy(phone))
    .filter((item) => item.sessionId === input.sessionId && item.kind === 'tts')
    .map((item) => (item.kind === 'tts' ? item.text : ''));
  // Beyond the known numbers, no run longer than an order id may be (contract/spoken-text.ts) is ever spoken.
  const spokenLeak = spoken.find(
    (text) => leak(text) !== undefined || digitRunsOf(text).some((digits) => digits.length > ORDER_ID_MAX_DIGITS),
  );
  const logLeak = input.trace.logLines(input.sessionId).find((line) => leak(line) !== undefined);
  const signallingLeak = outboundRecords(input.trace, input.sessionId).find(
    ({ farEnd, json }) => leak(json, farEnd === undefined ? [] : [farEnd]) !== undefined,
  );

  return [
    {
      name: 'callee caller ID',
      passed: shownReal.length === 0,
      detail: shownReal.length ? `a callee was shown ${shownReal.length} real caller ID(s)` : undefined,
    },
    { name: 'spoken text', passed: spokenLeak === undefined, detail: spokenLeak && 'a prompt spoke digits of a real number' },
    { name: 'scenario logs', passed: logLeak === undefined, detail: logLeak && 'a log line carries a real number unmasked' },
    {
      name: 'far-end signalling',
      passed: signallingLeak === undefined,
      detail: signallingLeak && `an outbound leg carried a real number (${signallingLeak.kind})`,
    },
  ];
}

/**
 * Digit strings that reveal a number: all its international digits and its last seven (a national
 * subscriber number; maskPhone leaves only the last three visible).
 */
function needlesOf(phone: string): string[] {
  const digits = internationalDigits(phone);
  if (!digits) return [];
  return digits.length > 7 ? [digits, digits.slice(-7)] : [digits];
}

/**
 * What this session sent toward far ends (schemas/trace.schema.json): each `call.outbound` record
 * (callPSTN's caller ID, display name, headers), checked with the dialed number itself allowed, and
 * each `api` record that carried SIP headers (answer, ring, reject, hangup with extraHeaders), where
 * no real number is allowed.
 */
function outboundRecords(trace: Trace, sessionId: number): { farEnd: string | undefined; kind: string; json: string }[] {
  return trace.records
    .filter((r) => r.sessionId === sessionId && (r.kind === 'call.outbound' || (r.kind === 'api' && hasHeaders(r.headers))))
    .map((r) =>
      r.kind === 'call.outbound'
        ? { farEnd: String(r.number), kind: r.kind, json: JSON.stringify({ ...r, number: undefined }) }
        : { farEnd: undefined, kind: `${String(r.name)} headers`, json: JSON.stringify(r.headers) },
    );
}

function hasHeaders(headers: unknown): boolean {
  return typeof headers === 'object' && headers !== null && Object.keys(headers).length > 0;
}
