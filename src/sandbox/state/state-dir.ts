import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { createAccount, credentialsJson } from './account';
import { isProcessAlive, removeStaleTempFiles, syncFolder, writeFileAtomic } from '../../fs/atomic-write';
import { StateDatabase } from './database';
import { SandboxLockedError, SandboxStateError } from './errors';
import { fileSha256, LEGACY_STATE_FILE, readLegacyState, removeDatabaseFiles, writeLegacyState } from './legacy-json';
import { MetaRows } from './meta-rows';
import { SandboxState } from './sandbox-state';

export { SandboxLockedError, SandboxStateError } from './errors';
export { LEGACY_STATE_FILE } from './legacy-json';

/** File names inside the sandbox folder. */
export const STATE_DB_FILE = 'state.db';
export const CREDENTIALS_FILE = 'credentials.json';
export const LOCK_FILE = 'sandbox.lock';
/** What an older `state.json` is renamed to once `state.db` holds its content (kept as a backup). */
export const MIGRATED_LEGACY_FILE = 'state.json.migrated';
/** Suffix of the database being built from `state.json`; a migration killed midway leaves it, the next open removes it. */
const MIGRATING_SUFFIX = '.migrating';

export interface OpenStateOptions {
  /** Start with no applications, scenarios, rules, numbers, storage or history (the account and key are kept). */
  reset?: boolean;
  /** ApplicationStorage clock, epoch ms (the runtime emulator's virtual clock). */
  kvNow: () => number;
  /** Wall clock, epoch ms (account creation). */
  wallNow?: () => number;
  /** Service-account key (PEM, checked by platform/credentials.ts privateKeyProblem) of a new folder's account; default a fresh RSA key. */
  accountKeyPem?: string;
  /** Group-commit window of changes nobody awaits, ms. Default 20. */
  debounceMs?: number;
  /** Hears commits that failed with nobody awaiting them. */
  onWriteError?: (err: Error) => void;
  /**
   * Keep the state in an in-memory database: nothing survives `close()` and `state.db` is neither read
   * nor written (benchmarks that isolate the rest of the stack). The lock and credentials.json are as usual.
   */
  inMemory?: boolean;
}

/** An open sandbox folder: its state, the credentials file path, and what happened to an older `state.json`. */
export interface OpenedStateDir {
  dir: string;
  state: SandboxState;
  credentialsFile: string;
  /** `state.db` (absolute), or `:memory:`. */
  databaseFile: string;
  /** The `state.json` this open migrated into `state.db` (now renamed MIGRATED_LEGACY_FILE), if any. */
  migratedFrom?: string;
  /** Commits pending changes, closes the database and releases the folder's lock. */
  close(): Promise<void>;
}

/**
 * Opens (creating when missing) a sandbox folder: takes its lock; removes what writers killed midway
 * left (temp files of credentials.json and of the older state.json writer, a half-built migration);
 * migrates an older `state.json` into `state.db` (below); opens `state.db` (database.ts: WAL,
 * synchronous=FULL, group commit) and loads the records (a new folder gets an account with a fresh
 * service-account key); deletes expired storage items; writes `credentials.json` (mode 0600) atomically.
 *
 * Migration: `state.json` is validated, written into `state.db.migrating` in one transaction with its
 * SHA-256, renamed to `state.db`, and `state.json` renamed to `state.json.migrated`; a kill at any step
 * leaves either the old folder (migrated again at the next open) or `state.db` with the hash, after
 * which the rename of `state.json` is completed. A `state.json` next to a `state.db` that did not come
 * from it is refused. Throws SandboxLockedError when a live process holds the folder, SandboxStateError
 * for a state file that cannot be used (nothing is overwritten then).
 */
