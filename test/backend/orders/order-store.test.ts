import { orderKey } from '../../../contract/order-record';
import { OrderInputError, OrderNotFoundError, PinSpaceExhaustedError } from '../../../src/backend/orders/errors';
import { orderIndexKey } from '../../../src/backend/orders/order-index';
import { OrderInput } from '../../../src/backend/orders/order-input';
import { OrderStore, OrderStoreOptions } from '../../../src/backend/orders/order-store';
import { KV_MAX_TTL_S } from '../../../contract/storage-limits';
import { memoryKv } from './memory-kv';

const T0 = Date.parse('2026-05-01T12:00:00Z');

function order(over: Partial<OrderInput> = {}): OrderInput {
  return {
    orderId: 'A-1042',
    parties: [
      { role: 'courier', phone: '+49 151 12345678', label: 'Max' },
      { role: 'customer', phone: '030 12345678' },
    ],
    expectedDeliveryAt: '2026-05-01T13:00:00Z',
    ...over,
  };
}

function setup(pins?: string[], over: Partial<OrderStoreOptions> = {}) {
  let now = T0;
  const mem = memoryKv(() => now);
  const queue = pins ? [...pins] : undefined;
  const store = new OrderStore({
    kv: mem.kv,
    pinLength: 5,
    graceS: 1800,
    defaultTtlS: 86_400,
    maxPinAttempts: 5,
    defaultRegion: 'DE',
    now: () => now,
    newPin: queue ? () => queue.shift() ?? '99999' : undefined,
    ...over,
  });
  return { store, mem, advance: (ms: number) => (now += ms) };
}

