import { KeyValueError, KeyValueStore, StoredItem } from '../../kv-store';
import { MethodContext, MethodTable } from '../context';
import { ApiCode, ApiError } from '../errors';
import { PageLimits, pageParams } from '../format';
import { requireApplication } from '../lookup';

/** GetKeyValueItems/GetKeyValueKeys: "count (max 50, default 10)" (docs/platform.md#kv-methods). */
const KV_LIMITS: PageLimits = { defaultCount: 10, maxCount: 50 };

/**
 * Key-value storage (docs/platform.md#kv-methods) on the application's ApplicationStorage — the same
 * KeyValueStore the runtime's scenarios use, on the runtime's virtual clock. `expires_at` is Unix
 * seconds. Every method needs `application_id` | `application_name`. Store refusals keep the store's
 * codes: 496 invalid, 497 out of range, 499 too long.
 */
export const keyValueMethods: MethodTable = {
  /** `key`, `value`, `ttl` (s, 0..7,776,000, default 30 days) | `expires_at` (Unix s) → `{result: {key, value, expires_at}}`. Creates or updates. */
  SetKeyValueItem: {
    storageOnly: true,
    handle: (ctx) => {
      const store = storeOf(ctx);
      const key = ctx.params.requireString('key');
      const value = ctx.params.requireString('value');
      const ttl = ctx.params.int('ttl');
      const expiresAt = ctx.params.int('expires_at');
      if (ttl !== undefined && expiresAt !== undefined)
        throw new ApiError(ApiCode.ONLY_ONE_OF_PARAMETERS, "Specify only one of the parameters 'ttl' and 'expires_at'");
      const item = storeCall(() => {
        if (expiresAt === undefined) return store.put(key, value, ttl);
        return store.putUntil(key, value, expiresAt);
      });
      return { result: itemView(item) };
    },
  },

  /** `key` → `{result: {key, value, expires_at}}`, or `{result: {}}` for a missing or expired key (inferred: undocumented, docs/platform.md#kv-methods; an empty object keeps the official client from throwing). */
  GetKeyValueItem: {
    handle: (ctx) => {
      const { store, key } = itemOf(ctx);
      const item = store.get(key);
      return { result: item ? itemView(item) : {} };
    },
  },

  /** Items whose key begins with `key` (inferred: prefix match), sorted by key: `{result: [{key, value, expires_at}], total_count, count}`; `count` ≤ 50 (default 10), `offset`. */
  GetKeyValueItems: {
    handle: (ctx) => {
      const store = storeOf(ctx);
      const page = pageFrom(ctx, store, ctx.params.requireString('key'));
      return { ...page, result: page.result.map(itemView) };
    },
  },

  /** Keys beginning with `key` (all keys without it): `{result: [{key, expires_at}], total_count, count}` (inferred: an array like GetKeyValueItems); `count` ≤ 50 (default 10), `offset`. */
  GetKeyValueKeys: {
    handle: (ctx) => {
      const store = storeOf(ctx);
      const page = pageFrom(ctx, store, ctx.params.string('key') ?? '');
      return { ...page, result: page.result.map((item) => ({ key: item.key, expires_at: item.expireAt })) };
    },
  },

  /** `key` → `{result: 1}`, also when the key does not exist (inferred). */
  DelKeyValueItem: {
    storageOnly: true,
    handle: (ctx) => {
      const { store, key } = itemOf(ctx);
      store.remove(key);
      return { result: 1 };
    },
  },
};

/** One page of the items whose key begins with `prefix`, read as a page from the store (not cut from all of them). */
function pageFrom(ctx: MethodContext, store: KeyValueStore, prefix: string): { result: StoredItem[]; total_count: number; count: number } {
  const { offset, count } = pageParams(ctx.params, KV_LIMITS);
  const { items, total } = store.list(prefix, offset, count);
  return { result: items, total_count: total, count: items.length };
}

function storeOf(ctx: MethodContext): KeyValueStore {
  return ctx.state.storageOf(requireApplication(ctx).id);
}

/** The application's store and the request's validated `key` (ApiError 134 missing, 496/499 invalid). */
function itemOf(ctx: MethodContext): { store: KeyValueStore; key: string } {
  const store = storeOf(ctx);
  const key = ctx.params.requireString('key');
  storeCall(() => KeyValueStore.validateKey(key));
  return { store, key };
}

function itemView(item: StoredItem): { key: string; value: string; expires_at: number } {
  return { key: item.key, value: item.value, expires_at: item.expireAt };
}

/** Runs a store operation, turning a KeyValueError into the ApiError with the same code. */
function storeCall<T>(operation: () => T): T {
  try {
    return operation();
  } catch (err) {
    if (err instanceof KeyValueError) {
      const param = err.field === 'ttl' ? 'ttl/expires_at' : err.field;
      throw new ApiError(err.code, `Invalid ${param}: ${err.message}`);
    }
    throw err;
  }
}
