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
 * of the documented range); expiry is lazy against the injected clock (an expired row is invisible at
 * once and deleted by a sweep: every SWEEP_EVERY_WRITES writes and when the sandbox opens); the store is
 * strongly consistent.
 */

import { KV_DEFAULT_TTL_S, KV_MAX_KEY_LENGTH, KV_MAX_TTL_S, KV_MAX_VALUE_LENGTH } from '../../contract/storage-limits';
import { KvRows } from './state/kv-rows';

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

/**
 * The store of one application. `now` returns epoch milliseconds (the sandbox's virtual clock). Items
 * live in SQLite rows (src/sandbox/state/kv-rows.ts): the sandbox's database file for an application of
 * the sandbox, or rows of its own in an in-memory database when `rows` is omitted (tests, `voxmask call`'s scripts).
 * Writes through a file database are group-committed (src/sandbox/state/database.ts); the Management
 * API's answers await the commit.
 */
export class KeyValueStore {
  private rows: KvRows;

  constructor(
    private readonly now: () => number,
    rows?: KvRows,
  ) {
    this.rows = rows ?? KvRows.inMemory(this);
  }

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
    KeyValueStore.validateItem(key, text);
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
    KeyValueStore.validateItem(key, value);
    if (expireAtS - this.nowS() > KV_MAX_TTL_S) {
      throw new KeyValueError('ttl', `expires_at is more than ${KV_MAX_TTL_S} seconds ahead`, 497);
    }
    return this.write(key, value, expireAtS);
  }

  /** Throws KeyValueError for a bad key or a value over the length limit. */
  static validateItem(key: string, value: string): void {
    KeyValueStore.validateKey(key);
    if (value.length > KV_MAX_VALUE_LENGTH) {
      throw new KeyValueError('value', `value is ${value.length} characters; at most ${KV_MAX_VALUE_LENGTH} are allowed`, 499);
    }
  }

  private write(key: string, value: string, expireAt: number): StoredItem {
    const item = { key, value, expireAt };
    this.rows.set(item, this.nowS());
    return { ...item };
  }

  /** The live item for `key`, or null when missing or expired (an expired row stays until a sweep or an overwrite). */
  get(key: string): StoredItem | null {
    const row = this.rows.get(key);
    return row && row.expireAt > this.nowS() ? row : null;
  }

  /** Deletes `key`; returns whether a live item was removed. */
  remove(key: string): boolean {
    const existed = this.get(key) !== null;
    this.rows.delete(key);
    return existed;
  }

  /**
   * Live items whose key begins with `prefix` (all items when it is empty), sorted by key, then paged
   * with `offset` and `count` (Infinity: to the end). Returns the page and the total number of matches.
   * A prefix with a character no key may hold matches nothing.
   */
  list(prefix = '', offset = 0, count = Number.POSITIVE_INFINITY): { items: StoredItem[]; total: number } {
    if (!KEY_PATTERN.test(prefix)) return { items: [], total: 0 };
    const nowS = this.nowS();
    const { rows: items, total } = this.rows.listing(prefix, nowS, Math.max(0, Math.floor(offset)), count);
    return { items, total };
  }

  /**
   * Cuts this store off its rows (its application was deleted, and the rows with it): later operations
   * of sessions still holding it act on an empty in-memory store.
   */
  detach(): void {
    this.rows = KvRows.inMemory(this);
  }

  private nowS(): number {
    return Math.floor(this.now() / 1000);
  }
}
