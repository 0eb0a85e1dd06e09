import { PlatformApiError, PlatformTransportError } from './errors';
import { backoffDelayMs, isRetryable, RetryPolicy } from './retry';

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
}

/** An API-level answer as the client resolves it (management-api.md §1.6). */
interface MaybeErrorBody {
  error?: { code?: unknown; msg?: unknown };
  errors?: { code?: unknown; msg?: unknown }[];
}

/**
 * Runs `send` (one Management API request) until it succeeds, fails for good, or the policy's
 * attempts are spent. Resolved `{error}` / `{errors}` bodies become thrown PlatformApiError;
 * axios rejections become PlatformApiError (with `httpStatus`) or PlatformTransportError.
 * Errors of any other kind (e.g. a synchronous TypeError from the client) are rethrown unchanged.
 *
 * @returns the resolved body, known to carry no `error`
 * @throws PlatformApiError | PlatformTransportError carrying `attempts`
 */
export async function invokeWithRetry<T>(method: string, send: () => Promise<T>, options: InvokeOptions): Promise<T> {
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    let failure: Error;
    try {
      const body = await withTimeout(method, send, options.timeoutMs);
      throwIfErrorBody(method, body, attempt);
      return body;
    } catch (raw) {
      failure = toPlatformError(method, raw, attempt);
    }
    if (attempt >= options.policy.maxAttempts || !isRetryable(failure, options.idempotent)) throw failure;
    const delayMs = backoffDelayMs(attempt, options.policy, options.random);
    options.onRetry?.({ method, attempt, error: failure, delayMs });
    await sleep(delayMs);
  }
}

function withTimeout<T>(method: string, send: () => Promise<T>, timeoutMs: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new PlatformTransportError(method, 'ETIMEDOUT', `no answer within ${timeoutMs} ms`)),
      timeoutMs,
    );
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

/** The parts of an axios 0.21 error we read (management-api.md §1.6 "Non-2xx", "Transport errors"). */
interface AxiosLikeError {
  isAxiosError?: boolean;
  code?: string;
  message?: string;
  response?: { status?: number; data?: unknown };
}

function toPlatformError(method: string, raw: unknown, attempt: number): Error {
  if (raw instanceof PlatformApiError) {
    return raw.attempts === attempt ? raw : new PlatformApiError(raw.method, raw.code, raw.httpStatus, raw.detail, attempt);
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