export async function openStateDir(dir: string, options: OpenStateOptions): Promise<OpenedStateDir> {
  const root = resolve(dir);
  await mkdir(root, { recursive: true });
  await acquireLock(root);
  try {
    const credentialsFile = join(root, CREDENTIALS_FILE);
    // A writer killed mid-write (SIGKILL) leaves its temp file; with the lock held, no live writer of ours remains.
    for (const file of [join(root, LEGACY_STATE_FILE), credentialsFile]) await removeStaleTempFiles(file);
    const migratedFrom = options.inMemory ? undefined : await migrateLegacyState(root);
    const databaseFile = options.inMemory ? ':memory:' : join(root, STATE_DB_FILE);
    const database = options.inMemory
      ? StateDatabase.memory()
      : StateDatabase.open(databaseFile, { debounceMs: options.debounceMs, onCommitError: options.onWriteError });
    let state: SandboxState;
    try {
      const wallNow = options.wallNow ?? Date.now;
      state = new SandboxState(database, {
        kvNow: options.kvNow,
        reset: options.reset,
        newAccount: () => createAccount(wallNow(), options.accountKeyPem),
      });
      await state.durable();
      const credentials = credentialsJson(state.account);
      if ((await readFile(credentialsFile, 'utf8').catch(() => '')) !== credentials)
        await writeFileAtomic(credentialsFile, credentials, 0o600);
    } catch (err) {
      await database.close().catch(() => undefined);
      throw err;
    }
    return {
      dir: root,
      state,
      credentialsFile,
      databaseFile,
      ...(migratedFrom ? { migratedFrom } : {}),
      close: async () => {
        try {
          await database.close();
        } finally {
          await unlink(join(root, LOCK_FILE)).catch(() => undefined);
        }
      },
    };
  } catch (err) {
    await unlink(join(root, LOCK_FILE)).catch(() => undefined);
    throw err;
  }
}

/** Moves an older `state.json` into `state.db` (see openStateDir); returns its path when there was one. */
async function migrateLegacyState(root: string): Promise<string | undefined> {
  const legacyFile = join(root, LEGACY_STATE_FILE);
  const databaseFile = join(root, STATE_DB_FILE);
  const building = `${databaseFile}${MIGRATING_SUFFIX}`;
  await removeDatabaseFiles(building);
  const legacyHash = await fileSha256(legacyFile);
  if (legacyHash === undefined) return undefined;
  if (existsSync(databaseFile)) {
    if (migratedHashOf(databaseFile) !== legacyHash) {
      throw new SandboxStateError(
        legacyFile,
        `${legacyFile} (the state file of an older voxmask) sits next to ${databaseFile}, which was not made from it; move ${LEGACY_STATE_FILE} away to keep ${STATE_DB_FILE}, or move ${STATE_DB_FILE} away to migrate ${LEGACY_STATE_FILE}`,
      );
    }
  } else {
    await writeLegacyState(await readLegacyState(legacyFile), building);
    await rename(building, databaseFile);
    await syncFolder(root);
  }
  await rename(legacyFile, join(root, MIGRATED_LEGACY_FILE));
  await syncFolder(root);
  return legacyFile;
}

/** The hash of the `state.json` a database was migrated from, if it was. */
function migratedHashOf(databaseFile: string): string | undefined {
  const database = StateDatabase.open(databaseFile);
  try {
    return new MetaRows(database).read('migrated_from_sha256', z.string());
  } finally {
    database.db.close();
  }
}

/** Creates the lock file holding our pid; takes over a lock whose process is gone. */
async function acquireLock(root: string): Promise<void> {
  const lock = join(root, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      await writeFile(lock, `${process.pid}\n`, { flag: 'wx' });
      return;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = Number.parseInt(await readFile(lock, 'utf8').catch(() => ''), 10);
    if (Number.isInteger(holder) && holder > 0 && isProcessAlive(holder)) throw new SandboxLockedError(root, holder, LOCK_FILE);
    await unlink(lock).catch(() => undefined); // stale: its process died (e.g. killed)
  }
  throw new SandboxLockedError(root, Number.NaN, LOCK_FILE);
}
