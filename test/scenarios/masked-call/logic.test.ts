import { CALL_MODES, CALL_OUTCOMES, CallMode, CallResult, deadLetterKey, WARNING_CODES, WarningCode } from '../../../contract/call-result';
import {
  guessKey,
  guessNamespace,
  guessRecordTtlS,
  guessVerdict,
  lockKey,
  numberFailureKey,
  numberFailureNamespace,
  overNumberBudget,
} from '../../../contract/lockout';
import { KV_MAX_VALUE_LENGTH } from '../../../contract/storage-limits';
import {
  checkPromptText,
  PROMPT_IDS,
  PROMPTS_DE,
  PROMPTS_EN,
  placeholdersIn,
  PROMPT_PLACEHOLDERS,
  renderPrompt,
} from '../../../contract/prompts';
import { routeCall } from '../../../contract/routing';
import { calleeFailureOf } from '../../../scenarios/common/logic/failure-codes';
import { LegTimes } from '../../../scenarios/common/logic/legs';
import { PinEntry } from '../../../scenarios/common/logic/pin-entry';
import { backoffMs, isDelivered, isRetryable, worstCaseDeliveryS } from '../../../contract/result-delivery';

describe('PIN entry', () => {
  const run = (length: number, operator: boolean, keys: string) => {
    const entry = new PinEntry(length, operator);
    return [...keys].map((k) => entry.press(k));
  };
  it.each([
    ['completes on the last digit', 5, false, '12345', { type: 'complete', digits: '12345' }],
    ['# submits a shorter entry', 5, false, '123#', { type: 'complete', digits: '123' }],
    ['* clears, then a fresh entry completes', 5, false, '12*54321', { type: 'complete', digits: '54321' }],
    ['# on an empty entry asks for the operator when there is one', 5, true, '#', { type: 'operator' }],
    ['# on an empty entry is ignored without an operator', 5, false, '#', { type: 'ignored' }],
    ['other tones are ignored', 5, false, 'A', { type: 'ignored' }],
  ])('%s', (_name, length, operator, keys, last) => {
    expect(run(length, operator, keys).at(-1)).toEqual(last);
  });
  it('counts digits and starts afresh after completing', () => {
    const entry = new PinEntry(4, false);
    expect(entry.press('1')).toEqual({ type: 'digit' });
    expect(entry.entered).toBe(1);
    ['2', '3', '4'].forEach((k) => entry.press(k));
    expect(entry.entered).toBe(0);
    expect(entry.press('*')).toEqual({ type: 'cleared' });
  });
});

describe('routing', () => {
  const order = {
    version: 1 as const,
    orderId: 'A-1',
    parties: [
      { role: 'restaurant' as const, phone: '+4930111111111' },
      { role: 'courier' as const, phone: '+4930111111111' },
      { role: 'customer' as const, phone: '+4917622222222' },
    ],
  };
  it('matches by digits and picks the preferred other role', () => {
    expect(routeCall(order, '4917622222222')).toMatchObject({ kind: 'matched', caller: { role: 'customer' }, callee: { role: 'courier' } });
  });
  it('never routes a caller to a party with their own phone', () => {
    expect(routeCall(order, '+4930111111111')).toMatchObject({
      kind: 'matched',
      caller: { role: 'restaurant' },
      callee: { role: 'customer' },
    });
    const selfOnly = { ...order, parties: order.parties.slice(0, 2) };
    expect(routeCall(selfOnly, '+4930111111111')).toMatchObject({ kind: 'no_callee' });
  });
  it('matches a caller ID in national or prefixed form with the default country code', () => {
    for (const id of ['017622222222', '+004917622222222', '004917622222222', '0004917622222222', '＋４９１７６２２２２２２２２']) {
      expect(routeCall(order, id, '49')).toMatchObject({ kind: 'matched', caller: { role: 'customer' } });
    }
    expect(routeCall(order, '017622222222')).toEqual({ kind: 'caller_not_on_order' });
    expect(routeCall(order, '017622222222', '43')).toEqual({ kind: 'caller_not_on_order' });
  });
  it('rejects callers not on the order and withheld caller IDs', () => {
    expect(routeCall(order, '+4916000000000')).toEqual({ kind: 'caller_not_on_order' });
    expect(routeCall(order, 'anonymous')).toEqual({ kind: 'caller_not_on_order' });
  });
});

