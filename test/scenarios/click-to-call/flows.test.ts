/**
 * Flows of the click-to-call scenario (issue 12 §3) on the COMPILED bundle in the emulator: sessions
 * started as StartScenarios starts them (custom data, no inbound call), party A called first with the
 * virtual number as caller ID, then B; B failing, A failing, bad requests, and cancellation through the
 * access URL. Every row is also checked against the invariants of support/harness.ts.
 */
import { formatClickToCallData } from '../../../contract/click-to-call';
import { CallResult } from '../../../contract/call-result';
import { formatOrderIndex, orderIndexKey } from '../../../contract/order-index';
import { formatCancelRequest } from '../../../contract/session-control';
import { CLICK_TO_CALL_ENTRY } from '../../../src/build/paths';
import {
  checkInvariants,
  COURIER,
  CUSTOMER,
  heardInOrder,
  onlyResult,
  OPERATOR,
  order,
  RINGBACK_URL,
  RunOutcome,
  runScenario,
  RunSpec,
  ScenarioBuilds,
  VIRTUAL_C,
} from '../support/harness';

const builds = new ScenarioBuilds(CLICK_TO_CALL_ENTRY, 'click-to-call');
const CONFIG = { clickToCall: { virtualNumber: VIRTUAL_C } };
beforeAll(() => builds.code(CONFIG), 60_000);

const ORDERS = { '12345': order() };
const INDEX = { [orderIndexKey('A-1042')]: formatOrderIndex({ pin: '12345', deadline: 0 }) };
const REQUEST = formatClickToCallData({ orderId: 'A-1042', from: 'courier', to: 'customer', requestId: 'r-5b1c' });
const answers = (afterS = 3, talkS = 20) => ({ answer: { afterS, actions: [{ waitS: talkS }, { hangup: true as const }] } });

interface FlowCase {
  name: string;
  spec: Partial<RunSpec>;
  check: (r: CallResult, run: RunOutcome) => void;
}

