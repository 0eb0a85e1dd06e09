import { KeyValueBackend } from '../../../src/backend/orders/kv-backend';
import { OrderStore } from '../../../src/backend/orders/order-store';
import type { OrderStoreOptions } from '../../../src/backend/orders/order-store-types';
import { KeyValueStore } from '../../../src/sandbox/kv-store';

/**
 * A KeyValueBackend on the sandbox's own ApplicationStorage model (same key, value and TTL rules as the
 * platform), with a controllable clock and a log of writes, for tests without HTTPS.
 */
export function memoryKv(nowMs: () => number) {
  const store = new KeyValueStore(nowMs);
  const writes: { op: 'set' | 'delete'; key: string; ttlS?: number }[] = [];
  let failNext: Error[] = [];
  const maybeFail = () => {
    const err = failNext.shift();
    if (err) throw err;
  };
  const kv: KeyValueBackend = {
    async get(key) {
      maybeFail();
      const item = store.get(key);
      return item ? { value: item.value, expiresAt: item.expireAt } : undefined;
    },
    async set(key, value, ttlS) {
      maybeFail();
      writes.push({ op: 'set', key, ttlS });
      store.put(key, value, ttlS);
    },
    async delete(key) {
      maybeFail();
      writes.push({ op: 'delete', key });
      store.remove(key);
    },
    async list(prefix) {
      maybeFail();
      return store.list(prefix).items.map((i) => ({ key: i.key, value: i.value, expiresAt: i.expireAt }));
    },
  };
  return {
    kv,
    store,
    writes,
    /** The next calls (get, set or delete) throw these errors, in order. */
    failWith: (...errors: Error[]) => {
      failNext = errors;
    },
  };
}

/**
 * An OrderStore on `mem` with the settings the seed tests share: 6-digit PINs, 1 h grace, a 1-day
 * default TTL, 20 PIN attempts, region DE, the clock `now`; `over` changes any of them.
 */
export function orderStoreOn(mem: ReturnType<typeof memoryKv>, now: () => number, over: Partial<OrderStoreOptions> = {}): OrderStore {
  return new OrderStore({
    kv: mem.kv,
    pinLength: 6,
    graceS: 3600,
    defaultTtlS: 86_400,
    maxPinAttempts: 20,
    defaultRegion: 'DE',
    now,
    ...over,
  });
}
