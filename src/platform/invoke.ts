import { AsyncLocalStorage } from 'node:async_hooks';
import { PlatformApiError, PlatformTransportError } from './errors';
import {
  AdaptivePacer,
  backoffDelayMs,
  isRateLimited,
  isRetryable,
  parseRetryAfterMs,
  RATE_LIMIT_PATIENCE_MS,
  rateLimitDelayMs,
  RetryPolicy,
} from './retry';

/** The pacer of the job in progress (withPacer), seen by every request the job sends. */
const jobPacer = new AsyncLocalStorage<AdaptivePacer>();

/**
 * Runs `job` with every Management API request it sends (through invokeWithRetry, retries included)
 * paced by `pacer`: requests wait for their slot, and rate-limit refusals and other answers feed the
 * pacer. How `seedRows` rides a rate limit without a change to the PlatformApi it is given.
 * @returns what `job` returns
 */
export function withPacer<T>(pacer: AdaptivePacer, job: () => Promise<T>): Promise<T> {
  return jobPacer.run(pacer, job);
}

/** How one call is carried out: retries, timeout, and injectable clock/randomness for tests. */
export interface InvokeOptions {
  policy: RetryPolicy;
  /** Whether repeating the call after an ambiguous failure is harmless (see isRetryable). */
  idempotent: boolean;
  /** Give up on one attempt after this many ms (the client has no timeout of its own). */
  timeoutMs: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Called before each retry; `delayMs` is the wait about to happen. */
  onRetry?: (info: { method: string; attempt: number; error: Error; delayMs: number }) => void;
  /** Paces every attempt (default: the pacer of withPacer, if any). */
  pacer?: AdaptivePacer;
  /** Monotonic clock in ms for the rate-limit patience (default performance.now). */
  now?: () => number;
}

/** An API-level answer as the client resolves it (docs/platform.md#mapi-errors). */
interface MaybeErrorBody {
  error?: { code?: unknown; msg?: unknown };
  errors?: { code?: unknown; msg?: unknown }[];
}

/**
 * Runs `send` (one Management API request) until it succeeds, fails for good, or a budget is spent.
 * Resolved `{error}` / `{errors}` bodies become thrown PlatformApiError;
 * axios rejections become PlatformApiError (with `httpStatus`) or PlatformTransportError.
 * Errors of any other kind (e.g. a synchronous TypeError from the client) are rethrown unchanged.
 * Two budgets (RetryPolicy): failures of the service count against `maxAttempts` with exponential
 * backoff; rate-limit refusals (HTTP 429, code 340) are retried for `rateLimitPatienceMs` from the
 * first one, never before the answer's Retry-After, and paced by the pacer when there is one.
 *
 * @returns the resolved body, known to carry no `error`
 * @throws PlatformApiError | PlatformTransportError carrying `attempts` (all attempts, refusals included)
 */
