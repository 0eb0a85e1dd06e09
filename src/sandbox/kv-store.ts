/**
 * The per-application key-value store behind both VoxEngine's `ApplicationStorage` and the Management
 * API's `SetKeyValueItem`/`GetKeyValueItem`/`GetKeyValueItems`/`GetKeyValueKeys`/`DelKeyValueItem`.
 *
 * Platform facts (docs/platform.md#kv-limits):
 * - keys are at most 200 characters and match `^[a-zA-Z0-9а-яА-ЯёЁ_\-:;.#+]*$` (MAPI docs; we apply the
 *   same rule on the VoxEngine side because it is one store (inferred));
 * - values are strings of at most 2000 characters;
 * - TTL is in seconds, 0..7,776,000 (90 days); the default when omitted is 30 days (2,592,000 s);
 * - `expireAt`/`expires_at` is a Unix timestamp in **seconds** (inferred);
 * - listing matches keys that **begin with** the pattern (inferred: prefix match).
 *
 * Emulator choices the docs leave open, all (inferred): a TTL of 0 expires the item at once (the literal reading
 * of the documented range); expiry is lazy against the injected clock; the store is strongly consistent.
 */

import { KV_DEFAULT_TTL_S, KV_MAX_KEY_LENGTH, KV_MAX_TTL_S, KV_MAX_VALUE_LENGTH } from '../../contract/storage-limits';

export { KV_DEFAULT_TTL_S, KV_MAX_KEY_LENGTH, KV_MAX_TTL_S, KV_MAX_VALUE_LENGTH };

const KEY_PATTERN = /^[a-zA-Z0-9а-яА-ЯёЁ_\-:;.#+]*$/;

/** One stored item as the platform returns it. `expireAt` is Unix seconds. */
export interface StoredItem {
  key: string;
  value: string;
  expireAt: number;
}

/** Why a write was refused; `code` is the Management API error code the same input gets there. */
export class KeyValueError extends Error {
  override name = 'KeyValueError';
  constructor(
    /** The offending field: `key`, `value` or `ttl`. */
    readonly field: 'key' | 'value' | 'ttl',
    message: string,
    /** 496 invalid, 497 out of range, 499 too long (docs/platform.md#error-codes). */
    readonly code: 496 | 497 | 499,
  ) {
    super(message);
  }
}

/** Serialized form, used by the sandbox's state file. */
export interface KeyValueStoreSnapshot {
  items: StoredItem[];
}

/** The store of one application. `now` returns epoch milliseconds (the sandbox's virtual clock). */
export class KeyValueStore {
  private readonly items = new Map<string, StoredItem>();
  /** Called after every change (put, remove, expiry sweep is not a change). Used for persistence. */
  onChange: (() => void) | undefined;

  constructor(private readonly now: () => number) {}

  /** Throws KeyValueError when `key` breaks the platform's length or character rules. */
  static validateKey(key: unknown): asserts key is string {
    if (typeof key !== 'string' || key.length === 0) throw new KeyValueError('key', 'key must be a non-empty string', 496);
    if (key.length > KV_MAX_KEY_LENGTH) {
      throw new KeyValueError('key', `key is ${key.length} characters; at most ${KV_MAX_KEY_LENGTH} are allowed`, 499);
    }
    if (!KEY_PATTERN.test(key)) {
      throw new KeyValueError('key', `key "${key}" has characters outside [a-zA-Z0-9а-яА-ЯёЁ_-:;.#+]`, 496);
    }
  }

  /**
   * Creates or replaces `key`. `ttlS` in seconds (default 30 days); non-string values are stored as
   * `String(value)`, as the platform's own guide does with numbers. Returns the stored item.
   * Throws KeyValueError for a bad key, a value over 2000 characters or a TTL outside 0..7,776,000.
   */
  put(key: string, value: unknown, ttlS: number = KV_DEFAULT_TTL_S): StoredItem {
    const text = typeof value === 'string' ? value : String(value);
    KeyValueStore.checkItem(key, text);
    if (typeof ttlS !== 'number' || !Number.isFinite(ttlS) || ttlS < 0 || ttlS > KV_MAX_TTL_S) {
      throw new KeyValueError('ttl', `ttl ${String(ttlS)} is outside 0..${KV_MAX_TTL_S} seconds`, 497);
    }
    return this.write(key, text, this.nowS() + Math.floor(ttlS));
  }

  /**
   * Creates or replaces `key` with an absolute expiry in Unix seconds (MAPI `expires_at`), which must be
   * in the future and at most 7,776,000 s ahead. Throws KeyValueError (field `ttl`, `key` or `value`).
   */
  putUntil(key: string, value: string, expireAtS: number): StoredItem {
    if (expireAtS <= this.nowS()) throw new KeyValueError('ttl', `expires_at ${expireAtS} is not in the future`, 497);
    KeyValueStore.checkItem(key, value);
    if (expireAtS - this.nowS() > KV_MAX_TTL_S) {
      throw new KeyValueError('ttl', `expires_at is more than ${KV_MAX_TTL_S} seconds ahead`, 497);
    }
    return this.write(key, value, expireAtS);
  }

  /** Throws KeyValueError for a bad key or a value over the length limit. */
  private static checkItem(key: string, value: string): void {
    KeyValueStore.validateKey(key);
    if (value.length > KV_MAX_VALUE_LENGTH) {
      throw new KeyValueError('value', `value is ${value.length} characters; at most ${KV_MAX_VALUE_LENGTH} are allowed`, 499);
    }
  }

  private write(key: string, value: string, expireAt: number): StoredItem {
    const item = { key, value, expireAt };
    this.items.set(key, item);
    this.onChange?.();
    return { ...item };
  }

  /** The live item for `key`, or null when missing or expired. */
  get(key: string): StoredItem | null {
    const item = this.items.get(key);
    if (!item) return null;
    if (item.expireAt <= this.nowS()) {
      this.items.delete(key);
      return null;
    }
    return { ...item };
  }

  /** Deletes `key`; returns whether a live item was removed. */
  remove(key: string): boolean {
    const existed = this.get(key) !== null;
    if (this.items.delete(key)) this.onChange?.();
    return existed;
  }

  /**
   * Live items whose key begins with `prefix` (all items when it is empty), sorted by key,
   * then paged with `offset` and `count`. Returns the page and the total number of matches.
   */
  list(prefix = '', offset = 0, count = Number.POSITIVE_INFINITY): { items: StoredItem[]; total: number } {
    const nowS = this.nowS();
    const matches: StoredItem[] = [];
    for (const item of this.items.values()) {
      if (item.expireAt <= nowS) continue;
      if (item.key.startsWith(prefix)) matches.push({ ...item });
    }
    matches.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return { items: matches.slice(offset, offset + count), total: matches.length };
  }

  /** Live items for persistence. */
  snapshot(): KeyValueStoreSnapshot {
    return { items: this.list().items };
  }

  /** Replaces the contents with a snapshot (expired items are skipped). Does not fire onChange. */
  restore(snapshot: KeyValueStoreSnapshot): void {
    this.items.clear();
    const nowS = this.nowS();
    for (const item of snapshot.items) if (item.expireAt > nowS) this.items.set(item.key, { ...item });
  }

  private nowS(): number {
    return Math.floor(this.now() / 1000);
  }
}
