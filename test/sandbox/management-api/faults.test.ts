import { FaultInjector } from '../../../src/sandbox/management-api/faults';
import { ApiHarness, startApi } from './harness';

/** Injected rate limits, server errors and latency (docs/platform.md#rate-limits). */
describe('Management API faults', () => {
  let api: ApiHarness;
  afterEach(async () => {
    await api.close();
  });

  test('rate limit as HTTP 429: every Nth request; the real client rejects with status 429 and code 340 in the body', async () => {
    api = await startApi({ faults: { rateLimit: { everyNth: 2, mode: 'http429' } } });
    expect((await api.client.Accounts.getAccountInfo({})).result.accountId).toBeGreaterThan(0);
    const refused = await api.client.Accounts.getAccountInfo({}).then(
      () => undefined,
      (err: { response?: { status: number; data: unknown } }) => err.response,
    );
    expect(refused?.status).toBe(429);
    expect(refused?.data).toEqual({ error: { msg: 'Too Many Requests', code: 340 } });
    expect((await api.client.Accounts.getAccountInfo({})).error).toBeUndefined();
    expect(api.server.requestLog().map((e) => [e.httpStatus, e.errorCode])).toEqual([
      [200, undefined],
      [429, 340],
      [200, undefined],
    ]);
  });

  test('rate limit as code 340 with HTTP 200: the real client resolves with {error}', async () => {
    api = await startApi({ faults: { rateLimit: { everyNth: 1, mode: 'code340' } } });
    const res = await api.client.Applications.addApplication({ applicationName: 'limited' });
    expect(res.error).toEqual({ code: 340, msg: 'Rate limit exceed' });
    expect(api.opened.state.applications).toHaveLength(0);
  });

  test('server errors alternate 500 and 503 with a JSON body; the refused write is not applied', async () => {
    api = await startApi({ faults: { serverErrorEveryNth: 1 } });
    const first = await api.post({ cmd: 'AddApplication', application_name: 'never' });
    const second = await api.post({ cmd: 'GetAccountInfo' });
    expect([first.status, second.status]).toEqual([500, 503]);
    expect(first.contentType).toBe('application/json');
    expect(first.json.error.code).toBe(162);
    expect(api.opened.state.applications).toHaveLength(0);
  });

  test('the admin endpoint reads, replaces and validates faults; latency delays answers', async () => {
    api = await startApi();
    const set = await api.raw({
      path: '/_sandbox/faults',
      body: JSON.stringify({ latencyMs: 150, rateLimit: { everyNth: 3, mode: 'code340' } }),
      contentType: 'application/json',
    });
    expect(set.json).toEqual({ result: { latencyMs: 150, rateLimit: { everyNth: 3, mode: 'code340' } } });
    const started = Date.now();
    const codes = [];
    for (let i = 0; i < 3; i++) codes.push((await api.post({ cmd: 'GetAccountInfo' })).json.error?.code);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 150 - 5);
    expect(codes).toEqual([undefined, undefined, 340]);
    const bad = await api.raw({
      path: '/_sandbox/faults',
      body: JSON.stringify({ rateLimit: { everyNth: 0, mode: 'sometimes' } }),
      contentType: 'application/json',
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.msg).toContain('rateLimit.everyNth');
    expect(bad.json.error.msg).toContain('rateLimit.mode');
    const cleared = await api.raw({ path: '/_sandbox/faults', body: '{}', contentType: 'application/json' });
    expect(cleared.json).toEqual({ result: {} });
    expect((await api.raw({ path: '/_sandbox/faults', method: 'GET' })).json).toEqual({ result: {} });
  });

  test('admin endpoints refuse a body that is not JSON with 400 and code 101, and the faults stay as they were', async () => {
    api = await startApi({ faults: { serverErrorEveryNth: 5 } });
    const notJson = await api.raw({ path: '/_sandbox/faults', body: 'latencyMs=5', contentType: 'application/json' });
    expect(notJson.status).toBe(400);
    expect(notJson.json.error).toMatchObject({ code: 101, msg: expect.stringMatching(/^The body must be a JSON object: /) });
    expect((await api.raw({ path: '/_sandbox/faults', method: 'GET' })).json).toEqual({ result: { serverErrorEveryNth: 5 } });
    const calls = await api.raw({ path: '/_sandbox/calls', body: '{"calls": [', contentType: 'application/json' });
    expect(calls.status).toBe(501);
    expect(calls.json.error.msg).toBe('This server places no calls');
  });

  test('FaultInjector: a rate-limit hit wins over a server error on the same request; counts restart when faults are set', () => {
    const injector = new FaultInjector({ rateLimit: { everyNth: 2, mode: 'http429' }, serverErrorEveryNth: 3 });
    const statuses = Array.from({ length: 6 }, () => injector.next().error?.httpStatus ?? 200);
    expect(statuses).toEqual([200, 429, 500, 429, 200, 429]);
    injector.set({ serverErrorEveryNth: 2 });
    expect([injector.next().error?.httpStatus, injector.next().error?.httpStatus]).toEqual([undefined, 500]);
    expect(() => injector.set({ latencyMs: -1 })).toThrow(/latencyMs/);
  });
});
