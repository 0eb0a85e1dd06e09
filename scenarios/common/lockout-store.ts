/**
 * The cross-call PIN brute-force defence in ApplicationStorage (the keys and the counting rule are in
 * contract/lockout.ts; docs/scenario.md "Brute-force defence" states the guarantee):
 * - admitGuess: before a PIN is looked up, its own guess record is written and the caller's records are
 *   counted; over lockout.maxFailures the guess is refused unevaluated;
 * - forgetGuess / settleFailure: a match removes only its own record, a failure keeps it, adds a
 *   record for the dialed number's budget and locks the caller when it was the last one allowed;
 * - checkCallerLock / checkNumberBudget: the lock marker and the number's budget at the call's start.
 * Hashes are HMACs (keyed with the webhook secret) of canonical digits, so no key reveals a number.
 *
 * Storage failures: a guess whose record cannot be written or counted is NOT evaluated (fail closed:
 * the caller hears the service-error path); the start-of-call reads fail open, because every guess is
 * counted again anyway.
 */
import {
  callerHashInput,
  guessKey,
  guessNamespace,
  guessRecordTtlS,
  guessVerdict,
  lockKey,
  numberFailureKey,
  numberFailureNamespace,
  numberHashInput,
  overNumberBudget,
} from '../../contract/lockout';
import { internationalDigits } from '../../contract/phone';
import { STORAGE_FAILED } from './call-scope';
import { logEvent } from './log';
import type { CallContext } from './context';

/** Key material when the secret is missing: hashes still hide the number, but are not keyed. */
const UNKEYED = 'voxmask-lockout-unkeyed';

/** What admitGuess decided for one PIN guess. */
export type Admission =
  /** Look the PIN up. `record` is the guess's own key (null when there is no lockout); `last`: a failure locks the caller. */
  | { kind: 'evaluate'; record: string | null; last: boolean }
  /** The caller ID is over maxFailures in the window: do not look the PIN up; the caller is locked now. */
  | { kind: 'refused' }
  /** The record could not be written or counted: do not look the PIN up (fail closed). */
  | { kind: 'unavailable' };

function hmac(ctx: CallContext, input: string): string {
  return Crypto.hmac_sha256(ctx.secret ?? UNKEYED, input);
}

function callerHash(ctx: CallContext, callerDigits: string): string {
  return hmac(ctx, callerHashInput(callerDigits));
}

/** The dialed number's hash, or null when it has no readable international digits. */
function numberHash(ctx: CallContext): string | null {
  const digits = internationalDigits(ctx.virtualNumber);
  return digits === null ? null : hmac(ctx, numberHashInput(digits));
}

/** True when the caller ID's lock marker is present. A failed read fails open (warning lockout_read_failed). */
export async function checkCallerLock(ctx: CallContext): Promise<boolean> {
  if (ctx.settings.lockout.maxFailures === 0 || ctx.callerDigits === null) return false;
  const key = lockKey(callerHash(ctx, ctx.callerDigits));
  const item = await ctx.scope.storage('lockout_read_failed', () => ApplicationStorage.get(key));
  return item !== STORAGE_FAILED && item !== null;
}

/**
 * Counts the dialed number's failure records; over lockout.numberBudget.maxFailures the call takes the
 * slow path (ctx.slowPath: fewer attempts, and a notice and a delay when it is not yet past the PIN
 * prompt) and its result carries `pin_failure_budget_exceeded`. Runs when the call arrives and after
 * each failed guess. A failed read fails open (warning lockout_read_failed).
 */
export async function checkNumberBudget(ctx: CallContext): Promise<void> {
  const budget = ctx.settings.lockout.numberBudget.maxFailures;
  const hash = numberHash(ctx);
  if (budget === 0 || hash === null || ctx.slowPath) return;
  // keys() returns up to 1000 keys by default; the budget is at most 999 (src/config/scenario.ts).
  const page = await ctx.scope.storage('lockout_read_failed', () => ApplicationStorage.keys(numberFailureNamespace(hash)));
  if (page === STORAGE_FAILED || !overNumberBudget(page.keys.length, budget)) return;
  ctx.slowPath = true;
  ctx.facts.warn('pin_failure_budget_exceeded');
}

