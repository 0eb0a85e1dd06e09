import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { orderKey, parseOrderRecord } from '../../../contract/order-record';
import { openOrderStore } from '../../../src/backend/orders';
import { orderIndexKey } from '../../../src/backend/orders/order-index';
import { OrderStore } from '../../../src/backend/orders/order-store';
import { seedExitCode, seedRows } from '../../../src/backend/orders/seed';
import { readSeedFile, SeedRow } from '../../../src/backend/orders/seed-file';
import { PlatformApi } from '../../../src/platform/api';
import { connectPlatform } from '../../../src/platform/client';
import { CredentialsError, PlatformApiError } from '../../../src/platform/errors';
import { isWriteMethod } from '../../../src/platform/methods';
import { ApiHarness, startApi, testAccountKey } from '../../sandbox/management-api/harness';
import { TEST_RETRY } from '../../deploy/sandbox-harness';

/**
 * Seeding through the REAL official client over HTTPS against the sandbox's Management API, whose
 * ApplicationStorage clock the test controls (2026-05-01 12:00 UTC, the fixtures' day).
 */
const NOW = Date.parse('2026-05-01T12:00:00Z');
const fixture = (name: string) => join(__dirname, '..', '..', 'fixtures', 'seed', name);

describe('seeding against the sandbox Management API', () => {
  let h: ApiHarness;
  let api: PlatformApi;
  let store: OrderStore;
  let appId: number;

  const writesSince = (mark: number) =>
    h.server
      .requestLog()
      .slice(mark)
      .map((e) => e.cmd)
      .filter(isWriteMethod);
  const storage = () => h.opened.state.storageOf(appId);

  beforeEach(async () => {
    h = await startApi({ clockStart: NOW });
    api = await connectPlatform({ credentialsFile: h.opened.credentialsFile, host: h.host, retry: TEST_RETRY });
    appId = (await api.call('AddApplication', { applicationName: 'voxmask' })).applicationId;
    store = await openOrderStore(api, { applicationName: 'voxmask', pinLength: 5, defaultRegion: 'DE', now: () => h.clock.now });
  });
  afterEach(() => h.close());

  it('seeds a CSV file: valid rows become order:<pin> records with an index, bad rows are reported by line', async () => {
    const summary = await seedRows(readSeedFile(fixture('orders.csv')), { store, concurrency: 4 });
    expect(summary).toMatchObject({ total: 9, created: 3, unchanged: 0, failed: [] });
    expect(summary.rejected.map((r) => r.line)).toEqual([4, 5, 6, 7, 8, 9]);
    expect(seedExitCode(summary)).toBe(2);
    for (const orderId of ['A-1001', 'A-1002', 'A-1009']) {
      const index = JSON.parse(storage().get(orderIndexKey(orderId))!.value);
      const item = storage().get(orderKey(index.pin))!;
      expect(parseOrderRecord(item.value).orderId).toBe(orderId);
      expect(item.expireAt).toBe(index.deadline);
    }
    expect(parseOrderRecord(storage().get(orderKey(JSON.parse(storage().get(orderIndexKey('A-1002'))!.value).pin))!.value).parties).toEqual(
      [
        { role: 'courier', phone: '+4915122345678' },
        { role: 'customer', phone: '+493022345678', label: 'Anna' },
        { role: 'restaurant', phone: '+494032345678' },
      ],
    );
  });

  it('re-seeding the same file makes no write call and keeps every PIN', async () => {
    const rows = readSeedFile(fixture('orders.csv'));
    const pins = async () =>
      Object.fromEntries(await Promise.all(['A-1001', 'A-1002', 'A-1009'].map(async (id) => [id, (await store.lookupOrder(id))?.pin])));
    await seedRows(rows, { store, concurrency: 4 });
    const before = await pins();
    const mark = h.server.requestLog().length;
    const again = await seedRows(rows, {
      store: await openOrderStore(api, { applicationName: 'voxmask', pinLength: 5, defaultRegion: 'DE', now: () => h.clock.now }),
      concurrency: 4,
    });
    expect(again).toMatchObject({ written: 0, unchanged: 3 });
    expect(writesSince(mark)).toEqual([]);
    expect(await pins()).toEqual(before);
  });

  it('closes an order on delivery: the PIN stops resolving at once', async () => {
    const { pin } = await store.createOrder({
      orderId: 'C-1',
      parties: [
        { role: 'courier', phone: '+4915112345678' },
        { role: 'customer', phone: '+493012345678' },
      ],
    });
    const mark = h.server.requestLog().length;
    await expect(store.closeOrder('C-1')).resolves.toEqual({ closed: true, pin });
    expect(writesSince(mark)).toEqual(['DelKeyValueItem', 'DelKeyValueItem']);
    expect(storage().get(orderKey(pin))).toBeNull();
    await expect(store.lookupPin(pin)).resolves.toBeUndefined();
  });

  it('extends an order: the stored expiry moves with the delivery time', async () => {
    await store.createOrder({
      orderId: 'E-1',
      parties: [
        { role: 'courier', phone: '+4915112345678' },
        { role: 'customer', phone: '+493012345678' },
      ],
      expectedDeliveryAt: NOW + 3600_000,
    });
    const { pin } = await store.extendOrder('E-1', new Date(NOW + 5 * 3600_000));
    expect(storage().get(orderKey(pin))!.expireAt).toBe(NOW / 1000 + 5 * 3600 + 3600);
  });

  it.each(['http429', 'code340'] as const)('completes a rate-limited seed (%s on every 3rd request) with no order lost', async (mode) => {
    const rows: SeedRow[] = Array.from({ length: 60 }, (_, i) => ({
      line: i + 1,
      input: {
        orderId: `R-${i}`,
        parties: [
          { role: 'courier', phone: '+4915112345678' },
          { role: 'customer', phone: `+4930${String(1000000 + i)}` },
        ],
        expectedDeliveryAt: NOW + 3600_000,
      },
    }));
    // Every 3rd request across 8 concurrent writers is refused, so one write can meet refusals several
    // times in a row; with the suite's 8-attempt budget that exhausts ~1 run in 25. 20 attempts (the
    // configuration's maximum) make it ~(1/3)^20: the test shows retries losing nothing, not budget luck.
    const patientApi = await connectPlatform({
      credentialsFile: h.opened.credentialsFile,
      host: h.host,
      retry: { ...TEST_RETRY, maxAttempts: 20 },
    });
    const patientStore = await openOrderStore(patientApi, {
      applicationName: 'voxmask',
      pinLength: 5,
      defaultRegion: 'DE',
      now: () => h.clock.now,
    });
    h.server.faults.set({ rateLimit: { everyNth: 3, mode } });
    const summary = await seedRows(rows, { store: patientStore, concurrency: 8 });
    h.server.faults.set({});
    expect(summary).toMatchObject({ created: 60, rejected: [], failed: [] });
    expect(h.server.requestLog().filter((e) => (mode === 'http429' ? e.httpStatus === 429 : e.errorCode === 340)).length).toBeGreaterThan(
      25,
    );
    const orders = storage()
      .list('order:')
      .items.map((item) => parseOrderRecord(item.value).orderId)
      .sort();
    expect(orders).toEqual(rows.map((r) => ('input' in r ? r.input.orderId : '')).sort());
    expect(storage().list('orderpin:').total).toBe(60);
  });

  it('lists stored orders through the KV adapter, which the official client maps to an empty result', async () => {
    // Six writers at a time: the listing is what is tested, not sequential writes.
    for (let batch = 0; batch < 60; batch += 6) {
      await Promise.all(
        Array.from({ length: 6 }, (_, j) =>
          store.createOrder({
            orderId: `L-${batch + j}`,
            parties: [
              { role: 'courier', phone: '+4915112345678' },
              { role: 'customer', phone: '+493012345678' },
            ],
          }),
        ),
      );
    }
    const first = await api.listKeyValueItems({ applicationId: appId, key: 'order:', count: 50, offset: 0 });
    const second = await api.listKeyValueItems({ applicationId: appId, key: 'order:', count: 50, offset: 50 });
    expect(first.totalCount).toBe(60);
    expect([...first.result, ...second.result].map((i) => parseOrderRecord(i.value).orderId).sort()).toEqual(
      Array.from({ length: 60 }, (_, i) => `L-${i}`).sort(),
    );
    const { orders, unreadable } = await store.activeOrders();
    expect(orders).toHaveLength(60);
    expect(unreadable).toEqual([]);
    const keys = await api.listKeyValueKeys({ applicationId: appId, key: 'orderpin:', count: 50 });
    expect(keys.result).toHaveLength(50);
    expect(keys.result[0]).toEqual({ key: expect.stringMatching(/^orderpin:L-/), expiresAt: expect.any(Number) });
    // The bug the adapter exists for (docs/platform.md#kv-listing-quirk):
    const viaClient = await h.client.KeyValueStorage.getKeyValueItems({ applicationId: appId, key: 'order:' });
    expect(viaClient.result).toEqual({});
  });

  describe('credentials', () => {
    it('a key the account does not know is an API error 100, not retried', async () => {
      const creds = JSON.parse(readFileSync(h.opened.credentialsFile, 'utf8'));
      const wrongKey = testAccountKey('unknown');
      const file = join(h.dir, 'wrong-key.json');
      writeFileSync(file, JSON.stringify({ ...creds, private_key: wrongKey }));
      const wrong = await connectPlatform({ credentialsFile: file, host: h.host, retry: TEST_RETRY });
      const err = await openOrderStore(wrong, { applicationName: 'voxmask', pinLength: 5 }).catch((e: Error) => e);
      expect(err).toBeInstanceOf(PlatformApiError);
      expect(err).toMatchObject({ platformCode: 100, method: 'GetAccountInfo', attempts: 1 });
    });

    it('a malformed credentials file is a CredentialsError naming the file and the problem', async () => {
      const file = join(h.dir, 'broken.json');
      writeFileSync(file, JSON.stringify({ account_id: 1, key_id: 'k' }));
      const connecting = connectPlatform({ credentialsFile: file, host: h.host });
      await expect(connecting).rejects.toBeInstanceOf(CredentialsError);
      await expect(connecting).rejects.toThrow(`credentials file ${file}: private_key is missing or not a PEM private key`);
    });
  });
});
