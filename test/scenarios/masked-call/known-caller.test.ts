/**
 * pin.skipForKnownCaller on the shared number (issue 12 §2), on the COMPILED masked-call bundle: the
 * known-caller index (contract/known-caller.ts) connects a caller with one active order without a
 * PIN, offers a menu for several, and leaves everyone else to the PIN flow. Every run is also checked
 * against the invariants of support/harness.ts (privacy, one result, no cross-order bridge).
 */
import { formatKnownCaller, knownCallerKey } from '../../../contract/known-caller';
import { PartyRole } from '../../../contract/order-record';
import {
  checkInvariants,
  COURIER,
  CUSTOMER,
  CUSTOMER_2,
  heardInOrder,
  onlyResult,
  order,
  RESTAURANT,
  runScenario,
  ScenarioBuilds,
  STRANGER,
  VIRTUAL_A,
  VIRTUAL_B,
} from '../support/harness';

const builds = new ScenarioBuilds();
const KNOWN = { pin: { skipForKnownCaller: true } };
const answers = { answer: { afterS: 2, actions: [{ waitS: 10 }, { hangup: true as const }] } };

/** The index entry of `phone` (role `role`) on order `orderId` with PIN `pin`. */
function entry(phone: string, orderId: string, role: PartyRole, pin: string): Record<string, string> {
  return { [knownCallerKey(phone, orderId) as string]: formatKnownCaller({ v: 1, orderId, role, pin }) };
}

const ORDER_A = order('A-1042');
const ORDER_B = order('B-77', {}, [
  { role: 'courier', phone: COURIER },
  { role: 'customer', phone: CUSTOMER_2 },
]);
const ORDERS = { '12345': ORDER_A, '67890': ORDER_B };
const BOTH = { ...entry(COURIER, 'A-1042', 'courier', '12345'), ...entry(COURIER, 'B-77', 'courier', '67890') };

beforeAll(() => builds.code(KNOWN), 60_000);

