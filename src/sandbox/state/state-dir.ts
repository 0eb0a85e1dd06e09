import { mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { createAccount, credentialsJson } from './account';
import { issueLines, withIssues } from '../../config/issues';
import { isProcessAlive, removeStaleTempFiles, writeFileAtomic } from '../../fs/atomic-write';
import { SandboxData, sandboxDataSchema } from './model';
import { Persister } from './persister';
import { SandboxState } from './sandbox-state';
import { VoxmaskError } from '../../errors';

/** File names inside the sandbox folder. */
export const STATE_FILE = 'state.json';
export const CREDENTIALS_FILE = 'credentials.json';
export const LOCK_FILE = 'sandbox.lock';

/** `state.json` exists but cannot be used; `file` names it, `issues` lists `field: problem`. */
export class SandboxStateError extends VoxmaskError {
  override name = 'SandboxStateError';
  readonly code = 'E_SANDBOX_STATE';
  constructor(
    readonly file: string,
    message: string,
    readonly issues: string[] = [],
  ) {
    super(withIssues(message, issues));
  }
}

/** Another live process (or another Sandbox in this process) already serves this folder. */
export class SandboxLockedError extends VoxmaskError {
  override name = 'SandboxLockedError';
  readonly code = 'E_SANDBOX_LOCKED';
  constructor(
    readonly dir: string,
    readonly pid: number,
  ) {
    super(`the sandbox folder ${dir} is in use by process ${pid} (${LOCK_FILE}); stop that sandbox or use another folder`);
  }
}

export interface OpenStateOptions {
  /** Start with no applications, scenarios, rules, numbers, storage or history (the account and key are kept). */
  reset?: boolean;
  /** ApplicationStorage clock, epoch ms (the runtime emulator's virtual clock). */
  kvNow: () => number;
  /** Wall clock, epoch ms (account creation). */
  wallNow?: () => number;
  /** Group-commit window of state writes, ms. Default 20. */
  debounceMs?: number;
  /** Hears state writes that failed with nobody awaiting them. */
  onWriteError?: (err: Error) => void;
}

/** An open sandbox folder: its state, the writer of `state.json`, and the credentials file path. */
export interface OpenedStateDir {
  dir: string;
  state: SandboxState;
  persister: Persister;
  credentialsFile: string;
  /** Flushes pending writes and releases the folder's lock. */
  close(): Promise<void>;
}

/**
 * Opens (creating when missing) a sandbox folder: takes its lock, removes temp files of state writers
 * that were killed mid-write (removeStaleTempFiles), loads and validates `state.json` (or
 * creates a new account with a fresh service-account key), writes the state and `credentials.json`
 * (mode 0600) atomically, and wires every later change to a debounced atomic rewrite of `state.json`.
 * Throws SandboxLockedError when a live process holds the folder, SandboxStateError for a corrupt state file.
 */
export async function openStateDir(dir: string, options: OpenStateOptions): Promise<OpenedStateDir> {
  const root = resolve(dir);
  await mkdir(root, { recursive: true });
  await acquireLock(root);
  try {
    const stateFile = join(root, STATE_FILE);
    const credentialsFile = join(root, CREDENTIALS_FILE);
    // A writer killed mid-write (SIGKILL) leaves its temp file; with the lock held, no live writer of ours remains.
    for (const file of [stateFile, credentialsFile]) await removeStaleTempFiles(file);
    const wallNow = options.wallNow ?? Date.now;
    const loaded = await readState(stateFile);
    const account = loaded?.account ?? createAccount(wallNow());
    const state = loaded && !options.reset ? new SandboxState(loaded, options.kvNow) : SandboxState.empty(account, options.kvNow);

    const persister = new Persister(() => writeFileAtomic(stateFile, `${JSON.stringify(state.toData())}\n`), options.debounceMs ?? 20, options.onWriteError);
    state.onChange = () => persister.changed();
    state.touch();
    await persister.flush();

    const credentials = credentialsJson(state.account);
    if ((await readFile(credentialsFile, 'utf8').catch(() => '')) !== credentials) await writeFileAtomic(credentialsFile, credentials, 0o600);

    return {
      dir: root,
      state,
      persister,
      credentialsFile,
      close: async () => {
        try {
          await persister.close();
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

async function readState(file: string): Promise<SandboxData | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new SandboxStateError(file, `cannot read ${file}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new SandboxStateError(file, `${file} is not valid JSON (${(err as Error).message}); move it away or start with --reset`);
  }
  const parsed = sandboxDataSchema.safeParse(raw);
  if (!parsed.success) throw new SandboxStateError(file, `${file} does not hold a valid sandbox state`, issueLines(parsed.error));
  return parsed.data;
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
    if (Number.isInteger(holder) && holder > 0 && isProcessAlive(holder)) throw new SandboxLockedError(root, holder);
    await unlink(lock).catch(() => undefined); // stale: its process died (e.g. killed)
  }
  throw new SandboxLockedError(root, Number.NaN);
}
