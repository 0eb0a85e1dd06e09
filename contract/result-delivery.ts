/**
 * Result delivery policy, shared by the scenario (scenarios/masked-call/delivery.ts runs it) and the
 * Node side (src/config/scenario.ts bounds its worst case at build time). Pure TypeScript.
 * HTTP codes from Net.HttpRequestResult (voxengine-runtime.md §1.4): a status, or 0 / negative numbers
 * for local failures (-7 timeout, -4 connection error, ...).
 */

/** 2xx: the backend has the result. */
export function isDelivered(code: number): boolean {
  return code >= 200 && code < 300;
}

/**
 * Whether another attempt may succeed: network failures (code <= 0), 408, 425, 429 and 5xx. Any other
 * 4xx means the backend refused this result (bad signature, bad body), so retrying cannot help and the
 * result goes straight to the dead-letter store.
 */
export function isRetryable(code: number): boolean {
  return code <= 0 || code === 408 || code === 425 || code === 429 || code >= 500;
}

/** Milliseconds to wait after failed attempt `attempt` (1-based): base, 2x base, 4x base, ... */
export function backoffMs(attempt: number, baseS: number): number {
  return baseS * 1000 * 2 ** (attempt - 1);
}

/**
 * Longest a delivery can take, in seconds: every one of `attempts` requests runs into
 * `requestTimeoutS`, and each of the `attempts - 1` retries waits its backoff (backoffMs) first.
 */
export function worstCaseDeliveryS(policy: { attempts: number; requestTimeoutS: number; backoffS: number }): number {
  let waitMs = 0;
  for (let attempt = 1; attempt < policy.attempts; attempt += 1) waitMs += backoffMs(attempt, policy.backoffS);
  return policy.attempts * policy.requestTimeoutS + waitMs / 1000;
}