describe('masked-call: known callers (pin.skipForKnownCaller)', () => {
  it('one active order: connected without a PIN; the result says known-caller', async () => {
    const run = await runScenario(builds, {
      config: KNOWN,
      orders: { '12345': ORDER_A },
      storage: entry(COURIER, 'A-1042', 'courier', '12345'),
      phones: { [CUSTOMER]: answers },
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: [{ waitS: 40 }] }],
    });
    expect(checkInvariants(run, { '12345': ORDER_A })).toEqual([]);
    const { result } = onlyResult(run);
    expect(result).toMatchObject({
      mode: 'known-caller',
      outcome: 'connected',
      orderId: 'A-1042',
      callerRole: 'courier',
      calleeRole: 'customer',
      pin: { outcome: 'not_entered', attempts: 0 },
    });
    expect(run.heard(COURIER).join(' ')).not.toMatch(/order number/);
    expect(heardInOrder(run.heard(COURIER), ['Connecting you to the customer', `party:${CUSTOMER}`])).toBe(true);
    expect(run.heard(CUSTOMER)[0]).toBe('The courier is calling about order A-1042.');
    expect(run.emulator.trace.callerIdsShownTo(CUSTOMER)).toEqual([VIRTUAL_A]);
  });

  it('off (the default): the same caller gets the PIN flow', async () => {
    const run = await runScenario(builds, {
      orders: { '12345': ORDER_A },
      storage: entry(COURIER, 'A-1042', 'courier', '12345'),
      phones: { [CUSTOMER]: answers },
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: [{ waitUntilHeard: 'order number' }, { press: '12345' }, { waitS: 40 }] }],
    });
    expect(checkInvariants(run, { '12345': ORDER_A })).toEqual([]);
    expect(onlyResult(run).result).toMatchObject({ mode: 'pin', outcome: 'connected', pin: { outcome: 'matched', attempts: 1 } });
  });

  it('on for listed virtual numbers only: a known-caller line beside a PIN line', async () => {
    const run = await runScenario(builds, {
      config: { pin: { skipForKnownCaller: [VIRTUAL_B] } },
      orders: { '12345': ORDER_A },
      storage: entry(COURIER, 'A-1042', 'courier', '12345'),
      phones: { [CUSTOMER]: answers },
      calls: [
        { from: COURIER, to: VIRTUAL_A, actions: [{ waitUntilHeard: 'order number' }, { press: '12345' }, { waitS: 40 }] },
        { from: COURIER, to: VIRTUAL_B, atS: 120, actions: [{ waitS: 40 }] },
      ],
    });
    expect(checkInvariants(run, { '12345': ORDER_A })).toEqual([]);
    const results = [...run.results.values()].flat().map((d) => d.result);
    expect(results.map((r) => [r.virtualNumber, r.mode, r.pin.outcome])).toEqual([
      [VIRTUAL_A, 'pin', 'matched'],
      [VIRTUAL_B, 'known-caller', 'not_entered'],
    ]);
  });

  it('two active orders: a menu by order id; 2 connects the second order', async () => {
    const run = await runScenario(builds, {
      config: KNOWN,
      orders: ORDERS,
      storage: BOTH,
      phones: { [CUSTOMER_2]: answers },
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: [{ waitUntilHeard: 'press 0' }, { press: '2' }, { waitS: 40 }] }],
    });
    expect(checkInvariants(run, ORDERS)).toEqual([]);
    expect(run.heard(COURIER)[0]).toBe(
      'You have 2 active orders. For order A-1042, press 1. For order B-77, press 2. To enter an order number instead, press 0.',
    );
    expect(onlyResult(run).result).toMatchObject({ mode: 'known-caller', outcome: 'connected', orderId: 'B-77', calleeRole: 'customer' });
    expect(run.heard(CUSTOMER_2)[0]).toBe('The courier is calling about order B-77.');
    expect(run.heard(CUSTOMER)).toEqual([]);
  });

  it('two active orders: 0 goes to the PIN flow', async () => {
    const run = await runScenario(builds, {
      config: KNOWN,
      orders: ORDERS,
      storage: BOTH,
      phones: { [CUSTOMER]: answers },
      calls: [
        {
          from: COURIER,
          to: VIRTUAL_A,
          actions: [{ waitUntilHeard: 'press 0' }, { press: '0' }, { waitUntilHeard: 'order number' }, { press: '12345' }, { waitS: 40 }],
        },
      ],
    });
    expect(checkInvariants(run, ORDERS)).toEqual([]);
    expect(onlyResult(run).result).toMatchObject({ mode: 'pin', outcome: 'connected', orderId: 'A-1042', pin: { outcome: 'matched' } });
  });

  it('two active orders, no key pressed: the menu once more, then the PIN flow', async () => {
    const run = await runScenario(builds, {
      config: KNOWN,
      orders: ORDERS,
      storage: BOTH,
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: [{ waitUntilHeard: 'Welcome' }, { hangup: true }] }],
    });
    expect(checkInvariants(run, ORDERS)).toEqual([]);
    expect(run.heard(COURIER).filter((t) => t.startsWith('You have 2 active orders'))).toHaveLength(2);
    expect(onlyResult(run).result).toMatchObject({ mode: 'pin', outcome: 'caller_hung_up' });
  });

  it('an order id that could read like a phone number is not spoken: the option names the other party', async () => {
    const phoneLike = order('4917698765', {}, [
      { role: 'courier', phone: COURIER },
      { role: 'restaurant', phone: RESTAURANT },
    ]);
    const orders = { '12345': ORDER_A, '67890': phoneLike };
    const run = await runScenario(builds, {
      config: KNOWN,
      orders,
      storage: { ...entry(COURIER, 'A-1042', 'courier', '12345'), ...entry(COURIER, '4917698765', 'courier', '67890') },
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: [{ waitUntilHeard: 'press 0' }, { hangup: true }] }],
    });
    expect(checkInvariants(run, orders)).toEqual([]);
    const menu = run.heard(COURIER)[0];
    expect(menu).toContain('For your order with the restaurant, press 1. For order A-1042, press 2.');
    expect(menu).not.toContain('4917698765');
    expect(onlyResult(run).result.warnings).toContain('order_text_unspeakable');
  });

  it('an entry whose PIN now belongs to another order is skipped (warning), and the caller gets the PIN flow', async () => {
    const other = order('C-9', {}, [
      { role: 'restaurant', phone: RESTAURANT },
      { role: 'customer', phone: CUSTOMER },
    ]);
    const run = await runScenario(builds, {
      config: KNOWN,
      orders: { '12345': other },
      storage: entry(COURIER, 'A-1042', 'courier', '12345'),
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: [{ waitUntilHeard: 'order number' }, { hangup: true }] }],
    });
    expect(checkInvariants(run, { '12345': other })).toEqual([]);
    expect(onlyResult(run).result).toMatchObject({ mode: 'pin', outcome: 'caller_hung_up', warnings: ['known_caller_invalid'] });
    expect(run.heard(RESTAURANT)).toEqual([]);
  });

  it('a caller without entries, and a failed index read, get the PIN flow', async () => {
    const run = await runScenario(builds, {
      config: KNOWN,
      orders: { '12345': ORDER_A },
      storage: entry(COURIER, 'A-1042', 'courier', '12345'),
      faults: { storage: [{ op: 'keys', kind: 'reject', keyPrefix: 'knowncaller:49151', times: 1 }] },
      calls: [
        { from: STRANGER, to: VIRTUAL_A, actions: [{ waitUntilHeard: 'order number' }, { hangup: true }] },
        { from: COURIER, to: VIRTUAL_A, atS: 5, actions: [{ waitUntilHeard: 'order number' }, { hangup: true }] },
      ],
    });
    expect(checkInvariants(run, { '12345': ORDER_A })).toEqual([]);
    const [stranger, courier] = run.sessions.map((s) => run.results.get(s.sessionId)?.[0].result);
    expect(stranger).toMatchObject({ mode: 'pin', warnings: [] });
    expect(courier).toMatchObject({ mode: 'pin', warnings: ['known_caller_read_failed'] });
  });
});
