/**
 * Property test of the compiled masked-call bundle in the emulator: random worlds (orders, callers,
 * PIN typing with timings, far-end behaviours, hang-up moments, storage and webhook faults, config
 * variants), 150 runs per `npm test` (VOXMASK_PROPERTY_SCALE=10: `npm run test:properties`). For every run:
 * - no real number reaches another party (TTS, caller ID) or a log line / webhook request unmasked;
 * - no caller outside an order is ever bridged to that order's parties;
 * - every session terminates normally;
 * - exactly one result per session is delivered (signature valid) or dead-lettered.
 *
 * Fault bounds: storage `put` faults hit lockout writes freely but dead-letter writes at most once,
 * which the scenario's second dead-letter attempt absorbs; with every storage write failing and the
 * webhook down, no result can be kept anywhere except the session log, which breaks "exactly one
 * result" by design (flows.test.ts, "both dead-letter writes fail").
 *
 * The worlds must reach the main outcomes, or the invariants hold only for the easy paths: the test
 * counts each session's result outcome and requires every outcome of MAIN_OUTCOMES to appear.
 *
 * The lockout bound (README "Privacy and abuse controls") has its own property: bursts of 2-12
 * simultaneous calls from one caller ID, each in its own format (`+49…`, `0049…`, `+0049…`, `00049…`,
 * national `0…`, spaced, full-width, …), plus calls from other caller IDs, one of whom owns an order;
 * counted from the trace, no canonical caller ID ever gets more than lockout.maxFailures failed guesses
 * evaluated within any lockout.windowS seconds.
 */
import fc from 'fast-check';
import { CALL_OUTCOMES, CallOutcome } from '../../../contract/call-result';
import { formatKnownCaller, knownCallerKey } from '../../../contract/known-caller';
import { PartyRole } from '../../../contract/order-record';
import { maskPhone } from '../../../contract/phone';
import type { FarEndBehaviour, FaultSpec, InboundCallSpec, PartyAction } from '../../../src/sandbox/runtime';
import {
  checkInvariants,
  evaluatedGuesses,
  mostWithinWindow,
  order,
  outcomesOfRandomWorlds,
  propertySettings,
  COURIER,
  COURIER_2,
  CUSTOMER,
  CUSTOMER_2,
  OPERATOR,
  OPERATOR_SIP,
  RESTAURANT,
  runScenario,
  RunSpec,
  ScenarioBuilds,
  STRANGER,
  VIRTUAL_A,
  VIRTUAL_B,
} from '../support/harness';
import { farEnds } from '../support/far-ends';

const builds = new ScenarioBuilds();

/**
 * The outcomes the random worlds must reach. `locked_out` needs one caller to fail several lookups
 * across calls of one world, which is rare here; flows.test.ts covers it. The pool and click-to-call
 * outcomes belong to the other bundles (test/scenarios/pool-call, test/scenarios/click-to-call).
 */
const OTHER_MODES: readonly CallOutcome[] = [
  'no_route',
  'caller_busy',
  'caller_no_answer',
  'caller_rejected',
  'caller_failed',
  'cancelled',
];
const MAIN_OUTCOMES = CALL_OUTCOMES.filter((o) => o !== 'locked_out' && !OTHER_MODES.includes(o));

/** A handful of configuration variants (each is linked once and cached). */
const CONFIGS: Record<string, unknown>[] = [
  {},
  { operator: { number: OPERATOR } },
  { operator: { number: OPERATOR }, recording: { enabled: true }, language: { byVirtualNumber: { [VIRTUAL_B]: 'de' } } },
  { language: { default: 'de' }, pin: { attempts: 1 }, lockout: { maxFailures: 2 } },
  {
    operator: { number: OPERATOR, ringTimeoutS: 10 },
    dial: { ringTimeoutS: 10 },
    call: { maxCallS: 60, warningBeforeEndS: 10 },
    pin: { length: 4 },
  },
  // Known callers skip the PIN (the world's index has an entry for every party of every order); the operator is a SIP desk.
  { pin: { skipForKnownCaller: true }, operator: { target: { type: 'sip', uri: OPERATOR_SIP } } },
];
beforeAll(async () => {
  for (const config of CONFIGS) await builds.code(config);
}, 120_000);

