/**
 * Delivers the one result of a session: POST to the webhook, signed (contract/signature.ts), retried
 * with exponential backoff on network errors, 408/425/429 and 5xx, within the platform's HTTP limits
 * (3 active / 35 total requests per session, timeouts at most 90 s, docs/platform.md#net-limits). When
 * it still fails, or no webhook is configured, or no secret exists to sign with, the result goes to
 * ApplicationStorage under `deadletter:<sessionId>` with a TTL; if even that fails or does not answer
 * in time, the result is written whole to the session log, so nothing is lost.
 *
 * Every step is bounded by the time left: the calls have ended when delivery starts, so the session
 * ends by itself 60 s later (contract/result-delivery.ts IDLE_SESSION_END_S). Each POST's timeout and
 * each backoff wait fit before `deadlineMs` less DEAD_LETTER_RESERVE_S, and the dead-letter write is
 * abandoned at `deadlineMs` for the log line.
 */
import { deadLetterKey } from '../../contract/call-result';
import { SignatureHeaders, signatureHeaders, signingInput } from '../../contract/signature';
import { KV_MAX_VALUE_LENGTH } from '../../contract/storage-limits';
import { ScenarioSettings } from '../../contract/scenario-settings';
import {
  backoffMs,
  DEAD_LETTER_RESERVE_S,
  formatDeadLetter,
  isDelivered,
  isRetryable,
  MIN_REQUEST_TIMEOUT_S,
  requestTimeoutWithinS,
  toLogLetters,
} from '../../contract/result-delivery';
import { errorMessage } from './errors';
import { logEvent } from './log';

export type DeliveryOutcome = 'delivered' | 'dead_lettered' | 'logged';

/** How long delivery may take and what to do when all else fails. */
export interface DeliveryBounds {
  /** Epoch ms by which delivery must have settled (contract/result-delivery.ts deliveryDeadlineMs). */
  deadlineMs: number;
  /** Writes the result body to the session log (the last resort); called at most once per delivery. */
  logResult: (body: string) => void;
}

/**
 * Tries to deliver `body` (the result JSON) before `bounds.deadlineMs`; resolves to where it ended up,
 * by then (plus the scheduling of one timer). Never rejects.
 */
export async function deliverResult(
  settings: ScenarioSettings['results'],
  sessionId: number,
  body: string,
  secret: string | undefined,
  bounds: DeliveryBounds,
): Promise<DeliveryOutcome> {
  if (settings.webhookUrl && secret) {
    const postUntilMs = bounds.deadlineMs - DEAD_LETTER_RESERVE_S * 1000;
    if (await postWithRetries(settings, settings.webhookUrl, body, secret, postUntilMs)) return 'delivered';
  } else {
    logEvent('result_not_posted', { reason: settings.webhookUrl ? 'secret_missing' : 'no_webhook' });
  }
  if (await deadLetter(settings, sessionId, body, secret, bounds.deadlineMs)) return 'dead_lettered';
  bounds.logResult(body);
  return 'logged';
}

/**
 * One signed POST without retries or waiting (`timeoutS`: the Net timeout, whole seconds); also used
 * from the Terminating handler, where the platform allows exactly one more HTTP request (docs/platform.md#terminating).
 */
export function postOnce(url: string, body: string, secret: string, timeoutS: number): Promise<Net.HttpRequestResult> {
  return Net.httpRequestAsync(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...signNow(body, secret) },
    postData: body,
    timeout: timeoutS,
    connectionTimeout: Math.min(timeoutS, 6),
  });
}

