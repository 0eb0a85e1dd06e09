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
  count: Statement<[number, string, string, number], { n: number }>;
  removeApplication: Statement<[number]>;
  sweep: Statement<[number]>;
  writesSinceSweep: number;
}

const statementsByDatabase = new WeakMap<StateDatabase, KvStatements>();

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
      count: db.prepare('SELECT count(*) AS n FROM kv_item WHERE application_id = ? AND key >= ? AND key < ? AND expire_at > ?'),
      removeApplication: db.prepare('DELETE FROM kv_item WHERE application_id = ?'),
      sweep: db.prepare('DELETE FROM kv_item WHERE expire_at <= ?'),
      writesSinceSweep: 0,
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

  constructor(
    private readonly database: StateDatabase,
    readonly applicationId: number,
  ) {
    this.statements = statementsOf(database);
  }

  /** Rows of a new in-memory database of their own (a standalone store). */
  static inMemory(): KvRows {
    return new KvRows(StateDatabase.memory(), 0);
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
    this.database.write(() => this.statements.remove.run(this.applicationId, key));
    return true;
  }

  /** Rows live at `nowS` whose key begins with `prefix`, in key order, from `offset`, at most `count` (Infinity: all). */
  page(prefix: string, nowS: number, offset: number, count: number): KvRow[] {
    const limit = Number.isFinite(count) ? Math.floor(count) : -1;
    return this.statements.page.all(this.applicationId, prefix, prefixEnd(prefix), nowS, limit, offset);
  }

  /** How many rows live at `nowS` have a key beginning with `prefix`. */
  count(prefix: string, nowS: number): number {
    return this.statements.count.get(this.applicationId, prefix, prefixEnd(prefix), nowS)?.n ?? 0;
  }

  /** Deletes every row of this application. */
  deleteAll(): void {
    this.database.write(() => this.statements.removeApplication.run(this.applicationId));
  }

  /** Every row of every application (expired ones too), by application id then key. */
  static *all(database: StateDatabase): Generator<KvRow & { applicationId: number }> {
    yield* database.db
      .prepare('SELECT application_id AS applicationId, key, value, expire_at AS expireAt FROM kv_item ORDER BY application_id, key')
      .iterate() as IterableIterator<KvRow & { applicationId: number }>;
  }

  /** Deletes the rows of every application (a reset). */
  static clear(database: StateDatabase): void {
    database.write(() => database.db.exec('DELETE FROM kv_item'));
  }

  /** Deletes the rows of every application expired at `nowS` (Unix seconds); returns how many. */
  static sweep(database: StateDatabase, nowS: number): number {
    return database.write(() => statementsOf(database).sweep.run(nowS).changes);
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
