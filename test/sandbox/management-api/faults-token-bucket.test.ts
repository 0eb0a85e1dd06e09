import { FaultInjector, ManagementApiFaults, parseFaults } from '../../../src/sandbox/management-api/faults';

/** The sandbox's token-bucket rate limit (docs/sandbox.md "Faults"), on an injected clock. */
describe('FaultInjector token bucket', () => {
  function injector(faults: ManagementApiFaults) {
    let now = 0;
    const inj = new FaultInjector(faults, () => now);
    const outcomes = (n: number) => Array.from({ length: n }, () => inj.next());
    return { inj, outcomes, advance: (ms: number) => (now += ms) };
  }

  test('admits a burst, then perSecond requests a second; refusals take no token', () => {
    const { outcomes, advance } = injector({ rateLimit: { perSecond: 5, burst: 3, mode: 'http429' } });
    const first = outcomes(5);
    expect(first.map((d) => d.error?.httpStatus ?? 200)).toEqual([200, 200, 200, 429, 429]);
    expect(first[3]).toMatchObject({ error: { code: 340 } });
    expect(first[3].retryAfterS).toBeUndefined(); // the next token is 200 ms away: no whole second to announce
    advance(199);
    expect(outcomes(1)[0].error?.code).toBe(340); // 0.995 tokens: not yet
    advance(1);
    expect(outcomes(2).map((d) => d.error?.httpStatus ?? 200)).toEqual([200, 429]);
    advance(10_000);
    expect(outcomes(4).map((d) => d.error?.httpStatus ?? 200)).toEqual([200, 200, 200, 429]); // refilled to the burst, not beyond
  });

  test('code340 mode answers HTTP 200 with code 340 and no Retry-After; the default burst is one second of requests', () => {
    const { outcomes } = injector({ rateLimit: { perSecond: 2.5, mode: 'code340' } });
    const decisions = outcomes(4);
    expect(decisions.map((d) => d.error?.code)).toEqual([undefined, undefined, undefined, 340]);
    expect(decisions[3].error?.httpStatus).toBe(200);
    expect(decisions[3].retryAfterS).toBeUndefined();
  });

  test('an HTTP 429 carries Retry-After, the whole seconds until the next token, when that is a second or more', () => {
    const { outcomes, advance } = injector({ rateLimit: { perSecond: 0.25, burst: 1, mode: 'http429' } });
    expect(outcomes(2)[1].retryAfterS).toBe(4);
    advance(2500); // 0.625 token: 1.5 s to go
    expect(outcomes(1)[0].retryAfterS).toBe(2);
    advance(1000); // 0.875 token: 0.5 s to go
    expect(outcomes(1)[0]).toMatchObject({ error: { httpStatus: 429 } });
    expect(outcomes(1)[0].retryAfterS).toBeUndefined();
  });

  test('validation: exactly one of everyNth and perSecond; burst only with perSecond', () => {
    expect(() => parseFaults({ rateLimit: { everyNth: 2, perSecond: 5, mode: 'http429' } })).toThrow(
      /rateLimit\.perSecond: give exactly one/,
    );
    expect(() => parseFaults({ rateLimit: { mode: 'http429' } })).toThrow(/rateLimit\.perSecond: give exactly one/);
    expect(() => parseFaults({ rateLimit: { everyNth: 2, burst: 3, mode: 'http429' } })).toThrow(
      /rateLimit\.burst: only applies with perSecond/,
    );
    expect(() => parseFaults({ rateLimit: { perSecond: 0, mode: 'http429' } })).toThrow(/rateLimit\.perSecond/);
    expect(parseFaults({ rateLimit: { perSecond: 20, burst: 4, mode: 'code340' } })).toEqual({
      rateLimit: { perSecond: 20, burst: 4, mode: 'code340' },
    });
    expect(parseFaults({ rateLimit: { everyNth: 4, mode: 'http429' } })).toEqual({ rateLimit: { everyNth: 4, mode: 'http429' } });
  });
});
