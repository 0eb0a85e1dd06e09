import { orderKey, parseOrderRecord } from '../../../contract/order-record';
import { orderIndexKey, parseOrderIndex } from '../../../src/backend/orders/order-index';
import { OrderStore } from '../../../src/backend/orders/order-store';
import { randomPin } from '../../../src/backend/orders/pin';
import { formatSeedSummary, seedRows } from '../../../src/backend/orders/seed';
import { SeedRow } from '../../../src/backend/orders/seed-file';
import { memoryKv, orderStoreOn } from './memory-kv';

/**
 * Two seeders (two OrderStores, as two processes would have) writing into one application at once.
 * ApplicationStorage has no compare-and-set (docs/platform.md#kv-consistency), so both can pick the
 * same free PIN; here their PIN sources are made to collide on every order. Afterwards every order of
 * both must be callable under its own PIN: the batch check (OrderStore.endBatch) moves the losers.
 */
const NOW = Date.parse('2026-05-01T12:00:00Z');

function rows(prefix: string, count: number): SeedRow[] {
  return Array.from({ length: count }, (_, i) => ({
    line: i + 1,
    input: {
      orderId: `${prefix}-${i}`,
      parties: [
        { role: 'courier', phone: '+4915112345678' },
        { role: 'customer', phone: `+4930${String(1_000_000 + i)}` },
      ],
    },
  }));
}

/**
 * A PIN source whose first `colliding` PINs are the same for every store (00000, 00001, …), and random
 * after that, as two CSPRNGs are: a move after a collision breaks the tie.
 */
function collidingPins(colliding = 20) {
  let next = 0;
  return (length: number) => (next < colliding ? String(next++).padStart(length, '0') : randomPin(length));
}

/** A seeder's OrderStore over the shared `mem`, whose first PINs collide with every other seeder's (collidingPins). */
function collidingStore(mem: ReturnType<typeof memoryKv>): OrderStore {
  return orderStoreOn(mem, () => NOW, { pinLength: 5, maxPinAttempts: 200, newPin: collidingPins() });
}

describe('two seeders at once', () => {
  it.each([1, 4])('every order of both ends up under its own PIN (concurrency %d)', async (concurrency) => {
    const mem = memoryKv(() => NOW);
    const storeOf = () => collidingStore(mem);
    const [a, b] = await Promise.all([
      seedRows(rows('A', 20), { store: storeOf(), concurrency }),
      seedRows(rows('B', 20), { store: storeOf(), concurrency }),
    ]);
    expect([a.created, b.created, a.failed, b.failed]).toEqual([20, 20, [], []]);
    // The collisions were found and moved.
    expect(
      [...('moved' in a.verification ? a.verification.moved : []), ...('moved' in b.verification ? b.verification.moved : [])].length,
    ).toBeGreaterThan(0);
    const records = mem.store.list('order:').items;
    expect(records).toHaveLength(40);
    for (const prefix of ['A', 'B']) {
      for (let i = 0; i < 20; i++) {
        const orderId = `${prefix}-${i}`;
        const index = parseOrderIndex(mem.store.get(orderIndexKey(orderId))!.value)!;
        expect(parseOrderRecord(mem.store.get(orderKey(index.pin))!.value).orderId).toBe(orderId);
      }
    }
    expect(formatSeedSummary(a).join('\n') + formatSeedSummary(b).join('\n')).toMatch(
      /moved to a new PIN after a PIN collision with another writer/,
    );
  });

  it('after another seeder finished: the later writer sees the earlier index on its PIN, moves away and deletes its record there (the PIN fails closed), naming the orders to seed again', async () => {
    const mem = memoryKv(() => NOW);
    const storeOf = () => collidingStore(mem);
    const late = storeOf();
    // The late seeder lists the (still empty) application first, then the early one seeds and finishes.
    await late.beginBatch(5);
    const early = await seedRows(rows('E', 5), { store: storeOf(), concurrency: 2 });
    expect(early.verification).toEqual({ moved: [], othersOnOurPins: [] });
    for (const r of rows('L', 5)) if ('input' in r) await late.createOrder(r.input);
    const check = await late.endBatch();
    expect(check.moved.sort()).toEqual(['L-0', 'L-1', 'L-2', 'L-3', 'L-4']);
    expect(check.othersOnOurPins.sort()).toEqual(['E-0', 'E-1', 'E-2', 'E-3', 'E-4']);
    // The late seeder's records overwrote the early ones' and were then deleted: those PINs answer nothing (fail closed), never the wrong order.
    for (let i = 0; i < 5; i++) {
      const lateIndex = parseOrderIndex(mem.store.get(orderIndexKey(`L-${i}`))!.value)!;
      expect(parseOrderRecord(mem.store.get(orderKey(lateIndex.pin))!.value).orderId).toBe(`L-${i}`);
      const earlyIndex = parseOrderIndex(mem.store.get(orderIndexKey(`E-${i}`))!.value)!;
      expect(mem.store.get(orderKey(earlyIndex.pin))).toBeNull();
    }
  });
});
