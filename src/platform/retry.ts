import { PlatformApiError, PlatformTransportError } from './errors';

/**
 * Retry schedule for Management API calls. Two budgets, because a rate limit is not a fault:
 * - A failing service (HTTP 5xx, codes 162/416, connection refused, …): exponential backoff with
 *   jitter, at most `maxAttempts` attempts. The delay before retry n (n = 1 after the first failure)
 *   is drawn uniformly from [cap/2, cap] where cap = min(maxDelayMs, baseDelayMs · 2^(n-1)) ("equal
 *   jitter": it grows like the exponential schedule but spreads concurrent clients apart).
 * - A rate-limit refusal (HTTP 429 or code 340, see isRateLimited): retried for `rateLimitPatienceMs`
 *   from the request's first refusal, not before the answer's Retry-After, and not counted against
 *   `maxAttempts`. Pacing (AdaptivePacer) keeps such refusals rare.
 */
export interface RetryPolicy {
  /** Total attempts including the first one (1 = never retry), rate-limit refusals not counted. */
  maxAttempts: number;
  /** Cap of the first delay, in ms. */
  baseDelayMs: number;
  /** Largest delay, in ms. */
  maxDelayMs: number;
  /** How long a request refused by a rate limit keeps being retried, in ms from its first refusal (default RATE_LIMIT_PATIENCE_MS). */
  rateLimitPatienceMs?: number;
}

/** 6 attempts, 250 ms doubling up to 8 s: about 15 s of patience in the worst case. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = { maxAttempts: 6, baseDelayMs: 250, maxDelayMs: 8000 };

/** Default patience with a rate limit: 2 minutes from a request's first refusal. */
export const RATE_LIMIT_PATIENCE_MS = 120_000;

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

/**
 * Whether the platform refused the request because of a rate limit: HTTP 429 (with or without a body)
 * or code 340 "Rate limit exceed" with any status (docs/platform.md#rate-limits: whether 340 comes
 * with HTTP 200 or 429 is unknown, so both count). The request was not processed, so it is safe to
 * repeat for every method.
 */
export function isRateLimited(error: unknown): boolean {
  return error instanceof PlatformApiError && (error.httpStatus === 429 || error.code === 340);
}

/**
 * Delay in ms before re-sending a rate-limited request when neither a Retry-After nor a pacer says
 * when: equal jitter from 50 ms doubling to 1 s (refusal = 1 for the first). Short, because a limit
 * that refused one request admits the next one within a fraction of a second.
 */
export function rateLimitDelayMs(refusal: number, random: () => number = Math.random): number {
  return backoffDelayMs(refusal, { maxAttempts: Infinity, baseDelayMs: 50, maxDelayMs: 1000 }, random);
}

/**
 * Reads a Retry-After header value (RFC 9110: delay-seconds, or an HTTP-date) as ms from `nowMs`
 * (epoch ms). Undefined when absent or unreadable; 0 for a date in the past. The platform documents no
 * Retry-After (docs/platform.md#rate-limits), so this honours it where a server sends one.
 */
export function parseRetryAfterMs(value: unknown, nowMs: number = Date.now()): number | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  if (typeof text !== 'string' || text.trim() === '') return undefined;
  if (/^\s*\d+\s*$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

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

/** Settings of an AdaptivePacer. */
export interface PacerOptions {
  /** Monotonic clock in ms (default performance.now). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** Growth of the rate per second without refusals, as a fraction of the rate (default 0.06: +6 %/s). */
  increasePerS?: number;
  /** Share of the rate accepted over the last second that a refusal drops to (default 0.9). */
  decreaseTo?: number;
  /** Lowest rate, requests/s (default 0.2). */
  minPerS?: number;
}

/** What a pacer has seen, for a report. */
export interface PacerStats {
  /** Requests the rate limit refused. */
  refusals: number;
  /** The current pace in requests/s; undefined while no refusal has been met (unpaced). */
  perS?: number;
}

/** Window of the accepted-rate estimate, ms. */
const OBSERVED_WINDOW_MS = 1000;

/**
 * Client-side pacing that rides an unknown rate limit (AIMD on the request rate): unpaced until the
 * first refusal; then each refusal sets the pace to `decreaseTo` × the rate the limit accepted over the
 * last second (never above the current pace), and every second without refusals adds `increasePerS`
 * of the pace, so it settles just under the limit with a refusal now and then. The concurrency of the
 * caller stays the ceiling. Shared by all requests of one job (withPacer in invoke.ts); not thread-safe
 * beyond Node's single event loop.
 */
export class AdaptivePacer {
  private perS = Infinity;
  private nextSendAtMs = 0;
  private grownAtMs: number | undefined;
  private firstAcceptedAtMs: number | undefined;
  /** Times of accepted answers within the last OBSERVED_WINDOW_MS. */
  private readonly accepted: number[] = [];
  private refusals = 0;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly increasePerS: number;
  private readonly decreaseTo: number;
  private readonly minPerS: number;

  constructor(options: PacerOptions = {}) {
    this.now = options.now ?? (() => performance.now());
    this.sleep = options.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
    this.increasePerS = options.increasePerS ?? 0.06;
    this.decreaseTo = options.decreaseTo ?? 0.9;
    this.minPerS = options.minPerS ?? 0.2;
  }

  /** Waits for this request's slot (at once while unpaced). Call before every attempt. */
  async acquire(): Promise<void> {
    const now = this.now();
    if (!Number.isFinite(this.perS)) return;
    // Growth counts only time spent sending (at most a second per call), not idle gaps.
    this.perS *= 1 + this.increasePerS * (Math.min(OBSERVED_WINDOW_MS, now - (this.grownAtMs ?? now)) / 1000);
    this.grownAtMs = now;
    const at = Math.max(now, this.nextSendAtMs);
    this.nextSendAtMs = at + 1000 / this.perS;
    if (at > now) await this.sleep(at - now);
  }

  /** An answer that was not a rate-limit refusal (success or any other error): the limit admitted it. */
  onAccepted(): void {
    const now = this.now();
    this.firstAcceptedAtMs ??= now;
    this.accepted.push(now);
    this.forget(now);
  }

  /** A rate-limit refusal: slow down to just under what the limit accepted over the last second. */
  onRateLimited(): void {
    const now = this.now();
    this.refusals += 1;
    this.forget(now);
    const windowMs = Math.max(20, Math.min(OBSERVED_WINDOW_MS, now - (this.firstAcceptedAtMs ?? now)));
    const observedPerS = (this.accepted.length * 1000) / windowMs;
    this.perS = Math.max(this.minPerS, Math.min(this.perS, this.decreaseTo * observedPerS));
    this.grownAtMs = now;
    this.nextSendAtMs = Math.max(this.nextSendAtMs, now + 1000 / this.perS);
  }

  /** Refusals so far and the current pace. */
  stats(): PacerStats {
    return { refusals: this.refusals, ...(Number.isFinite(this.perS) ? { perS: this.perS } : {}) };
  }

  private forget(now: number): void {
    while (this.accepted.length > 0 && this.accepted[0] <= now - OBSERVED_WINDOW_MS) this.accepted.shift();
  }
}
