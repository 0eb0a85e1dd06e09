/**
 * Call flows of the pool-call scenario (issue 12 §1) on the COMPILED bundle in the emulator: a caller
 * with a route (contract/pool-route.ts) is connected at once; one without (none, expired, unreadable)
 * hears why and goes to the operator, the PIN flow or a goodbye (pool.noRoute). Every row is also
 * checked against the invariants of support/harness.ts (privacy, one result, no cross-order bridge).
 */
import { CallResult } from '../../../contract/call-result';
import { PartyRole } from '../../../contract/order-record';
import { formatPoolRoute, PoolRouteSettings, poolRouteKey } from '../../../contract/pool-route';
import { POOL_CALL_ENTRY } from '../../../src/build/paths';
import {
  checkInvariants,
  COURIER,
  CUSTOMER,
  heardInOrder,
  onlyResult,
  OPERATOR,
  OPERATOR_SIP,
  OPERATOR_USER,
  order,
  RESTAURANT,
  RINGBACK_URL,
  RunOutcome,
  runScenario,
  RunSpec,
  ScenarioBuilds,
  START_MS,
  STRANGER,
  VIRTUAL_A,
  VIRTUAL_B,
} from '../support/harness';

const builds = new ScenarioBuilds(POOL_CALL_ENTRY, 'pool-call');
beforeAll(() => builds.code(), 60_000);

const HOUR_S = 3600;
const NOW_S = Math.floor(START_MS / 1000);

/** The route of `caller` (role `callerRole`) on `dialed` to `callee`; expires an hour after the start unless `expiresAt` says otherwise. */
function route(
  dialed: string,
  caller: string,
  callerRole: PartyRole,
  callee: string,
  calleeRole: PartyRole,
  extra: { expiresAt?: number; settings?: PoolRouteSettings } = {},
): Record<string, string> {
  const value = formatPoolRoute({
    v: 1,
    sessionId: 'ps-1',
    orderId: 'A-1042',
    callerRole,
    calleeRole,
    callee,
    expiresAt: extra.expiresAt ?? NOW_S + HOUR_S,
    ...(extra.settings ? { settings: extra.settings } : {}),
  });
  return { [poolRouteKey(dialed, caller) as string]: value };
}
/** Both routes of the courier-customer pair on VIRTUAL_A. */
const PAIR = {
  ...route(VIRTUAL_A, COURIER, 'courier', CUSTOMER, 'customer'),
  ...route(VIRTUAL_A, CUSTOMER, 'customer', COURIER, 'courier'),
};
const PAIRS = [
  [COURIER, CUSTOMER],
  [COURIER, RESTAURANT],
  [CUSTOMER, RESTAURANT],
];
const answers = (afterS = 3, talkS = 20) => ({ answer: { afterS, actions: [{ waitS: talkS }, { hangup: true as const }] } });
const stay = [{ waitS: 120 }];

interface FlowCase {
  name: string;
  spec: RunSpec;
  check: (r: CallResult, run: RunOutcome) => void;
}

