import { parseKnownCaller } from '../../../contract/known-caller';
import { OrderInput } from '../../../src/backend/orders/order-input';
import { OrderStore } from '../../../src/backend/orders/order-store';
import { seedRows } from '../../../src/backend/orders/seed';
import { parseSeedText } from '../../../src/backend/orders/seed-file';
import { memoryKv } from './memory-kv';

const T0 = Date.parse('2026-05-01T12:00:00Z');
const COURIER = '+4915112345678';
const CUSTOMER = '+4930123456789';

function order(over: Partial<OrderInput> = {}): OrderInput {
  return {
    orderId: 'A-1042',
    parties: [
      { role: 'courier', phone: COURIER },
      { role: 'customer', phone: CUSTOMER },
    ],
    expectedDeliveryAt: '2026-05-01T13:00:00Z',
    ...over,
  };
}

function setup(knownCallers: boolean) {
  let now = T0;
  const mem = memoryKv(() => now);
  const pins = ['11111', '22222', '33333'];
  const store = new OrderStore({
    kv: mem.kv,
    pinLength: 5,
    graceS: 1800,
    defaultTtlS: 86_400,
    maxPinAttempts: 5,
    now: () => now,
    newPin: () => pins.shift()!,
    knownCallers,
  });
  /** The index as the scenario sees it: keys under the caller's prefix, values parsed. */
  const entriesOf = (digits: string) =>
    mem.store.list(`knowncaller:${digits}:`).items.map((i) => {
      const parsed = parseKnownCaller(i.value);
      if (!parsed.ok) throw new Error(parsed.problem);
      return { key: i.key, ...parsed.value, ttlS: i.expireAt - now / 1000 };
    });
  return { store, mem, entriesOf, advance: (ms: number) => (now += ms) };
}

describe('OrderStore known-caller index (pin.skipForKnownCaller)', () => {
  it('writes one entry per phone of each order, with role, PIN and the order TTL', async () => {
    const { store, entriesOf } = setup(true);
    await store.createOrder(order());
    await store.createOrder(
      order({
        orderId: 'B-7',
        parties: [
          { role: 'courier', phone: COURIER },
          { role: 'customer', phone: '+4930123456700' },
        ],
      }),
    );
    expect(entriesOf('4915112345678')).toEqual([
      { key: 'knowncaller:4915112345678:A-1042', v: 1, orderId: 'A-1042', role: 'courier', pin: '11111', ttlS: 5400 },
      { key: 'knowncaller:4915112345678:B-7', v: 1, orderId: 'B-7', role: 'courier', pin: '22222', ttlS: 5400 },
    ]);
    expect(entriesOf('4930123456789')).toEqual([
      { key: 'knowncaller:4930123456789:A-1042', v: 1, orderId: 'A-1042', role: 'customer', pin: '11111', ttlS: 5400 },
    ]);
  });

  it('writes nothing of the index when it is off', async () => {
    const { store, mem } = setup(false);
    await store.createOrder(order());
    expect(mem.store.list('knowncaller:').items).toEqual([]);
  });

  it('removes the entry of a party who leaves the order, so they are no longer routed to it', async () => {
    const { store, entriesOf } = setup(true);
    await store.createOrder(order());
    await store.createOrder(
      order({
        parties: [
          { role: 'courier', phone: '+4915112345600' },
          { role: 'customer', phone: CUSTOMER },
        ],
      }),
    );
    expect(entriesOf('4915112345678')).toEqual([]);
    expect(entriesOf('4915112345600').map((e) => e.orderId)).toEqual(['A-1042']);
    expect(entriesOf('4930123456789').map((e) => e.pin)).toEqual(['11111']);
  });

  it('removes every entry when the order closes, and follows an extension', async () => {
    const { store, mem, entriesOf } = setup(true);
    await store.createOrder(order());
    await store.extendOrder('A-1042', '2026-05-01T15:00:00Z');
    expect(entriesOf('4930123456789')[0].ttlS).toBe(3 * 3600 + 1800);
    await store.closeOrder('A-1042');
    expect(mem.store.list('knowncaller:').items).toEqual([]);
  });

  it('gives a phone shared by two roles one entry, with the first role', async () => {
    const { store, entriesOf } = setup(true);
    await store.createOrder(
      order({
        parties: [
          { role: 'courier', phone: COURIER },
          { role: 'customer', phone: CUSTOMER },
          { role: 'restaurant', phone: COURIER },
        ],
      }),
    );
    expect(entriesOf('4915112345678').map((e) => e.role)).toEqual(['courier']);
  });

  it('completes the index of orders seeded before it was switched on, when they are seeded again unchanged', async () => {
    const mem = memoryKv(() => T0);
    const rows = parseSeedText(
      '{"orderId":"A-1042","parties":[{"role":"courier","phone":"+4915112345678"},{"role":"customer","phone":"+4930123456789"}]}\n',
      'jsonl',
    );
    const options = { kv: mem.kv, pinLength: 5, graceS: 1800, defaultTtlS: 86_400, maxPinAttempts: 5, now: () => T0 };
    await seedRows(rows, { store: new OrderStore(options), concurrency: 1 });
    expect(mem.store.list('knowncaller:').items).toEqual([]);
    const summary = await seedRows(rows, { store: new OrderStore({ ...options, knownCallers: true }), concurrency: 1 });
    expect(summary.unchanged).toBe(1);
    expect(mem.store.list('knowncaller:').items.map((i) => i.key)).toEqual([
      'knowncaller:4915112345678:A-1042',
      'knowncaller:4930123456789:A-1042',
    ]);
  });
});
