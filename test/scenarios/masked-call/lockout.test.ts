/**
 * The PIN brute-force defence of the COMPILED masked-call bundle in the emulator (README "Privacy and
 * abuse controls"): concurrency does not multiply guesses, one's own PIN resets nothing, every format
 * of one number shares one counter, the prompts are no oracle, and the per-number budget slows and
 * signals. Guesses are counted from the emulator's trace (evaluatedGuesses), never from the scenario.
 * Every run is also checked against the invariants of support/harness.ts.
 */
import { maskPhone } from '../../../contract/phone';
import type { PartyAction } from '../../../src/sandbox/runtime';
import {
  checkInvariants,
  COURIER,
  CUSTOMER,
  CUSTOMER_2,
  evaluatedGuesses,
  onlyResult,
  order,
  RunOutcome,
  runScenario,
  RunSpec,
  ScenarioBuilds,
  STRANGER,
  VIRTUAL_A,
} from '../support/harness';

const builds = new ScenarioBuilds();

const ORDERS = { '12345': order() };
/** Waits for the PIN prompt, then types `pins`, each after the next prompt. */
const guesses = (...pins: string[]): PartyAction[] =>
  pins.flatMap((pin) => [
    { waitUntilHeard: 'order number', timeoutS: 60 },
    { press: pin, gapMs: 200 },
  ]);
/** A far end that answers and hangs up soon. */
const answers = { answer: { afterS: 2, actions: [{ waitS: 5 }, { hangup: true as const }] } };

async function run(spec: RunSpec): Promise<RunOutcome> {
  const outcome = await runScenario(builds, spec);
  expect(checkInvariants(outcome, spec.orders)).toEqual([]);
  return outcome;
}

function resultsOf(outcome: RunOutcome) {
  return outcome.sessions.map((s) => outcome.results.get(s.sessionId)![0].result);
}

/** Evaluated guesses that are not the caller's own order's PIN (`own`), i.e. failed guesses. */
function failedGuesses(outcome: RunOutcome, own: string[] = []): number {
  return evaluatedGuesses(outcome).filter((g) => !own.includes(g.pin)).length;
}

