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
 * Platform error codes that mean "try again later" (docs/platform.md#error-codes, docs/platform.md#rate-limits):
 * 340 rate limit exceeded, 162 try later, 416 repeat after N seconds. The platform is not documented
 * to say how long to wait for 416, so it gets the ordinary backoff (inferred).
 */
export const RETRYABLE_API_CODES: ReadonlySet<number> = new Set([340, 162, 416]);

/**
 * Whether the platform refused the request because of a rate limit: HTTP 429 (with or without a body)
 * or code 340 "Rate limit exceed" with any status (docs/platform.md#rate-limits: whether 340 comes
 * with HTTP 200 or 429 is unknown, so both count). The request was not processed, so it is safe to
 * repeat for every method.
 */
export function isRateLimited(error: unknown): boolean {
  return error instanceof PlatformApiError && (error.httpStatus === 429 || error.platformCode === 340);
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
    if (error.platformCode !== undefined && RETRYABLE_API_CODES.has(error.platformCode)) return true;
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
  /** Share of the pace (at first: of the rate accepted over the first second) that a refusal drops to (default 0.9). */
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

/** Window of the accepted-rate estimate, ms; also how long the pacer watches before its first decrease. */
const OBSERVED_WINDOW_MS = 1000;

/**
 * Client-side pacing that rides an unknown rate limit (AIMD on the request rate):
 * - unpaced for the first second of requests, refusals or not (refused requests are retried after a
 *   short jittered delay), so that one full second shows what the limit accepts;
 * - then the first refusal sets the pace to `decreaseTo` × the rate the limit accepted over that
 *   second, and each later refusal to `decreaseTo` × the pace that met it (one decrease per two
 *   slots, as answers to requests already sent arrive), so it settles just under the limit;
 * - each second without a refusal adds `increasePerS` of the pace, doubling that step for every
 *   further refusal-free second (at most +100 %/s), to find a limit that rose or was underestimated;
 * - the pace never drops below half of the best rate accepted over a whole second: refusals that do
 *   not depend on the rate (every Nth request) must not pace it to zero.
 * The caller's concurrency stays the ceiling. Shared by all requests of one job (withPacer in
 * invoke.ts), on Node's single event loop.
 */
export class AdaptivePacer {
  private perS = Infinity;
  private nextSendAtMs = 0;
  private grownAtMs: number | undefined;
  private decreasedAtMs: number | undefined;
  private firstRequestAtMs: number | undefined;
  /** Times of accepted answers within the last OBSERVED_WINDOW_MS. */
  private readonly accepted: number[] = [];
  private refusals = 0;
  /** Highest accepted rate over a full OBSERVED_WINDOW_MS, requests/s. */
  private peakPerS = 0;
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

  /** Whether requests are paced now (after a refusal); while not, a refused request waits a short jittered delay instead of a slot. */
  get paced(): boolean {
    return Number.isFinite(this.perS);
  }

  /**
   * Waits for this request's slot (at once while unpaced). Call before every attempt. Slots are not
   * booked ahead: a waiting request looks again when it wakes, so a pace that changed meanwhile
   * applies at once. The pace grows only while it holds requests back.
   */
  async acquire(): Promise<void> {
    this.firstRequestAtMs ??= this.now();
    for (let waited = false; this.paced; waited = true) {
      const now = this.now();
      // Growth counts time the pace held requests back; other time only moves the mark.
      if (waited) this.grow(now);
      else this.grownAtMs = now;
      if (now >= this.nextSendAtMs) {
        this.nextSendAtMs = Math.max(this.nextSendAtMs + 1000 / this.perS, now);
        return;
      }
      await this.sleep(this.nextSendAtMs - now);
    }
  }

  /** An answer that was not a rate-limit refusal (success or any other error): the limit admitted it. */
  onAccepted(): void {
    const now = this.now();
    this.accepted.push(now);
    this.forget(now);
    if (now - (this.firstRequestAtMs ?? now) >= OBSERVED_WINDOW_MS)
      this.peakPerS = Math.max(this.peakPerS, (this.accepted.length * 1000) / OBSERVED_WINDOW_MS);
  }

  /** A rate-limit refusal: after the first second, slow down (see the class comment). */
  onRateLimited(): void {
    const now = this.now();
    this.refusals += 1;
    this.firstRequestAtMs ??= now;
    this.forget(now);
    if (now - this.firstRequestAtMs < OBSERVED_WINDOW_MS) return;
    // Requests sent at the old pace are still answered for a couple of slots: one decrease covers them.
    if (this.decreasedAtMs !== undefined && now - this.decreasedAtMs < Math.max(100, 2000 / this.perS)) return;
    // The first time from what the limit accepted over the last second; later from the pace that met it.
    const from = this.paced ? this.perS : (this.accepted.length * 1000) / OBSERVED_WINDOW_MS;
    const target = Math.max(this.minPerS, this.peakPerS / 2, this.decreaseTo * from);
    if (target < this.perS) this.decreasedAtMs = now;
    this.perS = Math.min(this.perS, target);
    this.grownAtMs = now;
    this.nextSendAtMs = Math.max(this.nextSendAtMs, now + 1000 / this.perS);
  }

  /** Refusals so far and the current pace. */
  stats(): PacerStats {
    return { refusals: this.refusals, ...(this.paced ? { perS: this.perS } : {}) };
  }

  /** Multiplies the pace by the growth of the time since the last call (at most a second of it: idle gaps do not count). */
  private grow(now: number): void {
    const elapsedS = Math.min(OBSERVED_WINDOW_MS, now - (this.grownAtMs ?? now)) / 1000;
    const quietS = (now - (this.decreasedAtMs ?? now)) / 1000;
    const step = Math.min(1, this.increasePerS * 2 ** Math.floor(quietS));
    this.perS *= 1 + step * elapsedS;
    this.grownAtMs = now;
  }

  private forget(now: number): void {
    while (this.accepted.length > 0 && this.accepted[0] <= now - OBSERVED_WINDOW_MS) this.accepted.shift();
  }
}
