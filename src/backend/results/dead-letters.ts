import { CallResult, DEAD_LETTER_NAMESPACE } from '../../../contract/call-result';
import { parseDeadLetter } from '../../../contract/result-delivery';
import type { KeyValueBackend } from '../orders/kv-backend';
import { ResultRejectedError } from './errors';
import { ResultReplayGuard } from './replay';
import { checkedDeadLetterOptions, DEAD_LETTER_MAX_AGE_S, validatedBody, verifySignedDeadLetter } from './verify';

/**
 * Collecting dead-lettered results (docs/results.md): the scenario stores a result it could not deliver
 * under `deadletter:<sessionId>` in ApplicationStorage. collectDeadLetters lists them through the
 * Management API, verifies each, hands it to the backend's handler, and deletes it only after the
 * handler acknowledged it (resolved).
 *
 * Stored value (one format for the scenario and this reader: contract/result-delivery.ts
 * formatDeadLetter / parseDeadLetter): a signed envelope
 * `{"headers":{"X-Voxmask-Timestamp":"<unix s>","X-Voxmask-Signature":"v1=<hex>"},"body":"<result JSON>"}`
 * (the request the webhook would have received), verified with verifySignedDeadLetter; or, as written
 * by a scenario without a secret, the bare result JSON, which carries no signature and is only
 * accepted with `allowUnsigned`.
 *
 * Two drains at once: each result is claimed in the guard's store before its handler runs, so a
 * result is handed to one handler only, provided both drains share the store (FileReplayStore, or the
 * backend's database); a drain that finds a key gone or claimed skips it.
 */

/** Prefix listed: the namespace and its colon, so `deadletterX…` keys are not taken. */
const DEAD_LETTER_PREFIX = `${DEAD_LETTER_NAMESPACE}:`;

/** Where a dead letter came from, given to the handler. */
export interface DeadLetterSource {
  /** `deadletter:<sessionId>`. */
  key: string;
  /** Whether the stored value was a signed envelope (false: accepted through allowUnsigned). */
  signed: boolean;
}

/** Options of collectDeadLetters. */
export interface CollectDeadLettersOptions {
  /** The application's ApplicationStorage (platformKeyValue over the Management API). */
  kv: KeyValueBackend;
  /** The results secret (the application secret named by scenario.results.secretName). */
  secret: string;
  /**
   * Processes one result; resolving acknowledges it (the dead letter is then deleted), throwing leaves it
   * for the next drain. Should be idempotent by `resultId` like a webhook.
   */
  handler: (result: CallResult, source: DeadLetterSource) => void | Promise<void>;
  /** De-duplication shared with the webhook and other drains (default: a new in-memory guard, this call only). */
  guard?: ResultReplayGuard;
  /** Accept bare result JSON without a signature (default false: reported as rejected, left in place). */
  allowUnsigned?: boolean;
  /** Clock, epoch ms (default Date.now). */
  now?: () => number;
}

/** What collectDeadLetters did, by key. */
export interface DeadLetterReport {
  /** Handed to the handler, acknowledged and deleted. */
  handled: string[];
  /** Already processed (by the webhook or another drain): deleted without calling the handler. */
  duplicates: string[];
  /** Claimed by another drain right now, or deleted by it since the listing: left alone. */
  skipped: string[];
  /** Not verifiable (bad signature, too old, unsigned, not a result): left in place until its TTL. */
  rejected: { key: string; code: string; reason: string }[];
  /** The handler threw: left in place and released for the next drain. */
  failed: { key: string; reason: string }[];
}

/**
 * Drains `deadletter:*` once (see the module comment).
 * @throws ResultVerifierOptionError for an empty secret; whatever the KV backend throws for listing or
 *   deleting (PlatformApiError after retries)
 */
export async function collectDeadLetters(options: CollectDeadLettersOptions): Promise<DeadLetterReport> {
  const now = options.now ?? Date.now;
  const guard = options.guard ?? new ResultReplayGuard();
  const maxAgeS = Math.min(DEAD_LETTER_MAX_AGE_S, guard.maxDeadLetterAgeS);
  checkedDeadLetterOptions({ secret: options.secret, nowMs: now(), maxAgeS });
  const report: DeadLetterReport = { handled: [], duplicates: [], skipped: [], rejected: [], failed: [] };
  for (const { key } of await options.kv.list(DEAD_LETTER_PREFIX)) {
    // Read again: another drain may have deleted it since the listing.
    const item = await options.kv.get(key);
    if (!item) {
      report.skipped.push(key);
      continue;
    }
    let verified: { result: CallResult; signed: boolean };
    try {
      verified = verifyStored(item.value, options.secret, now(), maxAgeS, options.allowUnsigned ?? false);
    } catch (err) {
      if (!(err instanceof ResultRejectedError)) throw err;
      report.rejected.push({ key, code: err.code, reason: err.message });
      continue;
    }
    const { resultId } = verified.result;
    const claim = await guard.claim(resultId, now());
    if (claim === 'pending') {
      report.skipped.push(key);
      continue;
    }
    if (claim === 'claimed') {
      try {
        await options.handler(verified.result, { key, signed: verified.signed });
      } catch (err) {
        await guard.release(resultId);
        report.failed.push({ key, reason: err instanceof Error ? err.message : String(err) });
        continue;
      }
      await guard.complete(resultId, now());
    }
    await options.kv.delete(key);
    (claim === 'claimed' ? report.handled : report.duplicates).push(key);
  }
  return report;
}

/**
 * A stored dead letter → its verified result.
 * @throws ResultRejectedError (code `missing_signature` for a bare result without allowUnsigned)
 */
function verifyStored(
  value: string,
  secret: string,
  nowMs: number,
  maxAgeS: number,
  allowUnsigned: boolean,
): { result: CallResult; signed: boolean } {
  const letter = parseDeadLetter(value);
  if (letter.headers)
    return { result: verifySignedDeadLetter({ headers: letter.headers, body: letter.body }, { secret, nowMs, maxAgeS }), signed: true };
  if (!allowUnsigned) {
    throw new ResultRejectedError(
      'missing_signature',
      'the dead letter is a bare result without a signature (written by a scenario without the results secret); accept such dead letters with allowUnsigned / --allow-unsigned',
    );
  }
  return { result: validatedBody(letter.body), signed: false };
}