const PARTY_NUMBERS = [COURIER, CUSTOMER, RESTAURANT, COURIER_2, CUSTOMER_2];
const PINS = ['12345', '67890', '1234'];

const partyRecord = fc.record({
  role: fc.constantFrom('courier', 'customer', 'restaurant'),
  phone: fc.constantFrom(...PARTY_NUMBERS),
  label: fc.option(fc.constantFrom('Max', 'Pizza Roma', 'Anna K.'), { nil: undefined }),
});
const orderRecord = fc
  .record({
    orderId: fc.constantFrom('A-1', 'B-22', 'C-333'),
    parties: fc.uniqueArray(partyRecord, { minLength: 2, maxLength: 3, selector: (p) => p.role }),
    settings: fc.option(fc.record({ record: fc.boolean(), maxCallS: fc.integer({ min: 30, max: 300 }) }, { requiredKeys: [] }), {
      nil: undefined,
    }),
  })
  .map(({ orderId, parties, settings }) => ({
    version: 1,
    orderId,
    parties: parties.map((p) => (p.label === undefined ? { role: p.role, phone: p.phone } : p)),
    ...(settings ? { settings } : {}),
  }));

const keys = fc.stringMatching(/^[0-9*#]{1,7}$/);
const action: fc.Arbitrary<PartyAction> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ waitS: fc.integer({ min: 0, max: 15 }) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      press: fc.oneof(fc.constantFrom(...PINS, '12345#', '*12345', '#'), keys),
      gapMs: fc.integer({ min: 50, max: 7000 }),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      waitUntilHeard: fc.constantFrom('order number', 'Bestellnummer', 'could not find', 'hash key now'),
      timeoutS: fc.integer({ min: 1, max: 20 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ hangup: true as const }) },
);
const caller = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...PARTY_NUMBERS) },
  { weight: 2, arbitrary: fc.constant(STRANGER) },
  { weight: 1, arbitrary: fc.constantFrom(COURIER.slice(1), 'anonymous') },
);
/**
 * Inbound calls for a world with these orders: mostly a party of an order typing that order's PIN
 * after the greeting (maybe slowly, then anything), otherwise any caller pressing random keys.
 */
function inboundCalls(orders: [string, { parties: { phone: string }[] }][]): fc.Arbitrary<InboundCallSpec[]> {
  const own = fc.constantFrom(...orders).chain(([pin, record]) =>
    fc.record({
      from: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...record.parties.map((p) => p.phone)) }, { weight: 1, arbitrary: caller }),
      actions: fc
        .tuple(fc.constantFrom('order number', 'Bestellnummer'), fc.integer({ min: 100, max: 6000 }), fc.array(action, { maxLength: 4 }))
        .map(([prompt, gapMs, tail]): PartyAction[] => [{ waitUntilHeard: prompt, timeoutS: 15 }, { press: pin, gapMs }, ...tail]),
    }),
  );
  const random = fc.record({ from: caller, actions: fc.array(action, { maxLength: 8 }) });
  const call = fc
    .tuple(
      fc.oneof({ weight: 3, arbitrary: own }, { weight: 2, arbitrary: random }),
      fc.constantFrom(VIRTUAL_A, VIRTUAL_B),
      fc.integer({ min: 0, max: 40 }),
    )
    .map(([c, to, atS]): InboundCallSpec => ({ ...c, to, atS }));
  return fc.array(call, { minLength: 1, maxLength: 3 });
}
const farEnd: fc.Arbitrary<FarEndBehaviour> = fc.oneof(
  { weight: 5, arbitrary: farEnds.answering({ maxActions: 3, presses: keys }) },
  { weight: 1, arbitrary: farEnds.busy },
  { weight: 1, arbitrary: farEnds.noAnswer },
  { weight: 1, arbitrary: farEnds.unreachable },
  { weight: 1, arbitrary: farEnds.reject },
  { weight: 1, arbitrary: farEnds.invalidNumber },
);
const faults: fc.Arbitrary<FaultSpec> = fc.record(
  {
    storage: fc.uniqueArray(
      fc.oneof(
        fc.record({
          op: fc.constant('get' as const),
          kind: fc.constantFrom('reject' as const, 'slow' as const),
          delayMs: fc.integer({ min: 100, max: 12_000 }),
          times: fc.integer({ min: 1, max: 3 }),
        }),
        fc.record({
          op: fc.constant('put' as const),
          kind: fc.constant('reject' as const),
          keyPrefix: fc.constantFrom('lockout-guess-', 'lockout-number-', 'lockout-lock-'),
          times: fc.integer({ min: 1, max: 3 }),
        }),
        fc.record({
          op: fc.constant('put' as const),
          kind: fc.constant('reject' as const),
          keyPrefix: fc.constant('deadletter:'),
          times: fc.constant(1),
        }),
      ),
      { maxLength: 2, selector: (f) => `${f.op}:${'keyPrefix' in f ? f.keyPrefix : ''}` },
    ),
    http: fc.array(
      fc.record({
        kind: fc.constantFrom('timeout' as const, 'status500' as const, 'connectionRefused' as const),
        times: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }),
      }),
      { maxLength: 1 },
    ),
  },
  { requiredKeys: [] },
);

