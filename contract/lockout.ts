/**
 * Cross-call brute-force lockout state, kept in ApplicationStorage under `lockout:<hash>` where the
 * hash is a hex HMAC of the caller ID (never the number itself). Pure TypeScript.
 *
 * Value: `{"n":<failures>,"until":<unix seconds or 0>}`. The counter's TTL is the failure window; once
 * `n` reaches the limit, `until` is set and the TTL becomes the lock duration. There is no
 * compare-and-set in ApplicationStorage (voxengine-runtime.md §5 "Consistency"), so two concurrent
 * calls from one caller ID can lose an increment; the per-call attempt cap still bounds them.
 */

export const LOCKOUT_NAMESPACE = 'lockout';

/** The ApplicationStorage key for a caller-ID hash (hex). */
export function lockoutKey(callerHashHex: string): string {
  return `${LOCKOUT_NAMESPACE}:${callerHashHex}`;
}

/** The HMAC input for a caller ID's lockout hash (international digits only). */
export function lockoutHashInput(callerDigits: string): string {
  return `lockout:v1:${callerDigits}`;
}

export interface LockoutState {
  /** Failed lookups in the current window. */
  n: number;
  /** Unix seconds until which the caller is locked out; 0 = not locked. */
  until: number;
}

export interface LockoutPolicy {
  maxFailures: number;
  windowS: number;
  lockS: number;
}

/** Parses a stored value; anything unreadable counts as a fresh state (and is overwritten on the next failure). */
export function parseLockoutState(value: string | null | undefined): LockoutState {
  if (typeof value !== 'string') return { n: 0, until: 0 };
  try {
    const raw = JSON.parse(value) as { n?: unknown; until?: unknown };
    const n = typeof raw.n === 'number' && Number.isInteger(raw.n) && raw.n >= 0 ? raw.n : 0;
    const until = typeof raw.until === 'number' && Number.isFinite(raw.until) && raw.until >= 0 ? raw.until : 0;
    return { n, until };
  } catch {
    return { n: 0, until: 0 };
  }
}

/** True while `state` locks the caller out at `nowS` (Unix seconds). */
export function isLockedOut(state: LockoutState, nowS: number): boolean {
  return state.until > nowS;
}

/**
 * The state after one more failure at `nowS`, with the TTL (seconds) to store it under.
 * Reaching `maxFailures` starts a lock of `lockS` seconds.
 */
export function afterFailure(state: LockoutState, policy: LockoutPolicy, nowS: number): { state: LockoutState; ttlS: number } {
  const n = state.n + 1;
  if (n >= policy.maxFailures) return { state: { n, until: nowS + policy.lockS }, ttlS: policy.lockS };
  return { state: { n, until: 0 }, ttlS: policy.windowS };
}
