import { z } from 'zod';
import { issueLines } from '../../config/issues';
import { ApiCode, ApiError } from './errors';
import { VoxmaskError } from '../../errors';

/** How a refused request is answered: `http429` = HTTP 429 with code 340 (the client rejects), `code340` = HTTP 200 with code 340 (the client resolves with `{error}`). */
export type RateLimitMode = 'http429' | 'code340';

/**
 * A rate limit (docs/platform.md#rate-limits): either every Nth request is refused (`everyNth`), or a
 * token bucket admits `perSecond` requests a second with bursts of up to `burst` (default: one
 * second's worth, ceil(perSecond)), on the real clock. Exactly one of `everyNth` and `perSecond`.
 */
export type RateLimitFault = { everyNth: number; mode: RateLimitMode } | { perSecond: number; burst?: number; mode: RateLimitMode };

/** Faults the local Management API can be switched into (docs/platform.md#rate-limits). */
export interface ManagementApiFaults {
  /** Requests refused with code 340, as HTTP 429 or HTTP 200 (`mode`); see RateLimitFault. */
  rateLimit?: RateLimitFault;
  /** Every Nth request answers HTTP 500, then 503, alternating, with a JSON error body (code 162). */
  serverErrorEveryNth?: number;
  /** Real-time delay before each answer, ms (0..60000). */
  latencyMs?: number;
}

const everyNth = z.number().int().min(1).max(1_000_000);

/** One object with exactly one of `everyNth` (counter) or `perSecond` (token bucket); `burst` only with `perSecond`. */
const rateLimitSchema = z
  .object({
    everyNth: everyNth.optional(),
    perSecond: z.number().positive().max(100_000).optional(),
    burst: z.number().int().min(1).max(100_000).optional(),
    mode: z.enum(['http429', 'code340']),
  })
  .strict()
  .superRefine((limit, ctx) => {
    if ((limit.everyNth === undefined) === (limit.perSecond === undefined)) {
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['perSecond'],
        message: 'give exactly one of everyNth (every Nth request refused) and perSecond (token bucket)',
      });
    }
    if (limit.burst !== undefined && limit.perSecond === undefined)
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['burst'], message: 'only applies with perSecond' });
  })
  .transform((limit): RateLimitFault =>
    limit.perSecond === undefined
      ? { everyNth: limit.everyNth!, mode: limit.mode }
      : { perSecond: limit.perSecond, ...(limit.burst === undefined ? {} : { burst: limit.burst }), mode: limit.mode },
  );

/** Validates faults given as JSON (admin endpoint) or by code (options, setFaults). */
export const faultsSchema = z
  .object({
    rateLimit: rateLimitSchema.optional(),
    serverErrorEveryNth: everyNth.optional(),
    latencyMs: z.number().int().min(0).max(60_000).optional(),
  })
  .strict();

/** Faults that failed validation; `issues` are `field: problem`. */
export class FaultsError extends VoxmaskError {
  override name = 'FaultsError';
  readonly code = 'E_SANDBOX_FAULTS';
  constructor(readonly issues: string[]) {
    super(`invalid Management API faults: ${issues.join('; ')}`);
  }
}

/** Parses and validates a faults object; throws FaultsError naming each bad field. */
export function parseFaults(raw: unknown): ManagementApiFaults {
  const result = faultsSchema.safeParse(raw);
  if (!result.success) throw new FaultsError(issueLines(result.error));
  return result.data;
}

/**
 * What to do with one request: wait `delayMs`, then answer `error` instead of handling it (when set).
 * `retryAfterS` (whole seconds, at least 1): the `Retry-After` header to send with an HTTP 429 from
 * the token bucket when the next token is a second or more away. The platform documents no
 * Retry-After (docs/platform.md#rate-limits); the sandbox sends RFC 9110 delay-seconds, rounded up,
 * only where a whole second is the right order of wait: at 100 requests/s a `Retry-After: 1` would
 * overstate a 10 ms wait a hundredfold.
 */
export interface FaultDecision {
  delayMs: number;
  error?: ApiError;
  retryAfterS?: number;
}

/**
 * Counts requests since the faults were last set and decides, per request, whether a fault applies.
 * Request numbers start at 1; with `everyNth: 3` the 3rd, 6th, ... requests fail. A token bucket
 * starts full (`burst` tokens) when the faults are set, refills at `perSecond` on the real clock, and
 * a request that finds less than one token is refused without taking one. A rate-limit hit wins over
 * a server error on the same request.
 */
export class FaultInjector {
  private faults: ManagementApiFaults = {};
  private requests = 0;
  private serverErrors = 0;
  private tokens = 0;
  private refilledAtMs = 0;

  /** @param nowMs monotonic clock in ms for the token bucket (default performance.now; real time, not the sandbox's virtual clock) */
  constructor(
    initial: ManagementApiFaults = {},
    private readonly nowMs: () => number = () => performance.now(),
  ) {
    this.set(initial);
  }

  /** Replaces the faults (validated; throws FaultsError) and restarts the request count and the bucket (full). */
  set(faults: ManagementApiFaults): void {
    this.faults = parseFaults(faults);
    this.requests = 0;
    this.serverErrors = 0;
    const limit = this.faults.rateLimit;
    this.tokens = limit && 'perSecond' in limit ? bucketSize(limit) : 0;
    this.refilledAtMs = this.nowMs();
  }

  /** The faults in force. */
  get current(): ManagementApiFaults {
    return structuredClone(this.faults);
  }

  /** The decision for the next request. */
  next(): FaultDecision {
    this.requests += 1;
    const delayMs = this.faults.latencyMs ?? 0;
    const { rateLimit, serverErrorEveryNth } = this.faults;
    if (rateLimit) {
      const refused = 'perSecond' in rateLimit ? this.takeToken(rateLimit) : this.requests % rateLimit.everyNth === 0 ? {} : undefined;
      if (refused) {
        if (rateLimit.mode === 'code340') return { delayMs, error: new ApiError(ApiCode.RATE_LIMIT_EXCEED, 'Rate limit exceed') };
        return { delayMs, error: new ApiError(ApiCode.RATE_LIMIT_EXCEED, 'Too Many Requests', 429), ...refused };
      }
    }
    if (serverErrorEveryNth && this.requests % serverErrorEveryNth === 0) {
      this.serverErrors += 1;
      const status = this.serverErrors % 2 === 1 ? 500 : 503;
      return {
        delayMs,
        error: new ApiError(
          ApiCode.TRY_LATER,
          `${status === 500 ? 'Internal server error' : 'Service unavailable'} (sandbox fault injection); try later`,
          status,
        ),
      };
    }
    return { delayMs };
  }

  /** Takes one token; undefined when taken, else the refusal, with the seconds until a token is due when that is a second or more. */
  private takeToken(limit: { perSecond: number; burst?: number }): { retryAfterS?: number } | undefined {
    const now = this.nowMs();
    this.tokens = Math.min(bucketSize(limit), this.tokens + ((now - this.refilledAtMs) / 1000) * limit.perSecond);
    this.refilledAtMs = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return undefined;
    }
    const waitS = (1 - this.tokens) / limit.perSecond;
    return waitS >= 1 ? { retryAfterS: Math.ceil(waitS) } : {};
  }
}

function bucketSize(limit: { perSecond: number; burst?: number }): number {
  return limit.burst ?? Math.max(1, Math.ceil(limit.perSecond));
}