const CASES: FlowCase[] = [
  {
    name: 'courier dials the pool number: connected at once, no PIN; whisper; caller ID is the pool number',
    spec: { storage: PAIR, phones: { [CUSTOMER]: answers(4, 20) }, calls: [{ from: COURIER, to: VIRTUAL_A, actions: stay }] },
    check: (r, run) => {
      expect(r).toMatchObject({
        mode: 'pool',
        poolSessionId: 'ps-1',
        outcome: 'connected',
        orderId: 'A-1042',
        callerRole: 'courier',
        calleeRole: 'customer',
        endedBy: 'callee',
        pin: { outcome: 'not_entered', attempts: 0 },
      });
      expect(r.fallback).toBeUndefined();
      expect(heardInOrder(run.heard(COURIER), ['Connecting you to the customer', `url:${RINGBACK_URL}`, `party:${CUSTOMER}`])).toBe(true);
      expect(run.heard(COURIER).join(' ')).not.toMatch(/order number/);
      expect(run.heard(CUSTOMER)).toEqual(['The courier is calling about order A-1042.', `party:${COURIER}`]);
      expect(run.emulator.trace.callerIdsShownTo(CUSTOMER)).toEqual([VIRTUAL_A]);
    },
  },
  {
    name: 'the other way round on the same number: the customer reaches the courier',
    spec: { storage: PAIR, phones: { [COURIER]: answers() }, calls: [{ from: CUSTOMER, to: VIRTUAL_A, actions: stay }] },
    check: (r, run) => {
      expect(r).toMatchObject({ mode: 'pool', outcome: 'connected', callerRole: 'customer', calleeRole: 'courier' });
      expect(run.emulator.trace.callerIdsShownTo(COURIER)).toEqual([VIRTUAL_A]);
    },
  },
  {
    name: 'a three-party order: the restaurant reaches the courier on its own pool number',
    spec: {
      storage: {
        ...PAIR,
        ...route(VIRTUAL_B, RESTAURANT, 'restaurant', COURIER, 'courier'),
        ...route(VIRTUAL_B, COURIER, 'courier', RESTAURANT, 'restaurant'),
      },
      phones: { [COURIER]: answers() },
      calls: [{ from: RESTAURANT, to: VIRTUAL_B, actions: stay }],
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'connected', callerRole: 'restaurant', calleeRole: 'courier', virtualNumber: VIRTUAL_B });
      expect(run.heard(CUSTOMER)).toEqual([]);
    },
  },
  {
    name: "the route's settings apply: ring timeout, call time limit, recording",
    spec: {
      storage: route(VIRTUAL_A, COURIER, 'courier', CUSTOMER, 'customer', {
        settings: { ringTimeoutS: 10, callTimeLimitS: 60, record: true },
      }),
      phones: { [CUSTOMER]: answers(2, 300) },
      config: { call: { warningBeforeEndS: 10 } },
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: [{ waitS: 300 }] }],
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'connected', endedBy: 'max_duration' });
      // The callee's talk time counts from the answer: the whisper, then 60 s bridged (not the configured 1800).
      expect(r.legs[1].talkS).toBeGreaterThanOrEqual(60);
      expect(r.legs[1].talkS).toBeLessThan(70);
      expect(r.recordingUrl).toMatch(/^https?:\/\//);
      expect(run.heard(CUSTOMER)).toContain('This call will end in 10 seconds.');
    },
  },
  {
    name: "the route's ring timeout: the callee does not answer within 10 s",
    spec: {
      storage: route(VIRTUAL_A, COURIER, 'courier', CUSTOMER, 'customer', { settings: { ringTimeoutS: 10 } }),
      phones: { [CUSTOMER]: answers(20) },
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: stay }],
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'callee_no_answer' });
      expect(r.legs[1].ringS).toBeCloseTo(10, 0);
      expect(run.heard(COURIER)).toContain('The customer is not answering. Please try again later. Goodbye.');
    },
  },
  {
    name: 'an expired route: the caller hears why, then the operator (fallback operator)',
    spec: {
      config: { operator: { target: OPERATOR } },
      storage: route(VIRTUAL_A, COURIER, 'courier', CUSTOMER, 'customer', { expiresAt: NOW_S - 1 }),
      phones: { [OPERATOR]: answers() },
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: stay }],
    },
    check: (r, run) => {
      expect(r).toMatchObject({ mode: 'pool', fallback: 'operator', outcome: 'operator', operatorReason: 'no_route', orderId: null });
      expect(
        heardInOrder(run.heard(COURIER), [
          'This number is not connected to an active order for your phone. Connecting you to an operator.',
          `party:${OPERATOR}`,
        ]),
      ).toBe(true);
      expect(run.heard(OPERATOR)[0]).toBe(
        'Transferred call. The number the caller dialled is not connected to an active order for their phone.',
      );
      expect(run.heard(CUSTOMER)).toEqual([]);
    },
  },
  {
    name: 'no route, pool.noRoute "pin": the caller hears why, then the PIN flow connects them (fallback pin)',
    spec: {
      config: { pool: { noRoute: 'pin' } },
      orders: { '12345': order() },
      phones: { [CUSTOMER]: answers() },
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: [{ waitUntilHeard: 'order number' }, { press: '12345' }, { waitS: 60 }] }],
    },
    check: (r, run) => {
      expect(r).toMatchObject({
        mode: 'pool',
        fallback: 'pin',
        outcome: 'connected',
        pin: { outcome: 'matched', attempts: 1 },
        orderId: 'A-1042',
      });
      expect(
        heardInOrder(run.heard(COURIER), [
          'This number is not connected to an active order for your phone.',
          'Welcome. Please enter',
          `party:${CUSTOMER}`,
        ]),
      ).toBe(true);
    },
  },
  {
    name: 'no route and no operator: the caller hears why and goodbye (outcome no_route)',
    spec: { storage: PAIR, calls: [{ from: STRANGER, to: VIRTUAL_A, actions: stay }] },
    check: (r, run) => {
      expect(r).toMatchObject({ mode: 'pool', outcome: 'no_route', operatorReason: null, endedBy: 'scenario' });
      expect(r.fallback).toBeUndefined();
      expect(run.heard(STRANGER)).toEqual(['This number is not connected to an active order for your phone. Goodbye.']);
      expect(run.heard(CUSTOMER)).toEqual([]);
      expect(run.heard(COURIER)).toEqual([]);
    },
  },
  {
    name: 'a route of another pool number does not connect: routes are per dialed number',
    spec: { storage: PAIR, calls: [{ from: COURIER, to: VIRTUAL_B, actions: stay }] },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'no_route' });
      expect(run.heard(CUSTOMER)).toEqual([]);
    },
  },
  {
    name: 'an unreadable route counts as none, with the warning route_invalid',
    spec: {
      storage: { [poolRouteKey(VIRTUAL_A, COURIER) as string]: '{"v":1,"callee":"not a number"}' },
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: stay }],
    },
    check: (r) => expect(r).toMatchObject({ outcome: 'no_route', warnings: ['route_invalid'] }),
  },
  {
    name: 'the route cannot be read: an apology and a goodbye (service_error, route_read_failed)',
    spec: {
      storage: PAIR,
      faults: { storage: [{ op: 'get', kind: 'reject', keyPrefix: 'route:', times: 2 }] },
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: stay }],
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'service_error', warnings: ['route_read_failed'], pin: { outcome: 'not_entered' } });
      expect(run.heard(COURIER)).toEqual(['Sorry, we cannot look up orders right now. Please try again later. Goodbye.']);
    },
  },
  {
    name: 'no route, the operator answers on SIP: bridged to the desk, shown the pool number',
    spec: {
      config: { operator: { target: { type: 'sip', uri: OPERATOR_SIP } } },
      sip: { [OPERATOR_SIP]: answers() },
      calls: [{ from: STRANGER, to: VIRTUAL_A, actions: stay }],
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'operator', operatorReason: 'no_route', fallback: 'operator' });
      expect(r.legs.map((l) => [l.kind, l.number])).toEqual([
        ['inbound', expect.any(String)],
        ['operator', '<sip>'],
      ]);
      expect(run.heard(STRANGER)).toContain(`party:${OPERATOR_SIP}`);
      expect(run.emulator.trace.callerIdsShownTo(OPERATOR_SIP)).toEqual([VIRTUAL_A]);
    },
  },
  {
    name: 'the callee is busy, the caller presses # and a Voximplant user operator answers',
    spec: {
      config: { operator: { target: { type: 'user', username: OPERATOR_USER } } },
      storage: PAIR,
      phones: { [CUSTOMER]: { busy: { afterS: 2 } } },
      users: { [OPERATOR_USER]: answers() },
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: [{ waitUntilHeard: 'hash key now' }, { press: '#' }, { waitS: 60 }] }],
    },
    check: (r, run) => {
      expect(r).toMatchObject({ mode: 'pool', outcome: 'operator', operatorReason: 'callee_unreachable' });
      expect(r.legs.map((l) => l.kind)).toEqual(['inbound', 'callee', 'operator']);
      expect(r.legs[2].number).toBe('<user>');
      expect(run.heard(COURIER)).toContain(`party:${OPERATOR_USER}`);
    },
  },
];

describe('pool-call flows (compiled bundle in the emulator)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const run = await runScenario(builds, c.spec);
    expect(checkInvariants(run, c.spec.orders ?? {}, { pairs: PAIRS })).toEqual([]);
    c.check(onlyResult(run).result, run);
  });
});
