import type { PlatformApi } from '../../platform/api';
import { fetchAllPages } from '../../platform/paging';

/** A stored item. `expiresAt` is Unix seconds on the platform's clock. */
export interface StoredValue {
  value: string;
  expiresAt: number;
}

/**
 * The three ApplicationStorage operations the order store needs. The Management API implementation
 * is platformKeyValue; tests may use any other (e.g. the sandbox's KeyValueStore directly).
 */
export interface KeyValueBackend {
  /** The live item, or undefined when missing or expired. */
  get(key: string): Promise<StoredValue | undefined>;
  /** Creates or replaces `key` for `ttlS` seconds. */
  set(key: string, value: string, ttlS: number): Promise<void>;
  /** Deletes `key` (no error when it is missing). */
  delete(key: string): Promise<void>;
  /** Every live item whose key begins with `prefix`, with its key. */
  list(prefix: string): Promise<(StoredValue & { key: string })[]>;
  /** How many live keys begin with `prefix`; optional (callers fall back to `list(prefix).length`). */
  count?(prefix: string): Promise<number>;
}

/** Items per GetKeyValueItems/GetKeyValueKeys request: at most 50 (docs/platform.md#kv-methods). */
export const KV_PAGE_SIZE = 50;

/** GetKeyValueItems paging: KV_PAGE_SIZE items a page; at most 10 000 pages (500,000 items). */
const KV_PAGING = { pageSize: KV_PAGE_SIZE, maxPages: 10_000 } as const;

/**
 * KeyValueBackend over the Management API of one application: GetKeyValueItem, SetKeyValueItem
 * (with `ttl`, relative, so the platform's own clock decides expiry), DelKeyValueItem,
 * GetKeyValueItems for listing and GetKeyValueKeys for counting, through PlatformApi's adapter for the client's mapping bug (docs/platform.md#kv-listing-quirk, docs/platform.md#kv-methods).
 * A missing key is recognised both as `result: null` and as a result without `key` (the platform's
 * answer for a missing key is undocumented, docs/platform.md#kv-methods; the sandbox answers `{}`).
 */
export function platformKeyValue(api: PlatformApi, applicationId: number): KeyValueBackend {
  return {
    async get(key) {
      const res = await api.call('GetKeyValueItem', { applicationId, key });
      const item = res.result as { key?: string; value?: string; expiresAt?: number } | null | undefined;
      if (!item || typeof item.key !== 'string' || typeof item.value !== 'string') return undefined;
      return { value: item.value, expiresAt: Number(item.expiresAt ?? 0) };
    },
    async set(key, value, ttlS) {
      await api.call('SetKeyValueItem', { applicationId, key, value, ttl: ttlS });
    },
    async delete(key) {
      await api.call('DelKeyValueItem', { applicationId, key });
    },
    list(prefix) {
      return fetchAllPages(
        'GetKeyValueItems',
        (offset, count) => api.listKeyValueItems({ applicationId, key: prefix, count, offset }),
        KV_PAGING,
      );
    },
    // One GetKeyValueKeys request when the answer carries total_count (undocumented, docs/platform.md#kv-methods); else every key page.
    async count(prefix) {
      const first = await api.listKeyValueKeys({ applicationId, key: prefix, count: 1, offset: 0 });
      if (typeof first.totalCount === 'number') return first.totalCount;
      const keys = await fetchAllPages(
        'GetKeyValueKeys',
        (offset, count) => api.listKeyValueKeys({ applicationId, key: prefix, count, offset }),
        KV_PAGING,
      );
      return keys.length;
    },
  };
}