/** The known-caller index of `orders` (PIN, record): one entry per party, as the seeder writes it. */
function knownCallerIndex(orders: [string, { orderId: string; parties: { role: string; phone: string }[] }][]): Record<string, string> {
  const entries = orders.flatMap(([pin, record]) =>
    record.parties.map((p) => [
      knownCallerKey(p.phone, record.orderId) as string,
      formatKnownCaller({ v: 1, orderId: record.orderId, role: p.role as PartyRole, pin }),
    ]),
  );
  return Object.fromEntries(entries);
}

const world: fc.Arbitrary<RunSpec> = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...PINS), orderRecord), { minLength: 1, maxLength: 2, selector: ([pin]) => pin })
  .chain((orders) =>
    fc.record({
      config: fc.constantFrom(...CONFIGS),
      orders: fc.constant(orders),
      calls: inboundCalls(orders),
      phones: fc.dictionary(fc.constantFrom(...PARTY_NUMBERS, OPERATOR), farEnd),
      sip: fc.dictionary(fc.constant(OPERATOR_SIP), farEnd),
      faults,
      webhookStatus: fc.constantFrom(200, 200, 200, 201, 500, 400),
    }),
  )
  .map(({ orders, webhookStatus, ...rest }) => ({
    ...rest,
    orders: Object.fromEntries(orders),
    storage: knownCallerIndex(orders),
    webhook: (_req, n) => ({ status: n === 0 ? webhookStatus : 200 }),
  }));

describe('masked-call properties (compiled bundle in the emulator)', () => {
  it('random calls: privacy, order isolation, termination, exactly one result per session', async () => {
    const outcomes = await outcomesOfRandomWorlds(builds, world, 150, (spec) => ({ spec }));
    // Every main outcome ended some session, so the invariants held on every path, not only the easy ones.
    expect(MAIN_OUTCOMES.filter((o) => !outcomes.has(o))).toEqual([]);
  }, 240_000);
});

/** Lockout variants: short windows so that calls of one run span several of them. */
const ATTACK_CONFIGS = [
  { lockout: { maxFailures: 5, windowS: 60, lockS: 60 } },
  { lockout: { maxFailures: 2, windowS: 60, lockS: 120 }, pin: { attempts: 2 } },
  { lockout: { maxFailures: 3, windowS: 90, lockS: 60, numberBudget: { maxFailures: 4, delayS: 2 } }, operator: { number: OPERATOR } },
] as const;
/** COURIER is a party of the one order (PIN OWN_PIN); the others are strangers to it. */
const OWN_PIN = '12345';
const ATTACKERS = [STRANGER, COURIER, CUSTOMER_2];

/** `number` (E.164, +49) written in a format a caller ID may arrive in; all denote the same number on a +49 line. */
const CALLER_ID_FORMATS: Record<string, (number: string) => string> = {
  e164: (n) => n,
  digits: (n) => n.slice(1),
  intl00: (n) => `00${n.slice(1)}`,
  plus00: (n) => `+00${n.slice(1)}`,
  intl000: (n) => `000${n.slice(1)}`,
  national: (n) => `0${n.slice(3)}`,
  plusNational: (n) => `+0${n.slice(3)}`,
  trunkInParens: (n) => `${n.slice(0, 3)} (0)${n.slice(3)}`,
  spaced: (n) => `${n.slice(0, 3)} ${n.slice(3, 6)}-${n.slice(6)}`,
  fullWidth: (n) => n.replace(/[0-9+]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)),
};
const callerIdFormat = fc.constantFrom(...Object.keys(CALLER_ID_FORMATS));