/** Posts until delivered, refused for good, out of attempts, or out of time (`untilMs`, epoch ms). */
async function postWithRetries(
  settings: ScenarioSettings['results'],
  url: string,
  body: string,
  secret: string,
  untilMs: number,
): Promise<boolean> {
  for (let attempt = 1; attempt <= settings.attempts; attempt += 1) {
    const timeoutS = requestTimeoutWithinS(settings.requestTimeoutS, untilMs - Date.now());
    if (timeoutS === 0) {
      logEvent('result_post_skipped', { attempt, reason: 'no_time_left' });
      return false;
    }
    let code: number;
    try {
      // Net honours `timeout`; the timer one second later bounds a request that never reports.
      const answer = await settleWithin(postOnce(url, body, secret, timeoutS), timeoutS * 1000 + 1000);
      code = answer.settled ? answer.value.code : -7;
    } catch (err) {
      // httpRequestAsync may throw synchronously past the connection limits (docs/platform.md#net-limits) or reject (inferred).
      code = 0;
      logEvent('result_post_error', { attempt, error: errorMessage(err) });
    }
    if (isDelivered(code)) {
      logEvent('result_delivered', { attempt, code });
      return true;
    }
    logEvent('result_post_failed', { attempt, code });
    if (!isRetryable(code) || attempt === settings.attempts) break;
    const waitMs = backoffMs(attempt, settings.backoffS);
    if (Date.now() + waitMs + MIN_REQUEST_TIMEOUT_S * 1000 > untilMs) {
      logEvent('result_post_skipped', { attempt: attempt + 1, reason: 'no_time_left' });
      break;
    }
    await sleep(waitMs);
  }
  return false;
}

/** Writes the dead letter (two tries) before `deadlineMs` (epoch ms); false when it failed or did not answer in time. */
async function deadLetter(
  settings: ScenarioSettings['results'],
  sessionId: number,
  body: string,
  secret: string | undefined,
  deadlineMs: number,
): Promise<boolean> {
  const key = deadLetterKey(sessionId);
  const value = deadLetterValue(body, secret);
  if (value.length > KV_MAX_VALUE_LENGTH) {
    logEvent('dead_letter_failed', {
      attempt: 0,
      error: `the dead letter has ${value.length} characters; one storage value holds ${KV_MAX_VALUE_LENGTH}`,
    });
    return false;
  }
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    const leftMs = deadlineMs - Date.now();
    if (leftMs <= 0) break;
    try {
      const put = await settleWithin(ApplicationStorage.put(key, value, settings.deadLetterTtlS), leftMs);
      if (!put.settled) {
        // The write may still land later: the same result (same resultId) in two places is harmless.
        logEvent('dead_letter_failed', { attempt, error: `no answer within ${leftMs} ms` });
        return false;
      }
      logEvent('result_dead_lettered', { key, ttlS: settings.deadLetterTtlS });
      return true;
    } catch (err) {
      logEvent('dead_letter_failed', { attempt, error: errorMessage(err) });
    }
  }
  return false;
}

/**
 * Resolves `{ settled: true, value }` when `work` resolves within `ms`, `{ settled: false }` when the
 * timer fires first; rejects when `work` rejects in time. A later rejection of `work` is absorbed.
 */
function settleWithin<T>(work: Promise<T>, ms: number): Promise<{ settled: true; value: T } | { settled: false }> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => resolve({ settled: false }), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve({ settled: true, value });
      },
      (err: unknown) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

/** The two signature headers for `body`, signed now with `secret` (contract/signature.ts). */
function signNow(body: string, secret: string): SignatureHeaders {
  const timestampS = Math.floor(Date.now() / 1000);
  return signatureHeaders(timestampS, Crypto.hmac_sha256(secret, signingInput(timestampS, body)));
}

/**
 * The dead-letter value of `body` (contract/result-delivery.ts formatDeadLetter): the envelope signed
 * now, or the bare body when there is no secret to sign with.
 */
export function deadLetterValue(body: string, secret: string | undefined): string {
  return formatDeadLetter(body, secret ? signNow(body, secret) : null);
}

/**
 * Writes the result to the session log, the last resort (docs/results.md, "Too long for storage; the
 * log"): `result_undelivered` with the body for people (masked like every line), and `result_logged`
 * with the exact dead-letter value in letters only (toLogLetters), which the masking leaves intact so
 * its signature still verifies.
 */
export function logUndelivered(body: string, secret: string | undefined): void {
  logEvent('result_undelivered', { result: body });
  logEvent('result_logged', { value: toLogLetters(deadLetterValue(body, secret)) });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
