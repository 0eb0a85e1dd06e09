import { KeyValueError, KeyValueStore, KV_DEFAULT_TTL_S, KV_MAX_TTL_S } from '../../src/sandbox/kv-store';

function storeAt(startMs: number) {
  let nowMs = startMs;
  const store = new KeyValueStore(() => nowMs);
  return { store, advance: (ms: number) => (nowMs += ms) };
}

describe('KeyValueStore (ApplicationStorage semantics)', () => {
  test('put/get round trip with expireAt in Unix seconds and a 30-day default TTL', () => {
    const { store } = storeAt(Date.UTC(2026, 0, 1));
    const item = store.put('order:12345', '{"v":1}');
    expect(item).toEqual({ key: 'order:12345', value: '{"v":1}', expireAt: Date.UTC(2026, 0, 1) / 1000 + KV_DEFAULT_TTL_S });
    expect(store.get('order:12345')?.value).toBe('{"v":1}');
  });

  test('a missing key reads as null, an expired key too', () => {
    const { store, advance } = storeAt(0);
    expect(store.get('nope')).toBeNull();
    store.put('k', 'v', 10);
    advance(9_999);
    expect(store.get('k')?.value).toBe('v');
    advance(1);
    expect(store.get('k')).toBeNull();
  });

  test('numbers are stored as strings', () => {
    const { store } = storeAt(0);
    expect(store.put('totalCalls', 0 as unknown as string).value).toBe('0');
  });

  test.each([
    ['a key over 200 characters', () => new KeyValueStore(() => 0).put('k'.repeat(201), 'v'), 'key', 499],
    ['a key with a space', () => new KeyValueStore(() => 0).put('bad key', 'v'), 'key', 496],
    ['a value over 2000 characters', () => new KeyValueStore(() => 0).put('k', 'v'.repeat(2001)), 'value', 499],
    ['a negative TTL', () => new KeyValueStore(() => 0).put('k', 'v', -1), 'ttl', 497],
    ['a TTL over 90 days', () => new KeyValueStore(() => 0).put('k', 'v', KV_MAX_TTL_S + 1), 'ttl', 497],
  ])('refuses %s, naming the field', (_label, write, field, code) => {
    let error: unknown;
    try {
      write();
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(KeyValueError);
    expect((error as KeyValueError).field).toBe(field);
    expect((error as KeyValueError).code).toBe(code);
  });

  test('limits are inclusive: 200-character key, 2000-character value, 90-day TTL', () => {
    const { store } = storeAt(0);
    expect(() => store.put('k'.repeat(200), 'v'.repeat(2000), KV_MAX_TTL_S)).not.toThrow();
  });

  test('list matches by prefix, sorted, paged, and skips expired items', () => {
    const { store, advance } = storeAt(0);
    store.put('order:2', 'b');
    store.put('order:1', 'a');
    store.put('orders', 'x');
    store.put('lock:1', 'l', 5);
    store.put('order:3', 'short', 5);
    advance(5_000);
    expect(store.list('order:').items.map((i) => i.key)).toEqual(['order:1', 'order:2']);
    expect(store.list('order').total).toBe(3);
    expect(store.list('', 1, 2).items.map((i) => i.key)).toEqual(['order:2', 'orders']);
  });

  test('a prefix sorts and bounds by code point: Cyrillic keys, a prefix ending in the last letters, a prefix no key can hold', () => {
    const { store } = storeAt(0);
    for (const key of ['заказ:2', 'заказ:1', 'заказы', 'z', 'zz', 'я', 'яя', 'ё']) store.put(key, 'v');
    expect(store.list('заказ').items.map((i) => i.key)).toEqual(['заказ:1', 'заказ:2', 'заказы']);
    expect(store.list('z').items.map((i) => i.key)).toEqual(['z', 'zz']);
    expect(store.list('я').items.map((i) => i.key)).toEqual(['я', 'яя']);
    expect(store.list('').items.map((i) => i.key)).toEqual(['z', 'zz', 'заказ:1', 'заказ:2', 'заказы', 'я', 'яя', 'ё']);
    expect(store.list('bad key')).toEqual({ items: [], total: 0 });
    expect(store.list('%')).toEqual({ items: [], total: 0 });
  });

  test('a page past the end is empty but still counts every match', () => {
    const { store } = storeAt(0);
    for (let i = 0; i < 30; i++) store.put(`k:${String(i).padStart(2, '0')}`, 'v');
    expect(store.list('k:', 25, 10).items.map((i) => i.key)).toEqual(['k:25', 'k:26', 'k:27', 'k:28', 'k:29']);
    expect(store.list('k:', 40, 10)).toEqual({ items: [], total: 30 });
    expect(store.list('k:', 0, 0)).toEqual({ items: [], total: 30 });
  });

  test('remove answers whether a live item went; an expired one is gone for good once removed or overwritten', () => {
    const { store, advance } = storeAt(0);
    store.put('live', 'v');
    store.put('dead', 'v', 1);
    advance(1_000);
    expect(store.remove('live')).toBe(true);
    expect(store.remove('live')).toBe(false);
    expect(store.remove('dead')).toBe(false);
    store.put('dead', 'again', 10);
    expect(store.get('dead')?.value).toBe('again');
  });

  test('a detached store (its application deleted) is empty and keeps working apart', () => {
    const { store } = storeAt(0);
    store.put('k', 'v');
    store.detach();
    expect(store.get('k')).toBeNull();
    store.put('k2', 'v2');
    expect(store.list().items.map((i) => i.key)).toEqual(['k2']);
  });
});