describe('lockout keys and counting rule', () => {
  const hash = 'ab'.repeat(32);
  it('evaluates a guess while the records, its own included, stay within maxFailures; the one at the limit is the last', () => {
    expect(guessVerdict(1, 3)).toEqual({ kind: 'evaluate', last: false });
    expect(guessVerdict(3, 3)).toEqual({ kind: 'evaluate', last: true });
    expect(guessVerdict(4, 3)).toEqual({ kind: 'refuse' });
  });
  it("puts a guess record in its caller's namespace, at most 200 characters, with a TTL covering the count's latency", () => {
    const key = guessKey(hash, 1234567890123, 10);
    expect(key.startsWith(`${guessNamespace(hash)}:`)).toBe(true);
    expect(key.length).toBeLessThanOrEqual(200);
    expect(numberFailureKey(hash, 1, 1).startsWith(`${numberFailureNamespace(hash)}:`)).toBe(true);
    expect(guessRecordTtlS(3600)).toBeGreaterThanOrEqual(3600 + 8);
  });
  it('no namespace is a prefix of another (prefix and namespace matching agree)', () => {
    const other = 'ab'.repeat(31) + 'ac';
    const names = [guessNamespace(hash), guessNamespace(other), numberFailureNamespace(hash), lockKey(hash)];
    for (const a of names) for (const b of names) if (a !== b) expect(b.startsWith(a)).toBe(false);
  });
  it('refuses a hash that is not 64 hex digits, a bad session id or attempt, naming the field', () => {
    expect(() => guessNamespace('4915112345678')).toThrow(/callerHash/);
    expect(() => guessKey(hash, 'x1', 1)).toThrow(/sessionId/);
    expect(() => guessKey(hash, 1, 0)).toThrow(/attempt/);
  });
  it('a number budget of 0 is off; above the budget, not at it, is over', () => {
    expect(overNumberBudget(1000, 0)).toBe(false);
    expect(overNumberBudget(50, 50)).toBe(false);
    expect(overNumberBudget(51, 50)).toBe(true);
  });
});

describe('delivery policy', () => {
  it.each([
    [200, true, false],
    [204, true, false],
    [500, false, true],
    [429, false, true],
    [408, false, true],
    [-7, false, true],
    [0, false, true],
    [400, false, false],
    [401, false, false],
    [422, false, false],
  ])('code %p: delivered %p, retry %p', (code, delivered, retry) => {
    expect(isDelivered(code)).toBe(delivered);
    if (!delivered) expect(isRetryable(code)).toBe(retry);
  });
  it('backs off exponentially', () => {
    expect([1, 2, 3].map((a) => backoffMs(a, 1))).toEqual([1000, 2000, 4000]);
  });
  it('bounds a whole delivery: every attempt times out and every retry waits its backoff', () => {
    expect(worstCaseDeliveryS({ attempts: 1, requestTimeoutS: 5, backoffS: 3 })).toBe(5);
    expect(worstCaseDeliveryS({ attempts: 4, requestTimeoutS: 5, backoffS: 1 })).toBe(4 * 5 + (1 + 2 + 4));
    expect(worstCaseDeliveryS({ attempts: 3, requestTimeoutS: 2, backoffS: 2 })).toBe(3 * 2 + (backoffMs(1, 2) + backoffMs(2, 2)) / 1000);
  });
});

describe('callee failures', () => {
  it.each([
    [486, false, 'busy'],
    [487, false, 'no_answer'],
    [408, false, 'no_answer'],
    [603, false, 'rejected'],
    [480, false, 'failed'],
    [404, false, 'failed'],
    [486, true, 'no_answer'],
  ])('code %p (ring timeout %p) is %p', (code, timedOut, kind) => {
    expect(calleeFailureOf(code, timedOut)).toBe(kind);
  });
});

