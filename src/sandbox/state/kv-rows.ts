import type { Statement } from 'better-sqlite3';
import { StateDatabase } from './database';

/** One ApplicationStorage row; `expireAt` is Unix seconds. */
export interface KvRow {
  key: string;
  value: string;
  expireAt: number;
}

/** Writes between two sweeps of expired rows (a sweep scans the table once: ~20 ms at 200,000 rows). */
export const SWEEP_EVERY_WRITES = 10_000;

/**
 * Above every key a prefix range can hold: stored keys are validated (kv-store.ts: BMP characters only),
 * and SQLite's BINARY order of UTF-8 text is code point order.
 */
const AFTER_ALL_KEYS = '\u{10FFFF}';

interface KvStatements {
  get: Statement<[number, string], KvRow>;
  upsert: Statement<[number, string, string, number]>;
  remove: Statement<[number, string]>;
  page: Statement<[number, string, string, number, number, number], KvRow>;
  pageAfter: Statement<[number, string, string, number, number], KvRow>;
  count: Statement<[number, string, string, number], { n: number }>;
  expiredBetween: Statement<[number, number, number], { n: number }>;
  removeApplication: Statement<[number]>;
  sweep: Statement<[number]>;
  writesSinceSweep: number;
  /** Bumped by every write to the database: a listing cursor taken before a write is stale. */
  generation: number;
}

/**
 * Where the last listing of one prefix stopped. The Management API pages by offset, and SQLite skips an
 * offset row by row (a 100,000-item listing in pages of 50 read the table 2,000 times over); a request
 * for the page right after the last one, with nothing written and nothing expired since, continues
 * from the last key instead, and the total is counted once.
 */
interface ListingCursor {
  prefix: string;
  /** Unix seconds the listing was read at. */
  nowS: number;
  generation: number;
  /** Live rows of the prefix at nowS. */
  total: number;
  /** Offset of the row after the last one read, and that last row's key (none read yet: undefined). */
  nextOffset: number;
  lastKey: string | undefined;
}

const statementsByDatabase = new WeakMap<StateDatabase, KvStatements>();

/** The in-memory database of standalone stores (KvRows.inMemory), opened on first use. */
let standalone: StateDatabase | undefined;
/** The last application id handed to a standalone store. */
let lastStandaloneId = 0;
/** Deletes a collected standalone store's rows. */
const releaseStandalone = new FinalizationRegistry<number>((applicationId) => {
  if (standalone) new KvRows(standalone, applicationId).deleteAll();
});

function statementsOf(database: StateDatabase): KvStatements {
  let statements = statementsByDatabase.get(database);
  if (!statements) {
    const db = database.db;
    statements = {
      get: db.prepare('SELECT key, value, expire_at AS expireAt FROM kv_item WHERE application_id = ? AND key = ?'),
      upsert: db.prepare(
        'INSERT INTO kv_item (application_id, key, value, expire_at) VALUES (?, ?, ?, ?) ON CONFLICT (application_id, key) DO UPDATE SET value = excluded.value, expire_at = excluded.expire_at',
      ),
      remove: db.prepare('DELETE FROM kv_item WHERE application_id = ? AND key = ?'),
      page: db.prepare(
        'SELECT key, value, expire_at AS expireAt FROM kv_item WHERE application_id = ? AND key >= ? AND key < ? AND expire_at > ? ORDER BY key LIMIT ? OFFSET ?',
      ),
      pageAfter: db.prepare(
        'SELECT key, value, expire_at AS expireAt FROM kv_item WHERE application_id = ? AND key > ? AND key < ? AND expire_at > ? ORDER BY key LIMIT ?',
      ),
      count: db.prepare('SELECT count(*) AS n FROM kv_item WHERE application_id = ? AND key >= ? AND key < ? AND expire_at > ?'),
      expiredBetween: db.prepare(
        'SELECT count(*) AS n FROM (SELECT 1 FROM kv_item WHERE application_id = ? AND expire_at > ? AND expire_at <= ? LIMIT 1)',
      ),
      removeApplication: db.prepare('DELETE FROM kv_item WHERE application_id = ?'),
      sweep: db.prepare('DELETE FROM kv_item WHERE expire_at <= ?'),
      writesSinceSweep: 0,
      generation: 0,
    };
    statementsByDatabase.set(database, statements);
  }
  return statements;
}

/**
 * The rows of one application's ApplicationStorage in a StateDatabase (table `kv_item`). No validation
 * and no expiry logic here (KeyValueStore does both); listing is by key range on the primary key, so a
 * page costs its offset plus its size, not the whole store.
 */
export class KvRows {
  private readonly statements: KvStatements;
  private cursor: ListingCursor | undefined;

  constructor(
    private readonly database: StateDatabase,
    readonly applicationId: number,
  ) {
    this.statements = statementsOf(database);
  }