const CASES: FlowCase[] = [
  {
    name: 'A answers, hears "connecting you to the customer"; B answers, hears the whisper; both see the virtual number',
    spec: { phones: { [COURIER]: answers(3, 60), [CUSTOMER]: answers(4, 20) } },
    check: (r, run) => {
      expect(r).toMatchObject({
        mode: 'click-to-call',
        requestId: 'r-5b1c',
        outcome: 'connected',
        orderId: 'A-1042',
        callerRole: 'courier',
        calleeRole: 'customer',
        endedBy: 'callee',
        virtualNumber: VIRTUAL_C,
      });
      expect(r.legs.map((l) => l.kind)).toEqual(['caller', 'callee']);
      expect(heardInOrder(run.heard(COURIER), ['Connecting you to the customer.', `url:${RINGBACK_URL}`, `party:${CUSTOMER}`])).toBe(true);
      expect(run.heard(CUSTOMER)).toEqual(['The courier is calling about order A-1042.', `party:${COURIER}`]);
      expect(run.emulator.trace.callerIdsShownTo(COURIER)).toEqual([VIRTUAL_C]);
      expect(run.emulator.trace.callerIdsShownTo(CUSTOMER)).toEqual([VIRTUAL_C]);
    },
  },
  {
    name: 'B is busy: A hears why, and the call ends',
    spec: { phones: { [COURIER]: answers(2, 120), [CUSTOMER]: { busy: { afterS: 3 } } } },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'callee_busy', endedBy: 'scenario' });
      expect(run.heard(COURIER)).toContain('The customer is busy on another call. Please try again later. Goodbye.');
    },
  },
  {
    name: 'B is busy, A presses # and the operator answers: A is bridged to the operator',
    spec: {
      config: { ...CONFIG, operator: { target: OPERATOR } },
      phones: {
        [COURIER]: { answer: { afterS: 1, actions: [{ waitUntilHeard: 'hash key now' }, { press: '#' }, { waitS: 60 }] } },
        [CUSTOMER]: { busy: { afterS: 2 } },
        [OPERATOR]: answers(2, 10),
      },
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'operator', operatorReason: 'callee_unreachable', endedBy: 'operator' });
      expect(r.legs.map((l) => l.kind)).toEqual(['caller', 'callee', 'operator']);
      expect(run.heard(COURIER)).toContain(`party:${OPERATOR}`);
      expect(run.emulator.trace.callerIdsShownTo(OPERATOR)).toEqual([VIRTUAL_C]);
    },
  },
  {
    name: 'B does not answer: A hears why',
    spec: { phones: { [COURIER]: answers(2, 120), [CUSTOMER]: { noAnswer: {} } } },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'callee_no_answer' });
      expect(run.heard(COURIER)).toContain('The customer is not answering. Please try again later. Goodbye.');
    },
  },
  {
    name: 'A does not answer: the session ends with caller_no_answer and B is never called',
    spec: { phones: { [COURIER]: { noAnswer: {} } } },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'caller_no_answer', calleeRole: 'customer' });
      expect(r.legs.map((l) => l.kind)).toEqual(['caller']);
      expect(run.emulator.trace.callerIdsShownTo(CUSTOMER)).toEqual([]);
    },
  },
  {
    name: 'A is busy: caller_busy',
    spec: { phones: { [COURIER]: { busy: { afterS: 1 } } } },
    check: (r) => expect(r).toMatchObject({ outcome: 'caller_busy' }),
  },
  {
    name: 'the backend cancels while B rings: outcome cancelled, ended by the backend, both legs hung up',
    spec: {
      phones: { [COURIER]: answers(2, 300), [CUSTOMER]: answers(40) },
      requests: [{ atS: 15, start: 0, content: formatCancelRequest('r-5b1c') }],
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'cancelled', endedBy: 'backend' });
      expect(run.answers).toEqual([
        { delivered: true, contentType: expect.any(String), body: JSON.stringify({ v: 1, accepted: true, state: 'cancelling' }) },
      ]);
      expect(run.heard(CUSTOMER)).toEqual([]);
    },
  },
  {
    name: 'the backend cancels while they talk: the result stays connected, ended by the backend',
    spec: {
      phones: { [COURIER]: answers(2, 300), [CUSTOMER]: answers(3, 300) },
      requests: [{ atS: 60, start: 0, content: formatCancelRequest() }],
    },
    check: (r) => {
      expect(r).toMatchObject({ outcome: 'connected', endedBy: 'backend' });
      expect(r.durationS).toBeLessThan(70);
    },
  },
  {
    name: 'a cancel naming another request is refused and changes nothing',
    spec: {
      phones: { [COURIER]: answers(2, 30), [CUSTOMER]: answers(3, 10) },
      requests: [{ atS: 8, start: 0, content: formatCancelRequest('r-other') }],
    },
    check: (r, run) => {
      expect(r).toMatchObject({ outcome: 'connected', endedBy: 'callee' });
      expect(JSON.parse((run.answers[0] as { body: string }).body)).toMatchObject({ accepted: false, state: 'refused' });
    },
  },
  {
    name: 'custom data that is not click-to-call data: service_error, request_invalid, nobody is called',
    spec: {
      starts: [{ customData: '{"v":1,"mode":"click-to-call","orderId":"A-1042","from":"courier","to":"courier","requestId":"r1"}' }],
    },
    check: (r, run) => {
      expect(r).toMatchObject({ mode: 'click-to-call', outcome: 'service_error', warnings: ['request_invalid'], legs: [] });
      expect(run.emulator.trace.callerIdsShownTo(COURIER)).toEqual([]);
    },
  },
  {
    name: 'an order that is gone: order_not_found',
    spec: { orders: {}, storage: {} },
    check: (r) => expect(r).toMatchObject({ outcome: 'order_not_found', orderId: null, requestId: 'r-5b1c' }),
  },
];

describe('click-to-call flows (compiled bundle in the emulator)', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const spec: RunSpec = { config: CONFIG, orders: ORDERS, storage: INDEX, calls: [], starts: [{ customData: REQUEST }], ...c.spec };
    const run = await runScenario(builds, spec);
    expect(checkInvariants(run, spec.orders)).toEqual([]);
    c.check(onlyResult(run).result, run);
  });

  it('without clickToCall.virtualNumber: service_error, virtual_number_missing, nobody is called', async () => {
    const run = await runScenario(builds, { orders: ORDERS, storage: INDEX, calls: [], starts: [{ customData: REQUEST }] });
    expect(checkInvariants(run, ORDERS)).toEqual([]);
    expect(onlyResult(run).result).toMatchObject({
      outcome: 'service_error',
      warnings: ['virtual_number_missing'],
      virtualNumber: '<none>',
    });
  });
});
