import { PlatformApiError, PlatformTransportError } from './errors';

/**
 * Retry schedule for Management API calls: exponential backoff with jitter.
 * The delay before retry n (n = 1 after the first failure) is drawn uniformly from
 * [cap/2, cap] where cap = min(maxDelayMs, baseDelayMs · 2^(n-1)) ("equal jitter": it grows like the
 * exponential schedule but spreads concurrent clients apart).
 */
export interface RetryPolicy {
  /** Total attempts including the first one (1 = never retry). */
  maxAttempts: number;
  /** Cap of the first delay, in ms. */
  baseDelayMs: number;
  /** Largest delay, in ms. */
  maxDelayMs: number;
}

/** 6 attempts, 250 ms doubling up to 8 s: about 15 s of patience in the worst case. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = { maxAttempts: 6, baseDelayMs: 250, maxDelayMs: 8000 };

/**
 * Delay in ms before retry number `retry` (1-based). `random` returns a number in [0, 1).
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(cap / 2 + random() * (cap / 2));
}

/**
 * Platform error codes that mean "try again later" (management-api.md §2.9, §2.10):
 * 340 rate limit exceeded, 162 try later, 416 repeat after N seconds. The platform is not documented
 * to say how long to wait for 416, so it gets the ordinary backoff [I].
 */
export const RETRYABLE_API_CODES: ReadonlySet<number> = new Set([340, 162, 416]);

/** Transport failures where the request may be retried (Node error codes). TLS and DNS failures are not. */
const REFUSED_TRANSPORT_CODES = new Set(['ECONNREFUSED', 'EAI_AGAIN']);
const AMBIGUOUS_TRANSPORT_CODES = new Set(['ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ECONNABORTED', 'ESOCKETTIMEDOUT']);

/**
 * Whether a failed call should be tried again.
 * - Refusals that prove the request was not processed (HTTP 429, codes 340/162/416, connection
 *   refused) are retried for every method.
 * - Answers that leave it open whether the write happened (HTTP 5xx, connection reset, timeout) are
 *   retried only for idempotent methods: repeating an `Add*` could create a duplicate, so that error
 *   surfaces instead and a re-run (which re-reads the platform) converges.
 */
export function isRetryable(error: unknown, idempotent: boolean): boolean {
  if (error instanceof PlatformApiError) {
    if (error.httpStatus === 429) return true;
    if (error.code !== undefined && RETRYABLE_API_CODES.has(error.code)) return true;
    return idempotent && error.httpStatus !== undefined && error.httpStatus >= 500;
  }
  if (error instanceof PlatformTransportError) {
    return REFUSED_TRANSPORT_CODES.has(error.errno) || (idempotent && AMBIGUOUS_TRANSPORT_CODES.has(error.errno));
  }
  return false;
}
