import { PlatformApiError, PlatformTransportError } from '../../src/platform/errors';
import { invokeWithRetry, InvokeOptions, withPacer } from '../../src/platform/invoke';
import { AdaptivePacer, backoffDelayMs, isRateLimited, isRetryable, parseRetryAfterMs } from '../../src/platform/retry';

/** An axios 0.21-shaped rejection. */
const httpError = (status: number, data?: unknown, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`Request failed with status code ${status}`), { isAxiosError: true, response: { status, data, headers } });
const transportError = (code: string) => Object.assign(new Error(`connect ${code}`), { isAxiosError: true, code });

function options(overrides: Partial<InvokeOptions> = {}): InvokeOptions & { delays: number[] } {
  const delays: number[] = [];
  return {
    policy: { maxAttempts: 4, baseDelayMs: 100, maxDelayMs: 1000 },
    idempotent: true,
    timeoutMs: 1000,
    sleep: async (ms) => {
      delays.push(ms);
    },
    random: () => 0.5,
    delays,
    ...overrides,
  };
}

/** A send function answering from a script, one entry per attempt. */
function scripted(steps: (() => unknown)[]) {
  let i = 0;
  const send = jest.fn(async () => {
    const step = steps[Math.min(i++, steps.length - 1)];
    return step();
  });
  return send;
}

