/**
 * Property test of the compiled pool-call bundle in the emulator (issue 12 "Done means"): random pool
 * sessions (two or three parties, one pool number per pair, routes live or expired, per-session
 * settings), callers who are parties or strangers dialing either pool number, random far ends
 * (phones, a SIP desk, a Voximplant user), pool.noRoute and operator variants, storage faults. For
 * every run the harness invariants hold: no real number reaches another party or a log, no caller is
 * bridged to anyone outside their session (or, on the PIN fallback, their order) or the operator,
 * every session terminates with exactly one result. The worlds must reach MAIN_OUTCOMES.
 */
import fc from 'fast-check';
import { CallOutcome } from '../../../contract/call-result';
import { PartyRole } from '../../../contract/order-record';
import { formatPoolRoute, poolRouteKey } from '../../../contract/pool-route';
import { POOL_CALL_ENTRY } from '../../../src/build/paths';
import type { FarEndBehaviour, FaultSpec, InboundCallSpec, PartyAction } from '../../../src/sandbox/runtime';
import {
  COURIER,
  COURIER_2,
  CUSTOMER,
  OPERATOR,
  OPERATOR_SIP,
  OPERATOR_USER,
  order,
  RESTAURANT,
  outcomesOfRandomWorlds,
  RunSpec,
  ScenarioBuilds,
  START_MS,
  STRANGER,
  VIRTUAL_A,
  VIRTUAL_B,
} from '../support/harness';
import { farEnds } from '../support/far-ends';

const builds = new ScenarioBuilds(POOL_CALL_ENTRY, 'pool-call');

const MAIN_OUTCOMES: CallOutcome[] = [
  'connected',
  'no_route',
  'operator',
  'operator_unavailable',
  'callee_busy',
  'callee_no_answer',
  'service_error',
  'caller_hung_up',
];

const CONFIGS: Record<string, unknown>[] = [
  {},
  { operator: { target: OPERATOR } },
  { pool: { noRoute: 'pin' }, operator: { target: { type: 'sip', uri: OPERATOR_SIP } } },
  {
    operator: { target: { type: 'user', username: OPERATOR_USER }, ringTimeoutS: 10 },
    dial: { ringTimeoutS: 10 },
    call: { maxCallS: 60, warningBeforeEndS: 10 },
  },
];
beforeAll(async () => {
  for (const config of CONFIGS) await builds.code(config);
}, 120_000);

const NOW_S = Math.floor(START_MS / 1000);
const ROLES: PartyRole[] = ['courier', 'customer', 'restaurant'];
const PHONES = [COURIER, CUSTOMER, RESTAURANT, COURIER_2];
const PIN = '12345';

/** A session: 2-3 parties (distinct phones), each pair on its own pool number (at most two pairs get one). */
const session = fc
  .record({
    phones: fc.uniqueArray(fc.constantFrom(...PHONES), { minLength: 2, maxLength: 3 }),
    expired: fc.boolean(),
    settings: fc.option(
      fc.record(
        { ringTimeoutS: fc.integer({ min: 5, max: 30 }), callTimeLimitS: fc.integer({ min: 30, max: 120 }), record: fc.boolean() },
        { requiredKeys: [] },
      ),
      { nil: undefined },
    ),
  })
  .map(({ phones, expired, settings }) => {
    const parties = phones.map((phone, i) => ({ role: ROLES[i], phone }));
    const pairs = [[parties[0], parties[1], VIRTUAL_A], ...(parties[2] ? [[parties[0], parties[2], VIRTUAL_B] as const] : [])] as const;
    const routes: Record<string, string> = {};
    for (const [a, b, number] of pairs) {
      for (const [caller, callee] of [
        [a, b],
        [b, a],
      ]) {
        const value = {
          v: 1 as const,
          sessionId: 'ps-1',
          orderId: 'A-1042',
          callerRole: caller.role,
          calleeRole: callee.role,
          callee: callee.phone,
          expiresAt: expired ? NOW_S - 60 : NOW_S + 3600,
          ...(settings ? { settings } : {}),
        };
        routes[poolRouteKey(number, caller.phone) as string] = formatPoolRoute(value);
      }
    }
    return { parties, routes, pairs: pairs.map(([a, b]) => [a.phone, b.phone]) };
  });

const action: fc.Arbitrary<PartyAction> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ waitS: fc.integer({ min: 0, max: 30 }) }) },
  { weight: 2, arbitrary: fc.record({ press: fc.constantFrom(PIN, '#', '1', '*'), gapMs: fc.integer({ min: 50, max: 3000 }) }) },
  {
    weight: 2,
    arbitrary: fc.record({ waitUntilHeard: fc.constantFrom('order number', 'hash key now'), timeoutS: fc.integer({ min: 1, max: 20 }) }),
  },
  { weight: 1, arbitrary: fc.constant({ hangup: true as const }) },
);
const farEnd: fc.Arbitrary<FarEndBehaviour> = fc.oneof(
  { weight: 4, arbitrary: farEnds.answering({ maxActions: 2 }) },
  { weight: 1, arbitrary: farEnds.busy },
  { weight: 1, arbitrary: farEnds.noAnswer },
  { weight: 1, arbitrary: farEnds.unreachable },
);
const faults: fc.Arbitrary<FaultSpec> = fc.record(
  {
    storage: fc.array(
      fc.record({
        op: fc.constant('get' as const),
        kind: fc.constantFrom('reject' as const, 'slow' as const),
        keyPrefix: fc.constantFrom('route:', 'order:'),
        delayMs: fc.integer({ min: 100, max: 12_000 }),
        times: fc.integer({ min: 1, max: 2 }),
      }),
      { maxLength: 1 },
    ),
  },
  { requiredKeys: [] },
);

const world: fc.Arbitrary<RunSpec & { pairs: string[][]; orders: Record<string, unknown> }> = session.chain(({ parties, routes, pairs }) =>
  fc
    .record({
      config: fc.constantFrom(...CONFIGS),
      calls: fc.array(
        fc.record({
          from: fc.oneof(
            { weight: 4, arbitrary: fc.constantFrom(...parties.map((p) => p.phone)) },
            { weight: 1, arbitrary: fc.constant(STRANGER) },
          ),
          to: fc.constantFrom(VIRTUAL_A, VIRTUAL_B),
          atS: fc.integer({ min: 0, max: 30 }),
          actions: fc.array(action, { maxLength: 4 }),
        }),
        { minLength: 1, maxLength: 3 },
      ),
      phones: fc.dictionary(fc.constantFrom(...PHONES, OPERATOR), farEnd),
      sip: fc.dictionary(fc.constant(OPERATOR_SIP), farEnd),
      users: fc.dictionary(fc.constant(OPERATOR_USER), farEnd),
      faults,
    })
    .map((rest) => ({
      ...rest,
      calls: rest.calls as InboundCallSpec[],
      storage: routes,
      // The PIN fallback's order: the same parties.
      orders: { [PIN]: order('A-1042', {}, parties) },
      pairs,
    })),
);

describe('pool-call properties (compiled bundle in the emulator)', () => {
  it('random pool sessions and callers: privacy, session isolation, termination, exactly one result per session', async () => {
    const outcomes = await outcomesOfRandomWorlds(builds, world, 150, ({ pairs, ...spec }) => ({ spec, pairs }), 'pool');
    expect(MAIN_OUTCOMES.filter((o) => !outcomes.has(o))).toEqual([]);
  }, 120_000);
});