const guess = fc.oneof({ weight: 5, arbitrary: fc.stringMatching(/^[0-9]{5}$/) }, { weight: 1, arbitrary: fc.constant(OWN_PIN) });
const guessing = (pins: string[], gapMs: number): PartyAction[] =>
  pins.flatMap((press) => [
    { waitUntilHeard: 'order number', timeoutS: 30 },
    { press, gapMs },
  ]);
const attackCall = fc
  .record({
    who: fc.constantFrom(...ATTACKERS),
    format: callerIdFormat,
    atS: fc.integer({ min: 0, max: 150 }),
    pins: fc.array(guess, { minLength: 1, maxLength: 3 }),
    gapMs: fc.integer({ min: 50, max: 2000 }),
    to: fc.constantFrom(VIRTUAL_A, VIRTUAL_B),
  })
  .map(({ who, format, atS, pins, gapMs, to }) => ({
    who,
    call: { from: CALLER_ID_FORMATS[format](who), to, atS, actions: guessing(pins, gapMs) } as InboundCallSpec,
  }));
const attack = fc
  .record({
    config: fc.constantFrom(...ATTACK_CONFIGS),
    who: fc.constantFrom(...ATTACKERS),
    burstAtS: fc.integer({ min: 0, max: 100 }),
    burst: fc.array(
      fc.record({
        format: callerIdFormat,
        pins: fc.array(guess, { minLength: 1, maxLength: 3 }),
        gapMs: fc.integer({ min: 50, max: 2000 }),
      }),
      { minLength: 2, maxLength: 12 },
    ),
    others: fc.array(attackCall, { maxLength: 6 }),
  })
  .map(({ config, who, burstAtS, burst, others }) => {
    const burstCalls = burst.map((b) => ({
      who,
      call: { from: CALLER_ID_FORMATS[b.format](who), to: VIRTUAL_A, atS: burstAtS, actions: guessing(b.pins, b.gapMs) } as InboundCallSpec,
    }));
    const all = [...burstCalls, ...others];
    // `callers`: the E.164 number behind each call's caller ID, kept apart from the scenario's own canonicalisation.
    return { config, calls: all.map((c) => c.call), callers: all.map((c) => c.who) };
  });

describe('lockout bound under concurrency (compiled bundle in the emulator)', () => {
  it('simultaneous calls from one caller ID in any format never get more than maxFailures failed guesses per window', async () => {
    let mostPerWindow = 0;
    await fc.assert(
      fc.asyncProperty(attack, async ({ config, calls, callers }) => {
        const orders = { [OWN_PIN]: order() };
        const run = await runScenario(builds, {
          config,
          orders,
          calls,
          phones: { [CUSTOMER]: { answer: { afterS: 1, actions: [{ hangup: true }] } } },
        });
        const problems = checkInvariants(run, orders);
        if (problems.length) throw new Error(problems.join('\n'));
        // Sessions come back in the order of `calls`.
        const callerOf = new Map(run.sessions.map((s, i) => [s.sessionId, callers[i]]));
        const failedAt = new Map<string, number[]>();
        for (const g of evaluatedGuesses(run)) {
          const caller = callerOf.get(g.sessionId);
          if (!caller) throw new Error(`session ${g.sessionId} is not one of the calls`);
          if (g.pin === OWN_PIN && caller === COURIER) continue;
          failedAt.set(caller, [...(failedAt.get(caller) ?? []), g.atMs]);
        }
        for (const [caller, times] of failedAt) {
          const most = mostWithinWindow(times, config.lockout.windowS);
          mostPerWindow = Math.max(mostPerWindow, most);
          if (most > config.lockout.maxFailures)
            throw new Error(
              `caller ${maskPhone(caller)} got ${most} failed guesses within ${config.lockout.windowS} s (maxFailures ${config.lockout.maxFailures})`,
            );
        }
      }),
      propertySettings(30),
    );
    // The worlds reach the bound, so the assertion above is not vacuous.
    expect(mostPerWindow).toBe(5);
  }, 120_000);
});
