/**
 * Delivers the one result of a session: POST to the webhook, signed (contract/signature.ts), retried
 * with exponential backoff on network errors, 408/425/429 and 5xx, within the platform's HTTP limits
 * (3 active / 35 total requests per session, timeouts at most 90 s, voxengine-runtime.md §1.4). When
 * it still fails, or no webhook is configured, or no secret exists to sign with, the result goes to
 * ApplicationStorage under `deadletter:<sessionId>` with a TTL; if even that fails, the (masked)
 * result is written to the session log, so nothing is lost.
 */
import { deadLetterKey } from '../../contract/call-result';
import { formatSignature, signingInput, SIGNATURE_HEADER, TIMESTAMP_HEADER } from '../../contract/signature';
import { ScenarioSettings } from '../../contract/scenario-settings';
import { backoffMs, isDelivered, isRetryable } from '../../contract/result-delivery';
import { errorMessage } from './errors';
import { logEvent } from './log';

export type DeliveryOutcome = 'delivered' | 'dead_lettered' | 'logged';

/** Tries to deliver `body` (the result JSON); resolves to where it ended up. Never rejects. */
export async function deliverResult(
  settings: ScenarioSettings['results'],
  sessionId: number,
  body: string,
  secret: string | undefined,
): Promise<DeliveryOutcome> {
  if (settings.webhookUrl && secret) {
    if (await postWithRetries(settings, settings.webhookUrl, body, secret)) return 'delivered';
  } else {
    logEvent('result_not_posted', { reason: settings.webhookUrl ? 'secret_missing' : 'no_webhook' });
  }
  return deadLetter(settings, sessionId, body);
}

/**
 * One signed POST without retries or waiting; used from the Terminating handler, where the platform
 * allows exactly one more HTTP request (§2.1).
 */
export function postOnce(url: string, body: string, secret: string, timeoutS: number): Promise<Net.HttpRequestResult> {
  const timestampS = Math.floor(Date.now() / 1000);
  return Net.httpRequestAsync(url, {
    method: 'POST',
    headers: {
      'Content-Type': 'application/json',
      [TIMESTAMP_HEADER]: String(timestampS),
      [SIGNATURE_HEADER]: formatSignature(Crypto.hmac_sha256(secret, signingInput(timestampS, body))),
    },
    postData: body,
    timeout: timeoutS,
    connectionTimeout: Math.min(timeoutS, 6),
  });
}

async function postWithRetries(settings: ScenarioSettings['results'], url: string, body: string, secret: string): Promise<boolean> {
  for (let attempt = 1; attempt <= settings.attempts; attempt += 1) {
    let code: number;
    try {
      code = (await postOnce(url, body, secret, settings.requestTimeoutS)).code;
    } catch (err) {
      // httpRequestAsync may throw synchronously past the connection limits (§1.4) or reject [I].
      code = 0;
      logEvent('result_post_error', { attempt, error: errorMessage(err) });
    }
    if (isDelivered(code)) {
      logEvent('result_delivered', { attempt, code });
      return true;
    }
    logEvent('result_post_failed', { attempt, code });
    if (!isRetryable(code) || attempt === settings.attempts) break;
    await sleep(backoffMs(attempt, settings.backoffS));
  }
  return false;
}

async function deadLetter(settings: ScenarioSettings['results'], sessionId: number, body: string): Promise<DeliveryOutcome> {
  const key = deadLetterKey(sessionId);
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    try {
      await ApplicationStorage.put(key, body, settings.deadLetterTtlS);
      logEvent('result_dead_lettered', { key, ttlS: settings.deadLetterTtlS });
      return 'dead_lettered';
    } catch (err) {
      logEvent('dead_letter_failed', { attempt, error: errorMessage(err) });
    }
  }
  logEvent('result_undelivered', { result: body });
  return 'logged';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