describe('invokeWithRetry', () => {
  it('returns a successful body untouched', async () => {
    await expect(invokeWithRetry('GetRules', async () => ({ result: [], totalCount: 0 }), options())).resolves.toEqual({
      result: [],
      totalCount: 0,
    });
  });

  it('throws a resolved {error} as PlatformApiError with code and method, without retrying', async () => {
    const send = scripted([() => ({ error: { code: 147, msg: 'Invalid rule_id' } })]);
    const err = await invokeWithRetry('SetRuleInfo', send, options()).catch((e) => e);
    expect(err).toBeInstanceOf(PlatformApiError);
    expect(err).toMatchObject({ method: 'SetRuleInfo', platformCode: 147, httpStatus: undefined, attempts: 1 });
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('throws a batch {errors: […]} body too', async () => {
    const err = await invokeWithRetry(
      'X',
      async () => ({
        errors: [
          { code: 101, msg: 'a' },
          { code: 102, msg: 'b' },
        ],
      }),
      options(),
    ).catch((e) => e);
    expect(err).toMatchObject({ platformCode: 101 });
    expect(err.message).toContain('a (code 101); b (code 102)');
  });

  it('retries code 340 (HTTP 200) and HTTP 429, then succeeds', async () => {
    const send = scripted([
      () => ({ error: { code: 340, msg: 'Rate limit exceed' } }),
      () => Promise.reject(httpError(429, { error: { code: 340, msg: 'Too Many Requests' } })),
      () => ({ result: 1 }),
    ]);
    const opts = options({ idempotent: false });
    await expect(invokeWithRetry('AddRule', send, opts)).resolves.toEqual({ result: 1 });
    expect(send).toHaveBeenCalledTimes(3);
    // Short rate-limit delays (50 ms doubling, equal jitter), not the service backoff (100 ms doubling).
    expect(opts.delays).toEqual([38, 75]);
  });

  it('rate-limit refusals do not spend the attempts of a failing service; Retry-After is honoured', async () => {
    const refusal = () => Promise.reject(httpError(429, { error: { code: 340, msg: 'Too Many Requests' } }, { 'retry-after': '2' }));
    const send = scripted([
      ...Array.from({ length: 9 }, () => refusal),
      () => ({ error: { code: 340, msg: 'Rate limit exceed' } }),
      () => Promise.reject(httpError(503)),
      () => ({ result: 1 }),
    ]);
    const opts = options({ policy: { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 1000 } });
    await expect(invokeWithRetry('SetKeyValueItem', send, opts)).resolves.toEqual({ result: 1 });
    expect(send).toHaveBeenCalledTimes(12);
    expect(opts.delays).toEqual([...Array.from({ length: 9 }, () => 2000), expect.any(Number), 75]);
    expect(opts.delays[9]).toBeLessThan(1000);
  });

  it('gives up on a rate limit after the patience, counted from the first refusal', async () => {
    const send = scripted([() => Promise.reject(httpError(429, undefined, { 'retry-after': '1' }))]);
    const opts = options({ policy: { maxAttempts: 1, baseDelayMs: 100, maxDelayMs: 1000, rateLimitPatienceMs: 5000 } });
    const err = (await invokeWithRetry('GetRules', send, opts).catch((e: Error) => e)) as Error;
    expect(err).toMatchObject({ httpStatus: 429, attempts: 6 });
    expect(opts.delays).toEqual([1000, 1000, 1000, 1000, 1000]);
  });

  it('inside withPacer every attempt waits for the pacer, and refusals slow it down', async () => {
    let now = 0;
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      now += ms;
    };
    const pacer = new AdaptivePacer({ now: () => now, sleep });
    // 100 answers accepted over the first second, then a refusal: the pace drops to 0.9 × 99 (the last second's) requests/s.
    await pacer.acquire();
    for (let i = 0; i < 100; i++) {
      pacer.onAccepted();
      now += 10;
    }
    const send = scripted([() => ({ error: { code: 340, msg: 'Rate limit exceed' } }), () => ({ result: 1 }), () => ({ result: 2 })]);
    await expect(withPacer(pacer, () => invokeWithRetry('SetKeyValueItem', send, options()))).resolves.toEqual({ result: 1 });
    expect(pacer.stats()).toEqual({ refusals: 1, perS: expect.closeTo(89.1, 0) });
    await withPacer(pacer, () => invokeWithRetry('SetKeyValueItem', send, options()));
    // The retry waited one slot (1/89.1 s) after the refusal, the next request one more slot.
    expect(waits).toHaveLength(2);
    for (const wait of waits) expect(wait).toBeCloseTo(1000 / 89.1, 1);
    expect(send).toHaveBeenCalledTimes(3);
  });

  it('the pacer watches a whole second before slowing down, and never drops below half the best accepted second', async () => {
    let now = 0;
    const pacer = new AdaptivePacer({ now: () => now, sleep: async (ms) => void (now += ms) });
    await pacer.acquire();
    // Every 4th request refused, whatever the pace (not a rate limit): 300 accepted in the first second.
    for (let i = 1; i <= 400; i++) {
      now += 2.5;
      if (i % 4 === 0) pacer.onRateLimited();
      else pacer.onAccepted();
    }
    expect(pacer.paced).toBe(true);
    for (let i = 1; i <= 4000; i++) {
      await pacer.acquire();
      if (i % 4 === 0) pacer.onRateLimited();
      else pacer.onAccepted();
    }
    expect(pacer.stats().perS).toBeGreaterThanOrEqual(150);
  });

  it('retries HTTP 5xx and connection resets only for idempotent methods', async () => {
    const idem = scripted([
      () => Promise.reject(httpError(503)),
      () => Promise.reject(transportError('ECONNRESET')),
      () => ({ result: 1 }),
    ]);
    await expect(invokeWithRetry('SetKeyValueItem', idem, options())).resolves.toEqual({ result: 1 });

    const add = scripted([() => Promise.reject(httpError(500)), () => ({ result: 1 })]);
    const err = await invokeWithRetry('AddScenario', add, options({ idempotent: false })).catch((e) => e);
    expect(err).toMatchObject({ method: 'AddScenario', httpStatus: 500 });
    expect(add).toHaveBeenCalledTimes(1);
  });

  it('gives up after maxAttempts and says how many attempts were made', async () => {
    const send = scripted([() => Promise.reject(httpError(503))]);
    const err = (await invokeWithRetry('GetRules', send, options()).catch((e: Error) => e)) as Error;
    expect(err).toMatchObject({ httpStatus: 503, attempts: 4 });
    expect(err.message).toContain('after 4 attempts');
    expect(send).toHaveBeenCalledTimes(4);
  });

  it('maps transport failures to PlatformTransportError and does not retry TLS failures', async () => {
    const send = scripted([() => Promise.reject(transportError('DEPTH_ZERO_SELF_SIGNED_CERT'))]);
    const err = await invokeWithRetry('GetRules', send, options()).catch((e) => e);
    expect(err).toBeInstanceOf(PlatformTransportError);
    expect(err).toMatchObject({ errno: 'DEPTH_ZERO_SELF_SIGNED_CERT', attempts: 1 });
  });

  it('rethrows a synchronous client TypeError unchanged and unretried', async () => {
    const boom = new TypeError("Cannot read properties of undefined (reading 'name')");
    const send = jest.fn(() => {
      throw boom;
    });
    await expect(invokeWithRetry('GetRules', send, options())).rejects.toBe(boom);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('times out an attempt that never answers', async () => {
    const err = await invokeWithRetry(
      'GetRules',
      () => new Promise(() => undefined),
      options({ timeoutMs: 20, policy: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }),
    ).catch((e) => e);
    expect(err).toMatchObject({ errno: 'ETIMEDOUT' });
  });
});

describe('retry policy', () => {
  it('grows exponentially up to the cap, with jitter in [cap/2, cap]', () => {
    const policy = { maxAttempts: 10, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, policy, () => 0))).toEqual([50, 100, 200, 400, 500, 500]);
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, policy, () => 0.999999))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('reads Retry-After as delay-seconds or an HTTP-date', () => {
    expect(parseRetryAfterMs('3')).toBe(3000);
    expect(parseRetryAfterMs(['1'])).toBe(1000);
    expect(parseRetryAfterMs('Fri, 01 May 2026 12:00:05 GMT', Date.parse('2026-05-01T12:00:00Z'))).toBe(5000);
    expect(parseRetryAfterMs('Fri, 01 May 2026 11:00:00 GMT', Date.parse('2026-05-01T12:00:00Z'))).toBe(0);
    expect([parseRetryAfterMs(undefined), parseRetryAfterMs(''), parseRetryAfterMs('soon'), parseRetryAfterMs(-1)]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('a rate limit is HTTP 429 or code 340 with any status', () => {
    expect(isRateLimited(new PlatformApiError('X', 340, undefined, 'rate'))).toBe(true);
    expect(isRateLimited(new PlatformApiError('X', 340, 429, 'rate'))).toBe(true);
    expect(isRateLimited(new PlatformApiError('X', undefined, 429, 'rate'))).toBe(true);
    expect(isRateLimited(new PlatformApiError('X', 162, 503, 'try later'))).toBe(false);
    expect(isRateLimited(new PlatformTransportError('X', 'ECONNREFUSED', 'refused'))).toBe(false);
  });

  it('classifies errors', () => {
    expect(isRetryable(new PlatformApiError('X', 340, undefined, 'rate'), false)).toBe(true);
    expect(isRetryable(new PlatformApiError('X', undefined, 429, 'rate'), false)).toBe(true);
    expect(isRetryable(new PlatformApiError('X', undefined, 502, 'bad gateway'), true)).toBe(true);
    expect(isRetryable(new PlatformApiError('X', undefined, 502, 'bad gateway'), false)).toBe(false);
    expect(isRetryable(new PlatformApiError('X', 100, undefined, 'Authorization failed'), true)).toBe(false);
    expect(isRetryable(new PlatformTransportError('X', 'ECONNREFUSED', 'refused'), false)).toBe(true);
    expect(isRetryable(new PlatformTransportError('X', 'ENOTFOUND', 'dns'), true)).toBe(false);
    expect(isRetryable(new Error('other'), true)).toBe(false);
  });
});
