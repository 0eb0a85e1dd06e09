/**
 * Cross-call PIN brute-force defence: the ApplicationStorage keys and the counting rule. Pure TypeScript.
 *
 * ApplicationStorage has get/put/remove/keys but no compare-and-set and no atomic increment
 * (https://voximplant.com/docs/references/voxengine/applicationstorage), so a read-modify-write counter
 * loses increments when calls from one caller ID run at the same time. Instead every PIN guess writes
 * its OWN key before it is evaluated, then counts the keys of its caller:
 *
 *   1. put `lockout-guess-<callerHash>:<sessionId>.<attempt>` (TTL guessRecordTtlS(windowS));
 *   2. keys(`lockout-guess-<callerHash>`) — the count includes the guess's own key;
 *   3. count > maxFailures: the guess is refused unevaluated (its key is removed, the caller locked);
 *      otherwise it is evaluated. A match removes only its own key; a failure keeps it as the record.
 *
 * Guarantee: at most `maxFailures` failed guesses are evaluated per caller ID within any `windowS`
 * seconds, however many calls run at once. Proof sketch: take any maxFailures + 1 evaluated failed
 * guesses written within one window, and the one whose count ran last. Every other one wrote its key
 * before its own count, so before that last count, and the TTL (windowS plus the longest a count may
 * take, GUESS_RECORD_TTL_MARGIN_S) keeps every key alive until then: the last count saw at least
 * maxFailures + 1 keys and refused, a contradiction. docs/scenario.md "Brute-force defence" has the rest.
 *
 * Keys: the namespace is the part before the first colon, and `keys(pattern)` matches keys that begin
 * with the pattern. Hashes are fixed-length hex (HMAC-SHA256 of the canonical digits, never the number),
 * so a namespace never begins with another one and prefix and namespace matching give the same keys.
 */

/** Prefix of every key this defence writes (for tools that clear them, e.g. the demo's `--keep`). */
export const LOCKOUT_KEY_PREFIX = 'lockout-';

const GUESS_PREFIX = `${LOCKOUT_KEY_PREFIX}guess-`;
const LOCK_PREFIX = `${LOCKOUT_KEY_PREFIX}lock-`;
const NUMBER_PREFIX = `${LOCKOUT_KEY_PREFIX}number-`;

/**
 * Seconds added to a guess record's TTL beyond the failure window: the longest a count may take after
 * its key was written (the scenario gives up on a storage call after 8 s, docs/scenario.md "lookup"),
 * with a margin. With it the bound holds for any window of `windowS` seconds, not `windowS - 8`.
 */
export const GUESS_RECORD_TTL_MARGIN_S = 10;

/** Hex digest length of HMAC-SHA256: every hash in a key has exactly this many lowercase hex digits. */
const HASH_HEX = /^[0-9a-f]{64}$/;

/** A key part that breaks the key rules; `field` names it. */
export class LockoutKeyError extends Error {
  override name = 'LockoutKeyError';
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`lockout key ${field}: ${problem}`);
  }
}

function checkHash(field: string, hashHex: string): string {
  if (!HASH_HEX.test(hashHex)) throw new LockoutKeyError(field, 'must be 64 lowercase hex digits (HMAC-SHA256)');
  return hashHex;
}

function recordId(sessionId: number | string, attempt: number): string {
  if (!/^[0-9]{1,40}$/.test(String(sessionId)))
    throw new LockoutKeyError('sessionId', `must be 1-40 digits, got ${JSON.stringify(String(sessionId))}`);
  if (!Number.isInteger(attempt) || attempt < 1 || attempt > 99)
    throw new LockoutKeyError('attempt', `must be an integer 1-99, got ${attempt}`);
  return `${sessionId}.${attempt}`;
}

/** The HMAC input of a caller's hash: canonical international digits (contract/phone.ts internationalDigits). */
export function callerHashInput(callerDigits: string): string {
  return `lockout:v2:${callerDigits}`;
}

/** The HMAC input of a dialed virtual number's hash: its canonical international digits. */
export function numberHashInput(virtualDigits: string): string {
  return `lockout-number:v1:${virtualDigits}`;
}

/** The namespace (and `keys()` pattern) of a caller's guess records. Throws LockoutKeyError for a bad hash. */
export function guessNamespace(callerHashHex: string): string {
  return `${GUESS_PREFIX}${checkHash('callerHash', callerHashHex)}`;
}

/**
 * The key of one guess: `lockout-guess-<callerHash>:<sessionId>.<attempt>` (at most 124 characters, the
 * platform allows 200). Throws LockoutKeyError for a bad hash, session id or attempt (1-99).
 */
export function guessKey(callerHashHex: string, sessionId: number | string, attempt: number): string {
  return `${guessNamespace(callerHashHex)}:${recordId(sessionId, attempt)}`;
}

/** The lock marker of a caller: present (TTL lockS) while the caller ID is locked out. Throws LockoutKeyError. */
export function lockKey(callerHashHex: string): string {
  return `${LOCK_PREFIX}${checkHash('callerHash', callerHashHex)}`;
}

/** The namespace (and `keys()` pattern) of a virtual number's failure records. Throws LockoutKeyError. */
export function numberFailureNamespace(numberHashHex: string): string {
  return `${NUMBER_PREFIX}${checkHash('numberHash', numberHashHex)}`;
}

/** The key of one failed guess on a virtual number: `lockout-number-<numberHash>:<sessionId>.<attempt>`. Throws LockoutKeyError. */
export function numberFailureKey(numberHashHex: string, sessionId: number | string, attempt: number): string {
  return `${numberFailureNamespace(numberHashHex)}:${recordId(sessionId, attempt)}`;
}

/** TTL in seconds of a guess record for a failure window of `windowS` seconds (see GUESS_RECORD_TTL_MARGIN_S). */
export function guessRecordTtlS(windowS: number): number {
  return windowS + GUESS_RECORD_TTL_MARGIN_S;
}

/** What a counted guess may do. */
export type GuessVerdict =
  /** Evaluate the guess; `last` when a failure of it reaches maxFailures (the caller is locked then). */
  | { kind: 'evaluate'; last: boolean }
  /** Do not evaluate: the caller ID already has maxFailures records in the window. */
  | { kind: 'refuse' };

/**
 * The counting rule: `records` is the number of guess records of the caller the count returned,
 * including the guess's own; `maxFailures` is lockout.maxFailures (at least 1).
 */
export function guessVerdict(records: number, maxFailures: number): GuessVerdict {
  if (records > maxFailures) return { kind: 'refuse' };
  return { kind: 'evaluate', last: records >= maxFailures };
}

/** True when `failures` records of a virtual number exceed its budget (`budget` 0 = no budget). */
export function overNumberBudget(failures: number, budget: number): boolean {
  return budget > 0 && failures > budget;
}
