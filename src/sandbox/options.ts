import { resolve } from 'node:path';
import { VoxmaskError } from '../errors';
import { privateKeyProblem } from '../platform/credentials';
import { FaultsError, ManagementApiFaults, parseFaults } from './management-api/faults';
import { MAX_CALLS_PER_REQUEST } from './management-api/admin-calls';
import type { EmulatorOptions } from './runtime';
import type { SandboxWebOptions } from './web';

// The options of `Sandbox.start`, their defaults and their check (index.ts runs the sandbox).

/** Options of `Sandbox.start` (docs/sandbox-api.md). */
export interface SandboxOptions {
  /** State folder (state.db, credentials.json, tls/); created if missing. An older state.json in it is migrated (docs/sandbox.md "Persistence"). */
  dir: string;
  /** HTTPS port on 127.0.0.1; 0 = any free port (default 0). */
  port?: number;
  /** Start with no applications, scenarios, rules, numbers, storage or history (the account and its key are kept). */
  reset?: boolean;
  /** Where cert.pem/key.pem live (default `<dir>/tls`); tests share one. */
  tlsDir?: string;
  /**
   * The service-account private key (PEM, RSA of at least 2048 bits) a new folder's account gets, instead
   * of a freshly generated one (0.1–0.5 s of CPU each); a folder that has an account keeps its key. Tests
   * share one. The account id and key id are new for every folder either way.
   */
  accountKey?: string;
  faults?: ManagementApiFaults;
  /**
   * Runtime emulator options, e.g. the http target for scenario webhooks. `startTime` defaults to the wall
   * clock at start; `retainSessions` to RETAINED_SESSIONS, or `historyLimit` when lower (the emulator forgets older sessions and their trace).
   */
  runtime?: EmulatorOptions;
  /** Most finished sessions kept in the call history (default HISTORY_LIMIT); tests lower it. */
  historyLimit?: number;
  /** Time a whole request body may take to arrive, ms (default 5000); tests shorten it. */
  bodyTimeoutMs?: number;
  /**
   * Keep the virtual clock following the wall clock (advances it every 100 ms), so sessions unfold in
   * real time without anyone calling `emulator.runUntilIdle()`. For the long-running `voxmask sandbox`;
   * default false (tests drive the clock themselves).
   */
  realTime?: boolean;
  /** Hears background failures (a state write nobody awaited, a session that failed). Default: process.emitWarning. */
  onError?: (err: Error) => void;
  /** The browser phone under /web/ (src/sandbox/web): the results it shows, its live clock's rate. */
  web?: SandboxWebOptions;
}

/** Bad `SandboxOptions`; `field` names the option. */
export class SandboxOptionsError extends VoxmaskError {
  override name = 'SandboxOptionsError';
  readonly code = 'E_SANDBOX_OPTIONS';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** Most finished sessions kept in the call history (state.db); the oldest go first. */
export const HISTORY_LIMIT = 2000;

/**
 * Default `retainSessions` of the sandbox's runtime emulator: the finished sessions whose record and
 * trace stay in memory (the call history keeps HISTORY_LIMIT in state.db). Five times the calls one
 * `POST /_sandbox/calls` may place, whose timeline is rendered from the trace once they end; about
 * 15 KB of heap a session (docs/sandbox.md "Memory").
 */
export const RETAINED_SESSIONS = 5 * MAX_CALLS_PER_REQUEST;

/** What `Sandbox.start` takes from checked options: the folder made absolute, the defaults filled in. */
export interface CheckedSandboxOptions {
  dir: string;
  port: number;
  faults: ManagementApiFaults;
  historyLimit: number;
}

/** Checks `options` before anything is opened. @throws SandboxOptionsError naming the first bad option */
export function checkSandboxOptions(options: SandboxOptions): CheckedSandboxOptions {
  if (typeof options.dir !== 'string' || options.dir === '') throw new SandboxOptionsError('dir', 'must be a non-empty folder path');
  const port = options.port ?? 0;
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new SandboxOptionsError('port', `must be an integer 0..65535, got ${String(options.port)}`);
  const bodyTimeoutMs = options.bodyTimeoutMs;
  if (bodyTimeoutMs !== undefined && !(Number.isFinite(bodyTimeoutMs) && bodyTimeoutMs > 0)) {
    throw new SandboxOptionsError('bodyTimeoutMs', `must be a positive number of ms, got ${String(bodyTimeoutMs)}`);
  }
  const historyLimit = options.historyLimit ?? HISTORY_LIMIT;
  if (!Number.isInteger(historyLimit) || historyLimit < 1)
    throw new SandboxOptionsError('historyLimit', `must be a positive integer, got ${String(options.historyLimit)}`);
  const keyProblem = options.accountKey === undefined ? undefined : privateKeyProblem(options.accountKey);
  if (keyProblem) throw new SandboxOptionsError('accountKey', keyProblem);
  try {
    return { dir: resolve(options.dir), port, faults: parseFaults(options.faults ?? {}), historyLimit };
  } catch (err) {
    if (err instanceof FaultsError) throw new SandboxOptionsError('faults', err.issues.join('; '));
    throw err;
  }
}