  /**
   * Rows of a standalone store (tests, call scripts): an application id of their own in one in-memory
   * database shared by every standalone store of the process, deleted once `owner` (the store) is
   * garbage-collected. (A database each cost ~120 KB of native memory that the garbage collector
   * does not see.)
   */
  static inMemory(owner: object): KvRows {
    standalone ??= StateDatabase.memory();
    const rows = new KvRows(standalone, ++lastStandaloneId);
    releaseStandalone.register(owner, rows.applicationId);
    return rows;
  }

  /** The row of `key`, expired or not. */
  get(key: string): KvRow | undefined {
    return this.statements.get.get(this.applicationId, key);
  }

  /**
   * Creates or replaces a row. Every SWEEP_EVERY_WRITES writes (per database), rows expired at `nowS`
   * (Unix seconds) are deleted from every application.
   */
  set(row: KvRow, nowS: number): void {
    const s = this.statements;
    this.database.write(() => {
      s.generation++;
      s.upsert.run(this.applicationId, row.key, row.value, row.expireAt);
      if (++s.writesSinceSweep >= SWEEP_EVERY_WRITES) {
        s.writesSinceSweep = 0;
        s.sweep.run(nowS);
      }
    });
  }

  /** Deletes the row of `key`; returns whether there was one. */
  delete(key: string): boolean {
    if (!this.get(key)) return false;
    this.database.write(() => {
      this.statements.generation++;
      this.statements.remove.run(this.applicationId, key);
    });
    return true;
  }

  /**
   * Rows live at `nowS` whose key begins with `prefix`, in key order, from `offset`, at most `count`
   * (Infinity: all), and how many such rows there are. The cursor is checked once per request: the
   * page right after the previous one continues from its last key and reuses its total (ListingCursor).
   */
  listing(prefix: string, nowS: number, offset: number, count: number): { rows: KvRow[]; total: number } {
    const cursor = this.currentCursor(prefix, nowS);
    const end = prefixEnd(prefix);
    const total = cursor?.total ?? this.statements.count.get(this.applicationId, prefix, end, nowS)?.n ?? 0;
    let rows: KvRow[] = [];
    if (offset < total && count > 0) {
      const limit = Number.isFinite(count) ? Math.floor(count) : -1;
      rows =
        cursor?.lastKey !== undefined && offset === cursor.nextOffset
          ? this.statements.pageAfter.all(this.applicationId, cursor.lastKey, end, nowS, limit)
          : this.statements.page.all(this.applicationId, prefix, end, nowS, limit, offset);
    }
    const last = rows.at(-1);
    // A request that read nothing keeps the cursor where it was (a count, or a page past the end).
    this.cursor =
      last === undefined && cursor
        ? cursor
        : { prefix, nowS, generation: this.statements.generation, total, nextOffset: offset + rows.length, lastKey: last?.key };
    return { rows, total };
  }

  /**
   * The cursor of `prefix` if it still describes the rows live at `nowS`: nothing written to the database
   * since, and no row of this application expired between its time and `nowS`.
   */
  private currentCursor(prefix: string, nowS: number): ListingCursor | undefined {
    const c = this.cursor;
    if (!c || c.prefix !== prefix || c.generation !== this.statements.generation || nowS < c.nowS) return undefined;
    if (nowS > c.nowS && (this.statements.expiredBetween.get(this.applicationId, c.nowS, nowS)?.n ?? 0) > 0) return undefined;
    return c;
  }

  /** Deletes every row of this application. */
  deleteAll(): void {
    this.database.write(() => {
      this.statements.generation++;
      this.statements.removeApplication.run(this.applicationId);
    });
  }

  /** Every row of every application (expired ones too), by application id then key. */
  static *all(database: StateDatabase): Generator<KvRow & { applicationId: number }> {
    yield* database.db
      .prepare('SELECT application_id AS applicationId, key, value, expire_at AS expireAt FROM kv_item ORDER BY application_id, key')
      .iterate() as IterableIterator<KvRow & { applicationId: number }>;
  }

  /** Deletes the rows of every application (a reset). */
  static clear(database: StateDatabase): void {
    database.write(() => {
      statementsOf(database).generation++;
      database.db.exec('DELETE FROM kv_item');
    });
  }

  /** Deletes the rows of every application expired at `nowS` (Unix seconds); returns how many. */
  static sweep(database: StateDatabase, nowS: number): number {
    return database.write(() => {
      statementsOf(database).generation++;
      return statementsOf(database).sweep.run(nowS).changes;
    });
  }
}

/**
 * The smallest string above every string beginning with `prefix`: its last character plus one (keys
 * and prefixes here are BMP characters below the surrogates; see kv-store.ts), or AFTER_ALL_KEYS for ''.
 */
function prefixEnd(prefix: string): string {
  if (prefix === '') return AFTER_ALL_KEYS;
  return prefix.slice(0, -1) + String.fromCharCode(prefix.charCodeAt(prefix.length - 1) + 1);
}
