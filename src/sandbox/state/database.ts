import Database from 'better-sqlite3';
import { SandboxStateError } from './errors';
import { Persister } from './persister';

/** The schema version this code reads and writes (`PRAGMA user_version`). */
export const STATE_SCHEMA_VERSION = 1;

/**
 * Tables of the sandbox database. Primary keys are the only indexes: nothing derived is stored twice.
 * - `meta`: the account (JSON), the id counters (JSON), the hash of a migrated `state.json`;
 * - `record`: applications, scenarios, rules and rented numbers, one JSON row each, `position` = list order
 *   (an application's routing order is its rules' order);
 * - `kv_item`: ApplicationStorage items of every application (`expire_at` Unix seconds), indexed by expiry
 *   too (sweeps, and whether anything expired between two pages of a listing: kv-rows.ts);
 * - `call_session`: the call history, `seq` = the order sessions finished in, `log` = JSON array of log lines.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (name TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS record (kind TEXT NOT NULL, id INTEGER NOT NULL, position INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (kind, id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kv_item (application_id INTEGER NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, expire_at INTEGER NOT NULL, PRIMARY KEY (application_id, key)) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS kv_item_expiry ON kv_item (application_id, expire_at);
CREATE TABLE IF NOT EXISTS call_session (seq INTEGER PRIMARY KEY, history_id INTEGER NOT NULL UNIQUE, body TEXT NOT NULL, log TEXT NOT NULL);
`;

export interface StateDatabaseOptions {
  /** Group-commit window for changes nobody awaits (scenario storage writes), ms. Default 20. */
  debounceMs?: number;
  /** Hears commits that failed with nobody awaiting them. */
  onCommitError?: (err: Error) => void;
}

/**
 * The sandbox's SQLite database (better-sqlite3) with group commit. A file database runs in WAL mode with
 * `synchronous=FULL`: a COMMIT returns after the WAL is fsynced, and a process killed at any moment
 * (SIGKILL) leaves the last committed state, recovered by SQLite at the next open with nothing to
 * clean up. Changes (`write`) go into one open transaction; it is committed on the next turn when
 * somebody awaits `durable()` (the Management API's answers to write methods), else after `debounceMs`
 * (a burst of changes costs one fsync). Reads see uncommitted changes (one connection).
 *
 * An in-memory database (`StateDatabase.memory()`, standalone stores of tests and the runtime) runs the
 * same SQL with each change committed at once; `durable()` resolves at once.
 */
export class StateDatabase {
  /** The group-commit scheduler; undefined in memory. */
  readonly persister: Persister | undefined;
  private readonly inSavepoint: (change: () => unknown) => unknown;
  private readonly rollbackListeners: (() => void)[] = [];

  private constructor(
    readonly db: Database.Database,
    /** The file, or `:memory:`. */
    readonly file: string,
    options: StateDatabaseOptions,
    grouped: boolean,
  ) {
    // Nested in the open transaction this is a SAVEPOINT: a change that throws is undone alone.
    this.inSavepoint = db.transaction((change: () => unknown) => change());
    this.persister = grouped ? new Persister(async () => this.commit(), options.debounceMs ?? 20, options.onCommitError) : undefined;
  }

  /**
   * Opens (creating when missing) the database file: WAL, synchronous=FULL, the schema. Throws
   * SandboxStateError naming the file when it is not a SQLite database or has a newer schema version.
   */
  static open(file: string, options: StateDatabaseOptions = {}): StateDatabase {
    let db: Database.Database | undefined;
    try {
      db = new Database(file);
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      prepareSchema(db, file);
    } catch (err) {
      db?.close();
      if (err instanceof SandboxStateError) throw err;
      throw new SandboxStateError(file, `cannot open ${file}: ${(err as Error).message}; move it away or start in another folder`);
    }
    return new StateDatabase(db, file, options, true);
  }

  /**
   * A read-only connection to an existing database file: it sees what is committed, also while a sandbox
   * holds the file open. Throws SandboxStateError naming the file when it is missing or not a state
   * database of a version this code reads.
   */
  static openReadOnly(file: string): StateDatabase {
    let db: Database.Database | undefined;
    try {
      db = new Database(file, { readonly: true, fileMustExist: true });
      const version = db.pragma('user_version', { simple: true }) as number;
      if (version !== STATE_SCHEMA_VERSION)
        throw new SandboxStateError(file, `${file} has schema version ${version}; this voxmask reads ${STATE_SCHEMA_VERSION}`);
    } catch (err) {
      db?.close();
      if (err instanceof SandboxStateError) throw err;
      throw new SandboxStateError(file, `cannot open ${file}: ${(err as Error).message}`);
    }
    return new StateDatabase(db, file, {}, false);
  }

  /** A new in-memory database with the schema (each change commits at once). */
  static memory(): StateDatabase {
    const db = new Database(':memory:');
    prepareSchema(db, ':memory:');
    return new StateDatabase(db, ':memory:', {}, false);
  }

  /** Whether changes are group-committed to a file. */
  get durableStorage(): boolean {
    return this.persister !== undefined;
  }

  /**
   * Runs `change` (SQL statements) inside the open write transaction, starting one when none is open,
   * and schedules its commit. A change that throws is rolled back alone and the error rethrown.
   * Returns what `change` returns.
   */
  write<T>(change: () => T): T {
    if (!this.persister) return this.inSavepoint(change) as T;
    if (!this.db.inTransaction) this.db.exec('BEGIN IMMEDIATE');
    const result = this.inSavepoint(change) as T;
    this.persister.changed();
    return result;
  }

  /** Resolves once every change so far is committed (fsynced); rejects when that commit failed. */
  durable(): Promise<void> {
    return this.persister ? this.persister.persisted() : Promise.resolve();
  }

  /** `listener` runs after a failed commit was rolled back (in-memory mirrors of the rows must be reloaded or rewritten). */
  onRollback(listener: () => void): void {
    this.rollbackListeners.push(listener);
  }

  /** Commits what is pending and closes the database. Later calls do nothing. */
  async close(): Promise<void> {
    if (!this.db.open) return;
    try {
      await this.persister?.close();
    } finally {
      this.db.close();
    }
  }

  /** Commits the open transaction; on failure rolls it back, tells the listeners and rethrows. */
  private commit(): void {
    if (!this.db.inTransaction) return;
    try {
      this.db.exec('COMMIT');
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const listener of this.rollbackListeners) listener();
      throw err;
    }
  }
}

function prepareSchema(db: Database.Database, file: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > STATE_SCHEMA_VERSION) {
    throw new SandboxStateError(
      file,
      `${file} has schema version ${version}, written by a newer voxmask (this one reads ${STATE_SCHEMA_VERSION}); upgrade voxmask or use another folder`,
    );
  }
  db.exec(SCHEMA);
  if (version < STATE_SCHEMA_VERSION) db.pragma(`user_version = ${STATE_SCHEMA_VERSION}`);
}
