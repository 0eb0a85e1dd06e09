/**
 * Property test of the compiled masked-call bundle in the emulator: random worlds (orders, callers,
 * PIN typing with timings, far-end behaviours, hang-up moments, storage and webhook faults, config
 * variants), 1,000 sessions' worth of runs per CI run. For every run:
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
 */
import fc from 'fast-check';
import { CALL_OUTCOMES, CallOutcome } from '../../contract/call-result';
import type { FarEndBehaviour, FaultSpec, InboundCallSpec, PartyAction } from '../../src/sandbox/runtime';
import {
  checkInvariants,
  COURIER,
  COURIER_2,
  CUSTOMER,
  CUSTOMER_2,
  OPERATOR,
  RESTAURANT,
  runScenario,
  RunSpec,
  ScenarioBuilds,
  STRANGER,
  VIRTUAL_A,
  VIRTUAL_B,
} from './support/harness';

const builds = new ScenarioBuilds();

/**
 * The outcomes the random worlds must reach. `locked_out` needs one caller to fail several lookups
 * across calls of one world, which is rare here; flows.test.ts covers it.
 */
const MAIN_OUTCOMES = CALL_OUTCOMES.filter((o) => o !== 'locked_out');

/** A handful of configuration variants (each is linked once and cached). */
const CONFIGS: Record<string, unknown>[] = [
  {},
  { operator: { number: OPERATOR } },
  { operator: { number: OPERATOR }, recording: { enabled: true }, language: { byVirtualNumber: { [VIRTUAL_B]: 'de' } } },
  { language: { default: 'de' }, pin: { attempts: 1 }, lockout: { maxFailures: 2 } },
  { operator: { number: OPERATOR, ringTimeoutS: 10 }, dial: { ringTimeoutS: 10 }, call: { maxCallS: 60, warningBeforeEndS: 10 }, pin: { length: 4 } },
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
    settings: fc.option(fc.record({ record: fc.boolean(), maxCallS: fc.integer({ min: 30, max: 300 }) }, { requiredKeys: [] }), { nil: undefined }),
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
  { weight: 4, arbitrary: fc.record({ press: fc.oneof(fc.constantFrom(...PINS, '12345#', '*12345', '#'), keys), gapMs: fc.integer({ min: 50, max: 7000 }) }) },
  { weight: 2, arbitrary: fc.record({ waitUntilHeard: fc.constantFrom('order number', 'Bestellnummer', 'could not find', 'hash key now'), timeoutS: fc.integer({ min: 1, max: 20 }) }) },
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
    .tuple(fc.oneof({ weight: 3, arbitrary: own }, { weight: 2, arbitrary: random }), fc.constantFrom(VIRTUAL_A, VIRTUAL_B), fc.integer({ min: 0, max: 40 }))
    .map(([c, to, atS]): InboundCallSpec => ({ ...c, to, atS }));
  return fc.array(call, { minLength: 1, maxLength: 3 });
}
const farEnd: fc.Arbitrary<FarEndBehaviour> = fc.oneof(
  {
    weight: 5,
    arbitrary: fc.record({
      answer: fc.record({
        afterS: fc.integer({ min: 0, max: 40 }),
        actions: fc.array(fc.oneof(fc.record({ waitS: fc.integer({ min: 0, max: 90 }) }), fc.constant({ hangup: true as const }), fc.record({ press: keys })), { maxLength: 3 }),
      }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ busy: fc.record({ afterS: fc.integer({ min: 0, max: 10 }) }) }) },
  { weight: 1, arbitrary: fc.constant({ noAnswer: {} }) },
  { weight: 1, arbitrary: fc.constant({ unreachable: {} }) },
  { weight: 1, arbitrary: fc.record({ reject: fc.record({ afterS: fc.integer({ min: 0, max: 10 }) }) }) },
  { weight: 1, arbitrary: fc.constant({ invalidNumber: {} }) },
);
const faults: fc.Arbitrary<FaultSpec> = fc.record(
  {
    storage: fc.uniqueArray(
      fc.oneof(
        fc.record({ op: fc.constant('get' as const), kind: fc.constantFrom('reject' as const, 'slow' as const), delayMs: fc.integer({ min: 100, max: 12_000 }), times: fc.integer({ min: 1, max: 3 }) }),
        fc.record({ op: fc.constant('put' as const), kind: fc.constant('reject' as const), keyPrefix: fc.constantFrom('lockout-guess-', 'lockout-number-', 'lockout-lock-'), times: fc.integer({ min: 1, max: 3 }) }),
        fc.record({ op: fc.constant('put' as const), kind: fc.constant('reject' as const), keyPrefix: fc.constant('deadletter:'), times: fc.constant(1) }),
      ),
      { maxLength: 2, selector: (f) => `${f.op}:${'keyPrefix' in f ? f.keyPrefix : ''}` },
    ),
    http: fc.array(fc.record({ kind: fc.constantFrom('timeout' as const, 'status500' as const, 'connectionRefused' as const), times: fc.option(fc.integer({ min: 1, max: 6 }), { nil: undefined }) }), { maxLength: 1 }),
  },
  { requiredKeys: [] },
);

const world: fc.Arbitrary<RunSpec> = fc
  .uniqueArray(fc.tuple(fc.constantFrom(...PINS), orderRecord), { minLength: 1, maxLength: 2, selector: ([pin]) => pin })
  .chain((orders) =>
    fc.record({
      config: fc.constantFrom(...CONFIGS),
      orders: fc.constant(orders),
      calls: inboundCalls(orders),
      phones: fc.dictionary(fc.constantFrom(...PARTY_NUMBERS, OPERATOR), farEnd),
      faults,
      webhookStatus: fc.constantFrom(200, 200, 200, 201, 500, 400),
    }),
  )
  .map(({ orders, webhookStatus, ...rest }) => ({
    ...rest,
    orders: Object.fromEntries(orders),
    webhook: (_req, n) => ({ status: n === 0 ? webhookStatus : 200 }),
  }));

describe('masked-call properties (compiled bundle in the emulator)', () => {
  it('1,000 random calls: privacy, order isolation, termination, exactly one result per session', async () => {
    const outcomes = new Map<CallOutcome, number>();
    await fc.assert(
      fc.asyncProperty(world, async (spec) => {
        const run = await runScenario(builds, spec);
        const problems = checkInvariants(run, spec.orders);
        if (problems.length) throw new Error(problems.join('\n'));
        for (const { result } of [...run.results.values()].flat()) outcomes.set(result.outcome, (outcomes.get(result.outcome) ?? 0) + 1);
      }),
      { numRuns: 1000, seed: Number(process.env.VOXMASK_PROPERTY_SEED ?? 20260101), endOnFailure: true },
    );
    // Every main outcome ended some session, so the invariants held on every path, not only the easy ones.
    expect(MAIN_OUTCOMES.filter((o) => !outcomes.has(o))).toEqual([]);
  }, 240_000);
});
