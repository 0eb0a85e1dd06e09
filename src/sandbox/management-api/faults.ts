import { z } from 'zod';
import { issueLines } from '../../config/issues';
import { ApiCode, ApiError } from './errors';

/** Faults the local Management API can be switched into (management-api.md §2.10). */
export interface ManagementApiFaults {
  /** Every Nth request is refused: `http429` = HTTP 429 with code 340 (the client rejects), `code340` = HTTP 200 with code 340 (the client resolves with `{error}`). */
  rateLimit?: { everyNth: number; mode: 'http429' | 'code340' };
  /** Every Nth request answers HTTP 500, then 503, alternating, with a JSON error body (code 162). */
  serverErrorEveryNth?: number;
  /** Real-time delay before each answer, ms (0..60000). */
  latencyMs?: number;
}

const everyNth = z.number().int().min(1).max(1_000_000);

/** Validates faults given as JSON (admin endpoint) or by code (options, setFaults). */
export const faultsSchema = z
  .object({
    rateLimit: z.object({ everyNth, mode: z.enum(['http429', 'code340']) }).strict().optional(),
    serverErrorEveryNth: everyNth.optional(),
    latencyMs: z.number().int().min(0).max(60_000).optional(),
  })
  .strict();

/** Faults that failed validation; `issues` are `field: problem`. */
export class FaultsError extends Error {
  override name = 'FaultsError';
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

/** What to do with one request: wait `delayMs`, then answer `error` instead of handling it (when set). */
export interface FaultDecision {
  delayMs: number;
  error?: ApiError;
}

/**
 * Counts requests since the faults were last set and decides, per request, whether a fault applies.
 * Request numbers start at 1; with `everyNth: 3` the 3rd, 6th, ... requests fail. A rate-limit hit
 * wins over a server error on the same request.
 */
export class FaultInjector {
  private faults: ManagementApiFaults = {};
  private requests = 0;
  private serverErrors = 0;

  constructor(initial: ManagementApiFaults = {}) {
    this.set(initial);
  }

  /** Replaces the faults (validated; throws FaultsError) and restarts the request count. */
  set(faults: ManagementApiFaults): void {
    this.faults = parseFaults(faults);
    this.requests = 0;
    this.serverErrors = 0;
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
    if (rateLimit && this.requests % rateLimit.everyNth === 0) {
      const error =
        rateLimit.mode === 'http429'
          ? new ApiError(ApiCode.RATE_LIMIT_EXCEED, 'Too Many Requests', 429)
          : new ApiError(ApiCode.RATE_LIMIT_EXCEED, 'Rate limit exceed');
      return { delayMs, error };
    }
    if (serverErrorEveryNth && this.requests % serverErrorEveryNth === 0) {
      this.serverErrors += 1;
      const status = this.serverErrors % 2 === 1 ? 500 : 503;
      return { delayMs, error: new ApiError(ApiCode.TRY_LATER, `${status === 500 ? 'Internal server error' : 'Service unavailable'} (sandbox fault injection); try later`, status) };
    }
    return { delayMs };
  }
}