/**
 * Writes this guess's record, then counts the caller's records (the count includes its own). Refused
 * guesses remove their own record (they were not evaluated) and lock the caller ID.
 */
export async function admitGuess(ctx: CallContext): Promise<Admission> {
  const { maxFailures, windowS } = ctx.settings.lockout;
  if (maxFailures === 0 || ctx.callerDigits === null) return { kind: 'evaluate', record: null, last: false };
  const hash = callerHash(ctx, ctx.callerDigits);
  const record = guessKey(hash, ctx.sessionId, ctx.facts.pinAttempts);
  const written = await ctx.scope.storage('lockout_write_failed', () => ApplicationStorage.put(record, '1', guessRecordTtlS(windowS)));
  if (written === STORAGE_FAILED) return { kind: 'unavailable' };
  // keys() returns up to 1000 keys by default, more than maxFailures + 1 (at most 101) needed to decide.
  const page = await ctx.scope.storage('lockout_read_failed', () => ApplicationStorage.keys(guessNamespace(hash)));
  if (page === STORAGE_FAILED) {
    removeOwnRecord(ctx, record);
    return { kind: 'unavailable' };
  }
  const verdict = guessVerdict(page.keys.length, maxFailures);
  if (verdict.kind === 'evaluate') return { kind: 'evaluate', record, last: verdict.last };
  removeOwnRecord(ctx, record);
  logEvent('guess_refused', { caller: ctx.maskedCaller, attempt: ctx.facts.pinAttempts });
  await lock(ctx, hash);
  return { kind: 'refused' };
}

/**
 * The guess is not a failure: it matched an order the caller is a party of, or the order could not be
 * read. Its own record is removed, never another's (a match must not erase failures against other PINs).
 */
export function forgetGuess(ctx: CallContext, admission: Admission): void {
  if (admission.kind === 'evaluate' && admission.record !== null) removeOwnRecord(ctx, admission.record);
}

/**
 * The guess failed: its record stays (it is the failure record), the dialed number gets a failure
 * record for its budget (and the budget is checked again, so the call that crosses it is flagged too),
 * and when this was the last failure allowed the caller ID is locked. Returns true when the caller is
 * locked out now.
 */
export async function settleFailure(ctx: CallContext, admission: Admission): Promise<boolean> {
  const { numberBudget, windowS } = ctx.settings.lockout;
  const hash = numberHash(ctx);
  if (numberBudget.maxFailures > 0 && hash !== null) {
    const key = numberFailureKey(hash, ctx.sessionId, ctx.facts.pinAttempts);
    await ctx.scope.storage('lockout_write_failed', () => ApplicationStorage.put(key, '1', windowS));
    await checkNumberBudget(ctx);
  }
  if (admission.kind !== 'evaluate' || !admission.last || ctx.callerDigits === null) return false;
  await lock(ctx, callerHash(ctx, ctx.callerDigits));
  return true;
}

/** Writes the caller's lock marker (TTL lockS); a failed write is a warning, the count still refuses. */
async function lock(ctx: CallContext, hash: string): Promise<void> {
  logEvent('locked_out', { caller: ctx.maskedCaller });
  await ctx.scope.storage('lockout_write_failed', () => ApplicationStorage.put(lockKey(hash), '1', ctx.settings.lockout.lockS));
}

/** Removes this guess's own record in the background (it must not delay the call); a failure leaves a stricter count. */
function removeOwnRecord(ctx: CallContext, record: string): void {
  ApplicationStorage.remove(record).then(
    () => undefined,
    () => ctx.facts.warn('lockout_clear_failed'),
  );
}