describe('OrderStore', () => {
  it('creates the order under order:<pin> with E.164 phones, an index entry, and a TTL to delivery + grace', async () => {
    const { store, mem } = setup(['01234']);
    const res = await store.createOrder(order());
    expect(res).toEqual({ orderId: 'A-1042', pin: '01234', status: 'created', ttlS: 3600 + 1800 });
    expect(JSON.parse(mem.store.get(orderKey('01234'))!.value)).toEqual({
      version: 1,
      orderId: 'A-1042',
      parties: [
        { role: 'courier', phone: '+4915112345678', label: 'Max' },
        { role: 'customer', phone: '+493012345678' },
      ],
    });
    expect(JSON.parse(mem.store.get(orderIndexKey('A-1042'))!.value)).toEqual({
      v: 1,
      pin: '01234',
      deadline: Date.parse('2026-05-01T13:30:00Z') / 1000,
    });
    expect(mem.writes.map((w) => w.key)).toEqual(['orderpin:A-1042', 'order:01234']);
  });

  it('is idempotent: the same order again keeps its PIN and writes nothing', async () => {
    const { store, mem, advance } = setup(['11111', '22222']);
    await store.createOrder(order());
    const writes = mem.writes.length;
    advance(60_000);
    await expect(store.createOrder(order())).resolves.toEqual({ orderId: 'A-1042', pin: '11111', status: 'unchanged' });
    expect(mem.writes.length).toBe(writes);
  });

  it('rewrites under the same PIN when the parties or the delivery time change', async () => {
    const { store, mem } = setup(['11111', '22222']);
    await store.createOrder(order());
    await expect(
      store.createOrder(
        order({
          parties: [
            { role: 'courier', phone: '+4915112345679' },
            { role: 'customer', phone: '+493012345678' },
          ],
        }),
      ),
    ).resolves.toMatchObject({
      pin: '11111',
      status: 'updated',
      changes: ['courier phone +49********678 → +49********679', 'courier label "Max" → null'],
    });
    await expect(store.createOrder(order({ expectedDeliveryAt: '2026-05-01T15:00:00Z' }))).resolves.toEqual({
      orderId: 'A-1042',
      pin: '11111',
      status: 'updated',
      ttlS: 3 * 3600 + 1800,
      changes: [
        'courier phone +49********679 → +49********678',
        'courier label null → "Max"',
        'deadline 2026-05-01T13:30:00.000Z → 2026-05-01T15:30:00.000Z',
      ],
    });
    expect(mem.store.get(orderKey('22222'))).toBeNull();
  });

  it('skips PINs held by active orders and gives up after maxPinAttempts', async () => {
    const { store } = setup(['11111', '11111', '22222', '11111', '22222', '11111', '22222', '11111']);
    await store.createOrder(order({ orderId: 'A-1' }));
    await expect(store.createOrder(order({ orderId: 'A-2' }))).resolves.toMatchObject({ pin: '22222', status: 'created' });
    const err = await store.createOrder(order({ orderId: 'A-3' })).catch((e: Error) => e);
    expect(err).toBeInstanceOf(PinSpaceExhaustedError);
  });

  it('never hands one PIN to two orders written at the same time', async () => {
    const { store: small } = setup(undefined, { pinLength: 4, maxPinAttempts: 200 });
    const results = await Promise.all(
      Array.from({ length: 300 }, (_, i) =>
        small.createOrder(
          order({
            orderId: `B-${i}`,
            parties: [
              { role: 'courier', phone: '+4915112345678' },
              { role: 'customer', phone: '+493012345678' },
            ],
          }),
        ),
      ),
    );
    expect(new Set(results.map((r) => r.pin)).size).toBe(300);
  });

  it('serialises concurrent writes of one order id, so they agree on the PIN', async () => {
    const { store } = setup();
    const results = await Promise.all([store.createOrder(order()), store.createOrder(order()), store.createOrder(order())]);
    expect(new Set(results.map((r) => r.pin)).size).toBe(1);
    expect(results.map((r) => r.status).sort()).toEqual(['created', 'unchanged', 'unchanged']);
  });

  it('recovers from an interrupted write: an index without its record keeps the PIN', async () => {
    const { store, mem } = setup(['11111', '22222']);
    await store.createOrder(order());
    mem.store.remove(orderKey('11111'));
    await expect(store.createOrder(order())).resolves.toMatchObject({ pin: '11111', status: 'updated' });
  });

  it('treats an index entry without a valid PIN as absent: lookups find nothing and the next write allocates anew', async () => {
    const { store, mem } = setup(['33333']);
    for (const damaged of [
      '{"v":1,"pin":"12","deadline":0}',
      '{"v":1,"pin":"12345678901","deadline":0}',
      '{"v":1,"pin":"12a45","deadline":0}',
    ]) {
      mem.store.put(orderIndexKey('A-1042'), damaged, 3600);
      await expect(store.lookupOrder('A-1042')).resolves.toBeUndefined();
      await expect(store.closeOrder('A-1042')).resolves.toEqual({ closed: false });
    }
    mem.store.put(orderIndexKey('A-1042'), '{"v":1,"pin":"12","deadline":0}', 3600);
    await expect(store.createOrder(order())).resolves.toMatchObject({ pin: '33333', status: 'created' });
    expect(JSON.parse(mem.store.get(orderIndexKey('A-1042'))!.value)).toMatchObject({ pin: '33333' });
  });

  it('allocates anew when the indexed PIN now belongs to another order', async () => {
    const { store, mem } = setup(['11111', '22222']);
    await store.createOrder(order());
    mem.store.put(
      orderKey('11111'),
      JSON.stringify({
        version: 1,
        orderId: 'OTHER',
        parties: [
          { role: 'courier', phone: '+4915112345678' },
          { role: 'customer', phone: '+493012345678' },
        ],
      }),
    );
    await expect(store.createOrder(order())).resolves.toMatchObject({ pin: '22222', status: 'created' });
  });

  it('closes an order on delivery, after which its PIN is free', async () => {
    const { store, mem } = setup(['11111', '11111']);
    await store.createOrder(order());
    await expect(store.closeOrder('A-1042')).resolves.toEqual({ closed: true, pin: '11111' });
    expect(mem.store.get(orderKey('11111'))).toBeNull();
    expect(mem.store.get(orderIndexKey('A-1042'))).toBeNull();
    await expect(store.closeOrder('A-1042')).resolves.toEqual({ closed: false });
    await expect(store.createOrder(order({ orderId: 'A-2' }))).resolves.toMatchObject({ pin: '11111' });
  });

  it('extends an active order and refuses an unknown one', async () => {
    const { store, mem } = setup(['11111']);
    await store.createOrder(order());
    await expect(store.extendOrder('A-1042', '2026-05-02T12:00:00Z')).resolves.toEqual({
      orderId: 'A-1042',
      pin: '11111',
      status: 'updated',
      ttlS: 86_400 + 1800,
    });
    expect(mem.store.get(orderKey('11111'))!.expireAt).toBe(T0 / 1000 + 86_400 + 1800);
    await expect(store.extendOrder('nope', '2026-05-02T12:00:00Z')).rejects.toBeInstanceOf(OrderNotFoundError);
  });

  it('looks orders up by id and by PIN, and forgets them when they expire', async () => {
    const { store, advance } = setup(['11111']);
    await store.createOrder(order());
    await expect(store.lookupOrder('A-1042')).resolves.toMatchObject({ pin: '11111', record: { orderId: 'A-1042' } });
    await expect(store.lookupPin('11111')).resolves.toMatchObject({ record: { orderId: 'A-1042' } });
    advance((3600 + 1800) * 1000);
    await expect(store.lookupOrder('A-1042')).resolves.toBeUndefined();
  });

  it('lists active orders, naming unreadable items instead of dropping them', async () => {
    const { store, mem } = setup(['11111', '22222']);
    await store.createOrder(order({ orderId: 'A-1' }));
    await store.createOrder(order({ orderId: 'A-2' }));
    mem.store.put('order:99999', 'not a record');
    const { orders, unreadable } = await store.activeOrders();
    expect(orders.map((o) => [o.pin, o.record.orderId])).toEqual([
      ['11111', 'A-1'],
      ['22222', 'A-2'],
    ]);
    expect(unreadable).toEqual(['order:99999']);
  });

  it('caps the TTL at 90 days and refuses a delivery time already past the grace period', async () => {
    const { store } = setup(['11111', '22222']);
    await expect(store.createOrder(order({ expectedDeliveryAt: '2027-01-01T00:00:00Z' }))).resolves.toMatchObject({ ttlS: KV_MAX_TTL_S });
    const err = store.createOrder(order({ orderId: 'OLD', expectedDeliveryAt: '2026-05-01T11:00:00Z' }));
    await expect(err).rejects.toBeInstanceOf(OrderInputError);
    await expect(err).rejects.toThrow(/expectedDeliveryAt: plus the grace period lies 1800 s in the past/);
  });

  it('uses the default TTL without an expected delivery time', async () => {
    const { store } = setup(['11111']);
    await expect(store.createOrder(order({ expectedDeliveryAt: undefined }))).resolves.toMatchObject({ ttlS: 86_400 });
  });
});
