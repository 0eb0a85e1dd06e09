import { orderKey, parseOrderRecord } from '../../../contract/order-record';
import { openOrderStore } from '../../../src/backend/orders';
import { OrderStore } from '../../../src/backend/orders/order-store';
import { seedExitCode, seedRows } from '../../../src/backend/orders/seed';
import { SeedRow } from '../../../src/backend/orders/seed-file';
import { PlatformApi } from '../../../src/platform/api';
import { connectPlatform } from '../../../src/platform/client';
import { ApiHarness, startApi } from '../../sandbox/management-api/harness';
import { TEST_RETRY } from '../../deploy/sandbox-harness';

/**
 * Seeding through the real client against the sandbox under a token-bucket rate limit, and the cost
 * of an order in requests. No timing is asserted: the achieved share of the limit is a bench figure
 * (bench/seed.bench.ts).
 */
const NOW = Date.parse('2026-05-01T12:00:00Z');

function rows(count: number, prefix: string): SeedRow[] {
  return Array.from({ length: count }, (_, i) => ({
    line: i + 1,
    input: {
      orderId: `${prefix}-${i}`,
      parties: [
        { role: 'courier', phone: '+4915112345678' },
        { role: 'customer', phone: `+4930${String(1_000_000 + i)}` },
      ],
      expectedDeliveryAt: NOW + 3600_000,
    },
  }));
}

describe('seeding under a rate limit, and requests per order', () => {
  let h: ApiHarness;
  let api: PlatformApi;
  let store: OrderStore;
  let appId: number;

  beforeEach(async () => {
    h = await startApi({ clockStart: NOW });
    api = await connectPlatform({ credentialsFile: h.opened.credentialsFile, host: h.host, retry: TEST_RETRY });
    appId = (await api.call('AddApplication', { applicationName: 'voxmask' })).applicationId;
    store = await openOrderStore(api, { applicationName: 'voxmask', pinLength: 5, now: () => h.clock.now });
  });
  afterEach(() => h.close());

  const storedOrderIds = () =>
    h.opened.state
      .storageOf(appId)
      .list('order:')
      .items.map((item) => parseOrderRecord(item.value).orderId)
      .sort();
  const expectedIds = (seeded: SeedRow[]) => seeded.map((r) => ('input' in r ? String(r.input.orderId) : '')).sort();

  it.each([
    ['http429', 20, 12],
    ['code340', 40, 20],
  ] as const)(
    'rides a token bucket (%s, %d requests/s, %d orders): every order written, none failed, refusals retried',
    async (mode, perSecond, orders) => {
      const seeded = rows(orders, 'T');
      // The suite's retry policy allows 8 attempts; a limited request must not spend them.
      h.server.faults.set({ rateLimit: { perSecond, burst: 5, mode } });
      const summary = await seedRows(seeded, { store, concurrency: 8 });
      h.server.faults.set({});
      expect(summary).toMatchObject({ created: orders, rejected: [], failed: [], verification: { moved: [], othersOnOurPins: [] } });
      expect(seedExitCode(summary)).toBe(0);
      const refused = h.server.requestLog().filter((e) => e.errorCode === 340).length;
      expect(refused).toBeGreaterThan(0);
      expect(summary.rateLimit.refusals).toBe(refused);
      expect(storedOrderIds()).toEqual(expectedIds(seeded));
    },
  );

  it('a new order costs its 2 writes and no read; a re-seed of unchanged orders writes nothing', async () => {
    const seeded = rows(50, 'N');
    const mark = h.server.requestLog().length;
    const summary = await seedRows(seeded, { store, concurrency: 8 });
    expect(summary.created).toBe(50);
    const calls = h.server
      .requestLog()
      .slice(mark)
      .map((e) => e.cmd);
    const count = (cmd: string) => calls.filter((c) => c === cmd).length;
    expect(count('SetKeyValueItem')).toBe(100);
    expect(count('GetKeyValueItem')).toBe(0);
    // The rest: one count of order: keys, one listing of order: and orderpin: before, and one of each after.
    expect(calls.length).toBeLessThanOrEqual(100 + 5);
    const again = h.server.requestLog().length;
    const reseed = await seedRows(seeded, {
      store: await openOrderStore(api, { applicationName: 'voxmask', pinLength: 5, now: () => h.clock.now }),
      concurrency: 8,
    });
    expect(reseed).toMatchObject({ unchanged: 50, written: 0 });
    expect(
      h.server
        .requestLog()
        .slice(again)
        .map((e) => e.cmd),
    ).not.toContain('SetKeyValueItem');
    expect(h.server.requestLog().length - again).toBeLessThanOrEqual(6);
    for (const r of seeded) {
      const { pin } = (await store.lookupOrder(String('input' in r && r.input.orderId)))!;
      expect(parseOrderRecord(h.opened.state.storageOf(appId).get(orderKey(pin))!.value).orderId).toBe('input' in r && r.input.orderId);
    }
  });
});