describe('PIN brute-force defence (compiled bundle in the emulator)', () => {
  it('10 simultaneous calls from one caller ID, 3 wrong PINs each: at most maxFailures guesses are evaluated', async () => {
    const calls = Array.from({ length: 10 }, () => ({ from: STRANGER, to: VIRTUAL_A, actions: guesses('11111', '22222', '33333') }));
    const outcome = await run({ orders: ORDERS, calls });
    expect(failedGuesses(outcome)).toBeLessThanOrEqual(5);
    expect(resultsOf(outcome).every((r) => r.outcome === 'locked_out')).toBe(true);
  });

  it('a caller with an active order of their own: wrong PINs, their own PIN, more wrong PINs: still locked at the bound', async () => {
    const outcome = await run({
      orders: ORDERS,
      phones: { [CUSTOMER]: answers },
      calls: [
        { from: COURIER, to: VIRTUAL_A, actions: guesses('11111', '22222', '12345') },
        { from: COURIER, to: VIRTUAL_A, atS: 120, actions: guesses('33333', '44444', '55555') },
        { from: COURIER, to: VIRTUAL_A, atS: 240, actions: guesses('66666', '12345') },
      ],
    });
    const [first, second, third] = resultsOf(outcome);
    expect(first).toMatchObject({ outcome: 'connected', pin: { outcome: 'matched', attempts: 3 } });
    // Two failures before the match still count: the fifth failure, in the second call, locks.
    expect(second).toMatchObject({ outcome: 'locked_out', pin: { attempts: 3 } });
    expect(third).toMatchObject({ outcome: 'locked_out', pin: { attempts: 0 } });
    expect(failedGuesses(outcome, ['12345'])).toBe(5);
  });

  it('every format of one number shares one counter: +49, 0049, +0049, 00049, national, spaced, full-width', async () => {
    const national = STRANGER.slice(3);
    const formats = [
      STRANGER,
      `00${STRANGER.slice(1)}`,
      `+00${STRANGER.slice(1)}`,
      `000${STRANGER.slice(1)}`,
      `0${national}`,
      `+49 ${national.slice(0, 3)} ${national.slice(3)}`,
    ];
    const fullWidth = STRANGER.replace(/[0-9+]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
    const calls = [...formats, fullWidth].map((from, i) => ({ from, to: VIRTUAL_A, atS: i * 60, actions: guesses(`1111${i}`) }));
    const outcome = await run({ orders: ORDERS, calls });
    const outcomes = resultsOf(outcome).map((r) => [r.outcome, r.pin.attempts]);
    expect(outcomes).toEqual([
      ['no_input', 3],
      ['no_input', 3],
      ['no_input', 3],
      ['no_input', 3],
      ['locked_out', 1],
      ['locked_out', 0],
      ['locked_out', 0],
    ]);
    expect(failedGuesses(outcome)).toBe(5);
  });

  it('a caller ID in national form on a German number is matched to its E.164 party', async () => {
    const outcome = await run({
      orders: ORDERS,
      phones: { [CUSTOMER]: answers },
      calls: [{ from: `0${COURIER.slice(3)}`, to: VIRTUAL_A, actions: guesses('12345') }],
    });
    expect(onlyResult(outcome).result).toMatchObject({ outcome: 'connected', callerRole: 'courier', caller: maskPhone(COURIER) });
  });

  describe('no oracle', () => {
    const heardAfter = async (pin: string, config: Record<string, unknown> = {}) => {
      const outcome = await run({ config, orders: ORDERS, calls: [{ from: STRANGER, to: VIRTUAL_A, actions: guesses(pin, pin, pin) }] });
      const { result } = onlyResult(outcome);
      const times = outcome.emulator.trace.records.filter((r) => r.kind === 'api' && /\.say$/.test(String(r.name))).map((r) => r.atMs);
      return { heard: outcome.heard(STRANGER), durationS: result.durationS, times, result };
    };

    it('by default a valid PIN from a non-party and an unknown PIN sound the same, at the same moments', async () => {
      const valid = await heardAfter('12345');
      const unknown = await heardAfter('99999');
      expect(valid.heard).toEqual(unknown.heard);
      expect(valid.times).toEqual(unknown.times);
      expect(valid.durationS).toBe(unknown.durationS);
      expect(valid.heard.join(' ')).not.toMatch(/you used for this order/);
      // The backend still learns which it was.
      expect([valid.result.pin.outcome, unknown.result.pin.outcome]).toEqual(['caller_mismatch', 'not_found']);
    });

    it('with pin.revealCallerMismatch the helpful wording tells them apart', async () => {
      const config = { pin: { revealCallerMismatch: true } };
      const valid = await heardAfter('12345', config);
      const unknown = await heardAfter('99999', config);
      expect(valid.heard[1]).toContain('Please call from the phone number you used for this order.');
      expect(unknown.heard[1]).toContain('We could not find that order. Please enter');
    });
  });

  it('over the per-number budget, new callers get one attempt after a notice and a delay, and every result carries the warning', async () => {
    const config = { lockout: { numberBudget: { maxFailures: 3 } } };
    const attackers = [STRANGER, CUSTOMER_2].map((from, i) => ({ from, to: VIRTUAL_A, atS: i * 40, actions: guesses('11111', '22222') }));
    const outcome = await run({
      config,
      orders: ORDERS,
      phones: { [CUSTOMER]: answers },
      calls: [
        ...attackers,
        { from: `0${STRANGER.slice(3)}`, to: VIRTUAL_A, atS: 120, actions: guesses('33333', '44444') },
        { from: COURIER, to: VIRTUAL_A, atS: 120, actions: guesses('12345') },
      ],
    });
    const [a, b, slow, courier] = resultsOf(outcome);
    // The fourth failure, the second call's last, crosses the budget of 3: that call is flagged too.
    expect([a.warnings, b.warnings]).toEqual([[], ['pin_failure_budget_exceeded']]);
    expect(slow).toMatchObject({ pin: { attempts: 1 }, warnings: ['pin_failure_budget_exceeded'] });
    expect(courier).toMatchObject({ outcome: 'connected', warnings: ['pin_failure_budget_exceeded'] });
    const heard = outcome.heard(COURIER);
    expect(heard[0]).toBe('We are receiving many calls right now. Please stay on the line.');
    expect(heard[1]).toMatch(/^Welcome/);
    const says = outcome.emulator.trace.records.filter(
      (r) => r.kind === 'api' && /\.say$/.test(String(r.name)) && r.sessionId === outcome.sessions[3].sessionId,
    );
    expect(says[1].atMs - says[0].atMs).toBeGreaterThanOrEqual(10_000);
  });

  it('a guess whose record cannot be written is not evaluated (fail closed)', async () => {
    const outcome = await run({
      orders: ORDERS,
      faults: { storage: [{ op: 'put', kind: 'reject', keyPrefix: 'lockout-guess-' }] },
      calls: [{ from: STRANGER, to: VIRTUAL_A, actions: guesses('12345') }],
    });
    expect(onlyResult(outcome).result).toMatchObject({ outcome: 'service_error', warnings: ['lockout_write_failed'] });
    expect(evaluatedGuesses(outcome)).toEqual([]);
  });

  it('a guess whose caller cannot be counted is not evaluated (fail closed)', async () => {
    const outcome = await run({
      orders: ORDERS,
      faults: { storage: [{ op: 'keys', kind: 'reject', keyPrefix: 'lockout-guess-' }] },
      calls: [{ from: STRANGER, to: VIRTUAL_A, actions: guesses('12345') }],
    });
    expect(onlyResult(outcome).result).toMatchObject({ outcome: 'service_error', warnings: ['lockout_read_failed'] });
    expect(evaluatedGuesses(outcome)).toEqual([]);
    expect(outcome.storage.list('lockout-guess-').items).toEqual([]);
  });
});