export async function invokeWithRetry<T>(method: string, send: () => Promise<T>, options: InvokeOptions): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? (() => performance.now());
  const pacer = options.pacer ?? jobPacer.getStore();
  const patienceMs = options.policy.rateLimitPatienceMs ?? RATE_LIMIT_PATIENCE_MS;
  let serviceFailures = 0;
  let refusals = 0;
  let firstRefusalAt = 0;
  /** Time waited on refusals by our own delays, so the patience also runs out under a fake sleep. */
  let refusalWaitMs = 0;
  for (let attempt = 1; ; attempt++) {
    let failure: Error;
    let retryAfterMs: number | undefined;
    await pacer?.acquire();
    try {
      const body = await withTimeout(method, send, options.timeoutMs);
      throwIfErrorBody(method, body, attempt);
      pacer?.onAccepted();
      return body;
    } catch (raw) {
      failure = toPlatformError(method, raw, attempt);
      retryAfterMs = parseRetryAfterMs((raw as AxiosLikeError | undefined)?.response?.headers?.['retry-after']);
    }
    let delayMs: number;
    if (isRateLimited(failure)) {
      pacer?.onRateLimited();
      refusals += 1;
      if (refusals === 1) firstRefusalAt = now();
      if (Math.max(now() - firstRefusalAt, refusalWaitMs) >= patienceMs) throw failure;
      // While paced the next slot is the wait; otherwise a short jittered delay. Retry-After wins when longer.
      delayMs = Math.max(retryAfterMs ?? 0, pacer?.paced ? 0 : rateLimitDelayMs(refusals, options.random));
      refusalWaitMs += delayMs;
    } else {
      if (failure instanceof PlatformApiError) pacer?.onAccepted(); // answered, so the limit let it through
      serviceFailures += 1;
      if (serviceFailures >= options.policy.maxAttempts || !isRetryable(failure, options.idempotent)) throw failure;
      delayMs = Math.max(retryAfterMs ?? 0, backoffDelayMs(serviceFailures, options.policy, options.random));
    }
    options.onRetry?.({ method, attempt, error: failure, delayMs });
    if (delayMs > 0) await sleep(delayMs);
  }
}

function withTimeout<T>(method: string, send: () => Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new PlatformTransportError(method, 'ETIMEDOUT', `no answer within ${timeoutMs} ms`)), timeoutMs);
    timer.unref?.();
    let pending: Promise<T>;
    try {
      pending = send();
    } catch (err) {
      clearTimeout(timer);
      reject(err);
      return;
    }
    pending.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (err) => {
        clearTimeout(timer);
        reject(err);
      },
    );
  });
}

function throwIfErrorBody(method: string, body: unknown, attempt: number): void {
  if (typeof body !== 'object' || body === null) return;
  const { error, errors } = body as MaybeErrorBody;
  if (error) throw new PlatformApiError(method, asCode(error.code), undefined, String(error.msg ?? 'unknown error'), attempt);
  if (Array.isArray(errors) && errors.length > 0) {
    const msg = errors.map((e) => `${String(e.msg ?? 'error')}${e.code !== undefined ? ` (code ${String(e.code)})` : ''}`).join('; ');
    throw new PlatformApiError(method, asCode(errors[0].code), undefined, msg, attempt);
  }
}

function asCode(code: unknown): number | undefined {
  const n = typeof code === 'number' ? code : typeof code === 'string' ? Number(code) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

/** The parts of an axios 0.21 error we read (docs/platform.md#mapi-errors). */
interface AxiosLikeError {
  isAxiosError?: boolean;
  code?: string;
  message?: string;
  response?: { status?: number; data?: unknown; headers?: Record<string, unknown> };
}

function toPlatformError(method: string, raw: unknown, attempt: number): Error {
  if (raw instanceof PlatformApiError) {
    return raw.attempts === attempt ? raw : new PlatformApiError(raw.method, raw.platformCode, raw.httpStatus, raw.detail, attempt);
  }
  if (raw instanceof PlatformTransportError) {
    return raw.attempts === attempt ? raw : new PlatformTransportError(raw.method, raw.errno, raw.detail, attempt);
  }
  const err = raw as AxiosLikeError;
  if (err && typeof err === 'object' && err.response && typeof err.response.status === 'number') {
    const data = err.response.data as MaybeErrorBody | undefined;
    const apiError = data && typeof data === 'object' ? data.error : undefined;
    return new PlatformApiError(
      method,
      apiError ? asCode(apiError.code) : undefined,
      err.response.status,
      apiError?.msg !== undefined ? String(apiError.msg) : (err.message ?? 'HTTP error'),
      attempt,
    );
  }
  if (err && typeof err === 'object' && err.isAxiosError === true) {
    const errno = typeof err.code === 'string' ? err.code : 'EUNKNOWN';
    return new PlatformTransportError(method, errno, err.message ?? errno, attempt);
  }
  return raw instanceof Error ? raw : new Error(String(raw));
}
