/**
 * Reads and updates the caller's cross-call lockout counter in ApplicationStorage
 * (contract/lockout.ts). The key is `lockout:<hex HMAC of the caller's digits>`, keyed with the
 * webhook secret, so the stored key reveals nothing about the number.
 */
import { afterFailure, isLockedOut, lockoutHashInput, lockoutKey, parseLockoutState } from '../../contract/lockout';
import { CallContext, STORAGE_FAILED } from './context';
import { logEvent } from './log';

/** Key material when the secret is missing: hashes still hide the number, but are not keyed. */
const UNKEYED = 'voxmask-lockout-unkeyed';

/** Loads the lockout state into ctx.lockout; returns true when the caller is locked out now. */
export async function loadLockout(ctx: CallContext): Promise<boolean> {
  if (ctx.settings.lockout.maxFailures === 0 || ctx.callerDigits === null) return false;
  const key = lockoutKey(Crypto.hmac_sha256(ctx.secret ?? UNKEYED, lockoutHashInput(ctx.callerDigits)));
  const item = await ctx.storage('lockout_read_failed', () => ApplicationStorage.get(key));
  if (item === STORAGE_FAILED) {
    // Fail open for the counter only: the order lookup that follows still needs storage to succeed.
    ctx.lockout = { key, state: parseLockoutState(null) };
    return false;
  }
  ctx.lockout = { key, state: parseLockoutState(item?.value) };
  return isLockedOut(ctx.lockout.state, nowS());
}

/** Counts one failed lookup; returns true when this failure locks the caller out. */
export async function recordFailure(ctx: CallContext): Promise<boolean> {
  if (!ctx.lockout) return false;
  const next = afterFailure(ctx.lockout.state, ctx.settings.lockout, nowS());
  ctx.lockout = { key: ctx.lockout.key, state: next.state };
  const key = ctx.lockout.key;
  // A failed write is only a warning: the failure still counts for this call.
  await ctx.storage('lockout_write_failed', () => ApplicationStorage.put(key, JSON.stringify(next.state), next.ttlS));
  const locked = isLockedOut(next.state, nowS());
  if (locked) logEvent('locked_out', { caller: ctx.maskedCaller, failures: next.state.n });
  return locked;
}

/** Forgets the counter after a successful match. Runs in the background: it must not delay the dial. */
export function clearLockout(ctx: CallContext): void {
  if (!ctx.lockout || ctx.lockout.state.n === 0) return;
  const key = ctx.lockout.key;
  ApplicationStorage.remove(key).then(
    () => undefined,
    () => ctx.warn('lockout_clear_failed'),
  );
}

function nowS(): number {
  return Math.floor(Date.now() / 1000);
}
