/**
 * Property test of the compiled click-to-call bundle in the emulator (issue 12 "Done means"): random
 * orders and requests (valid, naming a role the order lacks, or malformed), random far ends for both
 * parties and the operator (phone, SIP, user), cancellations at random moments, storage faults. For
 * every run the harness invariants hold: no real number reaches the other party or a log, nobody is
 * bridged outside their order (or to the operator), every session terminates with exactly one result.
 * The worlds must reach MAIN_OUTCOMES.
 */
import fc from 'fast-check';
import { formatClickToCallData } from '../../../contract/click-to-call';
import { CallOutcome } from '../../../contract/call-result';
import { formatOrderIndex, orderIndexKey } from '../../../contract/order-index';
import { formatCancelRequest } from '../../../contract/session-control';
import { CLICK_TO_CALL_ENTRY } from '../../../src/build/paths';
import type { FarEndBehaviour, FaultSpec } from '../../../src/sandbox/runtime';
import {
  COURIER,
  COURIER_2,
  CUSTOMER,
  CUSTOMER_2,
  OPERATOR,
  OPERATOR_SIP,
  OPERATOR_USER,
  order,
  RESTAURANT,
  outcomesOfRandomWorlds,
  RunSpec,
  ScenarioBuilds,
  VIRTUAL_C,
} from '../support/harness';
import { farEnds } from '../support/far-ends';

const builds = new ScenarioBuilds(CLICK_TO_CALL_ENTRY, 'click-to-call');

const MAIN_OUTCOMES: CallOutcome[] = [
  'connected',
  'caller_busy',
  'caller_no_answer',
  'caller_failed',
  'callee_busy',
  'callee_no_answer',
  'cancelled',
  'order_not_found',
  'service_error',
  'operator',
];

const CONFIGS: Record<string, unknown>[] = [
  { clickToCall: { virtualNumber: VIRTUAL_C } },
  { clickToCall: { virtualNumber: VIRTUAL_C }, operator: { target: OPERATOR } },
  {
    clickToCall: { virtualNumber: VIRTUAL_C },
    operator: { target: { type: 'sip', uri: OPERATOR_SIP } },
    call: { maxCallS: 60, warningBeforeEndS: 10 },
  },
  {
    clickToCall: { virtualNumber: VIRTUAL_C },
    operator: { target: { type: 'user', username: OPERATOR_USER } },
    dial: { ringTimeoutS: 10 },
  },
];
beforeAll(async () => {
  for (const config of CONFIGS) await builds.code(config);
}, 120_000);

const ROLES = ['courier', 'customer', 'restaurant'] as const;
const ORDERS = {
  '12345': order('A-1042'),
  '67890': order('B-77', {}, [
    { role: 'courier', phone: COURIER_2 },
    { role: 'customer', phone: CUSTOMER_2 },
    { role: 'restaurant', phone: RESTAURANT },
  ]),
};
const INDEX = {
  [orderIndexKey('A-1042')]: formatOrderIndex({ pin: '12345', deadline: 0 }),
  [orderIndexKey('B-77')]: formatOrderIndex({ pin: '67890', deadline: 0 }),
};
const PHONES = [COURIER, CUSTOMER, COURIER_2, CUSTOMER_2, RESTAURANT, OPERATOR];

const request = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .record({ orderId: fc.constantFrom('A-1042', 'B-77', 'GONE-1'), from: fc.constantFrom(...ROLES), to: fc.constantFrom(...ROLES) })
      .filter(({ from, to }) => from !== to)
      .map(({ orderId, from, to }) => formatClickToCallData({ orderId, from, to, requestId: `r-${orderId}` })),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      '',
      'not json',
      '{"v":1,"mode":"click-to-call","orderId":"A-1042","from":"courier","to":"courier","requestId":"r"}',
    ),
  },
);
const farEnd: fc.Arbitrary<FarEndBehaviour> = fc.oneof(
  { weight: 5, arbitrary: farEnds.answering({ maxActions: 3, presses: fc.constantFrom('#', '1') }) },
  // Party A asking for the operator once B has failed: '#' some seconds after answering.
  {
    weight: 3,
    arbitrary: fc
      .integer({ min: 10, max: 45 })
      .map((waitS) => ({ answer: { afterS: 1, actions: [{ waitS }, { press: '#' }, { waitS: 60 }] } })),
  },
  { weight: 1, arbitrary: farEnds.busy },
  { weight: 1, arbitrary: farEnds.noAnswer },
  { weight: 1, arbitrary: farEnds.unreachable },
  { weight: 1, arbitrary: farEnds.reject },
);
const faults: fc.Arbitrary<FaultSpec> = fc.record(
  {
    storage: fc.array(
      fc.record({
        op: fc.constant('get' as const),
        kind: fc.constantFrom('reject' as const, 'slow' as const),
        keyPrefix: fc.constantFrom('orderpin:', 'order:'),
        delayMs: fc.integer({ min: 100, max: 12_000 }),
        times: fc.constant(1),
      }),
      { maxLength: 1 },
    ),
  },
  { requiredKeys: [] },
);

const world: fc.Arbitrary<RunSpec> = fc
  .record({
    config: fc.constantFrom(...CONFIGS),
    starts: fc.array(
      request.map((customData) => ({ customData })),
      { minLength: 1, maxLength: 2 },
    ),
    cancels: fc.array(fc.record({ atS: fc.integer({ min: 0, max: 90 }), start: fc.integer({ min: 0, max: 1 }) }), { maxLength: 1 }),
    // Every phone gets a behaviour, so A and B meet each of them often.
    phones: fc.tuple(...PHONES.map(() => farEnd)).map((behaviours) => Object.fromEntries(PHONES.map((phone, i) => [phone, behaviours[i]]))),
    sip: fc.dictionary(fc.constant(OPERATOR_SIP), farEnd),
    users: fc.dictionary(fc.constant(OPERATOR_USER), farEnd),
    faults,
  })
  .map(({ starts, cancels, ...rest }) => ({
    ...rest,
    starts,
    calls: [],
    orders: ORDERS,
    storage: INDEX,
    requests: cancels.filter((c) => c.start < starts.length).map((c) => ({ ...c, content: formatCancelRequest() })),
  }));

describe('click-to-call properties (compiled bundle in the emulator)', () => {
  it('random requests, far ends and cancellations: privacy, order isolation, termination, exactly one result per session', async () => {
    const outcomes = await outcomesOfRandomWorlds(builds, world, 120, (spec) => ({ spec, orders: ORDERS }), 'click-to-call');
    expect(MAIN_OUTCOMES.filter((o) => !outcomes.has(o))).toEqual([]);
  }, 120_000);
});
