import { KV_DEFAULT_TTL_S } from '../../../src/sandbox/kv-store';
import { exportState } from '../../../src/sandbox/state/export';
import { ApiHarness, startApi } from './harness';

/** Key-value storage methods on the application's ApplicationStorage (docs/platform.md#kv-methods). */
describe('key-value storage', () => {
  let api: ApiHarness;
  let appId: number;
  beforeEach(async () => {
    api = await startApi();
    appId = (await api.client.Applications.addApplication({ applicationName: 'kv' })).applicationId;
  });
  afterEach(async () => {
    await api.close();
  });
  const nowS = (): number => Math.floor(api.clock.now / 1000);
  const kv = (cmd: string, fields: Record<string, string> = {}) => api.post({ cmd, application_id: String(appId), ...fields });

  test('SetKeyValueItem creates or updates and answers the item; GetKeyValueItem reads it (real client)', async () => {
    const set = await api.client.KeyValueStorage.setKeyValueItem({
      applicationId: appId,
      key: 'order:1001',
      value: '{"pin":"4321"}',
      ttl: 3600,
    });
    expect(set.result).toEqual({ key: 'order:1001', value: '{"pin":"4321"}', expiresAt: nowS() + 3600 });
    const updated = await api.client.KeyValueStorage.setKeyValueItem({ applicationId: appId, key: 'order:1001', value: 'v2' });
    expect(updated.result).toEqual({ key: 'order:1001', value: 'v2', expiresAt: nowS() + KV_DEFAULT_TTL_S });
    const got = await api.client.KeyValueStorage.getKeyValueItem({ applicationId: appId, key: 'order:1001' });
    expect(got.result).toEqual({ key: 'order:1001', value: 'v2', expiresAt: nowS() + KV_DEFAULT_TTL_S });
  });

  test('the API and the runtime share one store: what one writes the other reads', async () => {
    await kv('SetKeyValueItem', { key: 'from-api', value: 'a' });
    const store = api.opened.state.storageOf(appId);
    expect(store.get('from-api')?.value).toBe('a');
    store.put('from-scenario', 'b', 60);
    expect((await kv('GetKeyValueItem', { key: 'from-scenario' })).json.result).toEqual({
      key: 'from-scenario',
      value: 'b',
      expires_at: nowS() + 60,
    });
  });

  test('expiry follows the injected (virtual) clock; expires_at sets an absolute Unix time in seconds', async () => {
    await kv('SetKeyValueItem', { key: 'short', value: 'x', ttl: '10' });
    await kv('SetKeyValueItem', { key: 'until', value: 'y', expires_at: String(nowS() + 20) });
    api.clock.now += 10_000;
    expect((await kv('GetKeyValueItem', { key: 'short' })).json.result).toEqual({});
    expect((await kv('GetKeyValueItem', { key: 'until' })).json.result.value).toBe('y');
    api.clock.now += 10_000;
    expect((await kv('GetKeyValueItem', { key: 'until' })).json.result).toEqual({});
  });

  test('a missing key reads as an empty result (the client does not throw on it); delete answers 1 either way', async () => {
    const missing = await api.client.KeyValueStorage.getKeyValueItem({ applicationId: appId, key: 'nothing' });
    expect(missing.result).toEqual({});
    await kv('SetKeyValueItem', { key: 'gone', value: 'x' });
    expect((await kv('DelKeyValueItem', { key: 'gone' })).json).toEqual({ result: 1 });
    expect((await kv('DelKeyValueItem', { key: 'gone' })).json).toEqual({ result: 1 });
    expect((await kv('GetKeyValueItem', { key: 'gone' })).json.result).toEqual({});
  });

  test('GetKeyValueItems: prefix match sorted by key, arrays, count default 10 and at most 50, offset, total_count', async () => {
    for (let i = 0; i < 60; i++) await kv('SetKeyValueItem', { key: `order:${String(i).padStart(2, '0')}`, value: `v${i}` });
    await kv('SetKeyValueItem', { key: 'other', value: 'x' });
    const first = await kv('GetKeyValueItems', { key: 'order:' });
    expect(Array.isArray(first.json.result)).toBe(true);
    expect(first.json.result).toHaveLength(10);
    expect([first.json.total_count, first.json.count]).toEqual([60, 10]);
    expect(first.json.result[0]).toEqual({ key: 'order:00', value: 'v0', expires_at: nowS() + KV_DEFAULT_TTL_S });
    const page = await kv('GetKeyValueItems', { key: 'order:', count: '50', offset: '55' });
    expect(page.json.result.map((i: { key: string }) => i.key)).toEqual(['order:55', 'order:56', 'order:57', 'order:58', 'order:59']);
    const tooMany = await kv('GetKeyValueItems', { key: 'order:', count: '51' });
    expect(tooMany.json.error).toEqual({ code: 101, msg: expect.stringContaining("'count'") });
    expect((await kv('GetKeyValueItems', {})).json.error.code).toBe(134);
  });

  test('GetKeyValueKeys lists {key, expires_at} as an array, all keys without a prefix', async () => {
    await kv('SetKeyValueItem', { key: 'b', value: '1', ttl: '100' });
    await kv('SetKeyValueItem', { key: 'a:1', value: '2', ttl: '200' });
    const all = await kv('GetKeyValueKeys');
    expect(all.json).toEqual({
      result: [
        { key: 'a:1', expires_at: nowS() + 200 },
        { key: 'b', expires_at: nowS() + 100 },
      ],
      total_count: 2,
      count: 2,
    });
    expect((await kv('GetKeyValueKeys', { key: 'a:' })).json.result.map((k: { key: string }) => k.key)).toEqual(['a:1']);
  });

  test('limits: key ≤ 200 chars and its alphabet (496/499), value ≤ 2000 (499), ttl ≤ 90 days (497), ttl and expires_at together (458)', async () => {
    expect((await kv('SetKeyValueItem', { key: 'k'.repeat(201), value: 'x' })).json.error.code).toBe(499);
    expect((await kv('SetKeyValueItem', { key: 'k'.repeat(200), value: 'x' })).json.result.key).toHaveLength(200);
    expect((await kv('SetKeyValueItem', { key: 'bad key', value: 'x' })).json.error.code).toBe(496);
    expect((await kv('SetKeyValueItem', { key: 'заказ:1', value: 'x' })).json.result.key).toBe('заказ:1');
    expect((await kv('SetKeyValueItem', { key: 'v', value: 'x'.repeat(2001) })).json.error.code).toBe(499);
    expect((await kv('SetKeyValueItem', { key: 't', value: 'x', ttl: '7776001' })).json.error).toEqual({
      code: 497,
      msg: expect.stringContaining('ttl'),
    });
    expect((await kv('SetKeyValueItem', { key: 't', value: 'x', ttl: '5', expires_at: String(nowS() + 5) })).json.error.code).toBe(458);
    expect((await kv('SetKeyValueItem', { key: 't', value: 'x', expires_at: String(nowS() - 1) })).json.error.code).toBe(497);
    expect((await kv('SetKeyValueItem', { key: 't' })).json.error).toEqual({ code: 134, msg: expect.stringContaining("'value'") });
    expect((await api.post({ cmd: 'SetKeyValueItem', key: 't', value: 'x' })).json.error.code).toBe(134);
    expect((await api.post({ cmd: 'SetKeyValueItem', application_id: '77', key: 't', value: 'x' })).json.error.code).toBe(116);
  });

  test('storage is per application and is dropped with its application', async () => {
    const other = (await api.client.Applications.addApplication({ applicationName: 'kv-two' })).applicationId;
    await kv('SetKeyValueItem', { key: 'shared-name', value: 'one' });
    await api.post({ cmd: 'SetKeyValueItem', application_name: 'kv-two', key: 'shared-name', value: 'two' });
    expect((await kv('GetKeyValueItem', { key: 'shared-name' })).json.result.value).toBe('one');
    expect(Object.keys(exportState(api.opened.databaseFile).storage).sort()).toEqual([String(appId), String(other)].sort());
    await api.client.Applications.delApplication({ applicationId: other });
    // The committed database: the answer to DelApplication waited for the commit.
    const committed = exportState(api.opened.databaseFile).storage;
    expect(Object.keys(committed)).toEqual([String(appId)]);
    expect(JSON.stringify(committed)).not.toContain('two');
  });
});