describe('prompts', () => {
  it('every catalogue has every prompt, using only its allowed placeholders', () => {
    for (const catalogue of [PROMPTS_EN, PROMPTS_DE]) {
      expect(Object.keys(catalogue).sort()).toEqual([...PROMPT_IDS].sort());
      for (const id of PROMPT_IDS) {
        expect(() => checkPromptText(id, catalogue[id])).not.toThrow();
        expect(placeholdersIn(catalogue[id]).sort()).toEqual([...PROMPT_PLACEHOLDERS[id]].sort());
      }
    }
  });
  it('renders values and never speaks an unfilled placeholder', () => {
    expect(renderPrompt('Connecting you to {calleeName}.', { calleeName: 'Max' })).toBe('Connecting you to Max.');
    expect(renderPrompt('{callerName} is calling about order {orderId}.', { orderId: 'A-1' })).toBe('is calling about order A-1.');
  });
});

describe('leg timing', () => {
  it('keeps the first answer and end, and reports failures only for unanswered legs', () => {
    const leg = new LegTimes('callee', '+49********432', 1000);
    leg.markAnswered(4000);
    leg.markFailed(9000, 486, 'Busy');
    leg.markEnded(12000);
    expect(leg.toResult(20000)).toMatchObject({ ringS: 3, talkS: 5, failureCode: null, answeredAt: new Date(4000).toISOString() });
  });
});

describe('result size', () => {
  /** Warnings a mode can never raise (its flow has no such step), so a worst case of that mode leaves them out. */
  const IMPOSSIBLE: Record<CallMode, readonly WarningCode[]> = {
    pin: ['route_read_failed', 'route_invalid', 'request_invalid', 'virtual_number_missing'],
    'known-caller': ['route_read_failed', 'route_invalid', 'request_invalid', 'virtual_number_missing'],
    pool: ['known_caller_read_failed', 'known_caller_invalid', 'request_invalid', 'virtual_number_missing'],
    'click-to-call': [
      'lockout_read_failed',
      'lockout_write_failed',
      'lockout_clear_failed',
      'pin_failure_budget_exceeded',
      'known_caller_read_failed',
      'known_caller_invalid',
      'route_read_failed',
      'route_invalid',
    ],
  };
  const leg = {
    kind: 'operator' as const,
    number: '+380************567',
    startedAt: '2026-01-01T00:00:00.000Z',
    answeredAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:00:00.000Z',
    ringS: 12345.678,
    talkS: 12345.678,
    failureCode: 487,
    failureReason: 'Request Terminated (no answer within the ring timeout)',
  };
  const worstOf = (mode: CallMode): CallResult => ({
    version: 1,
    resultId: `${Number.MAX_SAFE_INTEGER}-7fa5e68c-95e1-4293-b4d7-01c7da40f881`,
    sessionId: Number.MAX_SAFE_INTEGER,
    mode,
    ...(mode === 'pool' ? { fallback: 'operator' as const, poolSessionId: 'p'.repeat(40) } : {}),
    ...(mode === 'click-to-call' ? { requestId: 'r'.repeat(36) } : {}),
    virtualNumber: '+380441234567890',
    caller: '+380************567',
    orderId: 'A'.repeat(40),
    pin: { outcome: 'caller_mismatch', attempts: 10 },
    callerRole: 'restaurant',
    calleeRole: 'restaurant',
    outcome: CALL_OUTCOMES.reduce((a, b) => (a.length > b.length ? a : b)),
    operatorReason: 'callee_unreachable',
    endedBy: 'max_duration',
    startedAt: '2026-01-01T00:00:00.000Z',
    endedAt: '2026-01-01T00:00:00.000Z',
    durationS: 12345.678,
    recordingUrl: `https://storage-gw-ru-01.voximplant.com/voxrec/2026/01/01/${'f'.repeat(64)}.mp3?record_id=1234567890`,
    legs: [leg, { ...leg, kind: 'callee' }, { ...leg, kind: 'inbound' }],
    warnings: WARNING_CODES.filter((code) => !IMPOSSIBLE[mode].includes(code)),
  });
  it.each([...CALL_MODES])('a worst-case %s result fits one ApplicationStorage value, so dead letters never exceed the limit', (mode) => {
    const worst = worstOf(mode);
    expect(JSON.stringify(worst).length).toBeLessThan(KV_MAX_VALUE_LENGTH);
    expect(deadLetterKey(worst.sessionId).length).toBeLessThan(200);
  });
});
