/**
 * The access URLs (src/sandbox/management-api/media-session.ts): the server hands a request's method,
 * path, body and X- headers to the sandbox's handler without asking for a token, answers with the
 * handler's body, 404 for an unknown session, 413 for a body over the cap; and, end to end on a real
 * Sandbox, StartScenarios' URL reaches the running session as AppEvents.HttpRequest and stops answering
 * once the session has ended. AppEvents.Started reports the sandbox's account, the access URL and the
 * log URL GetCallHistory gives.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import VoximplantApiClient from '@voximplant/apiclient-nodejs';
import type { MediaSessionRequest } from '../../../src/sandbox/management-api/media-session';
import { MAX_BODY_BYTES } from '../../../src/sandbox/management-api/request-body';
import { Sandbox } from '../../../src/sandbox';
import { ApiHarness, startApi, testTlsPair, testAccountKey, TLS_DIR, trustTestCa } from './harness';

/** One HTTPS request without Authorization; resolves with status, content type and body text. */
function send(
  url: string,
  opts: { method?: string; body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; type: string; text: string }> {
  const { certFile } = testTlsPair();
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'POST', headers: opts.headers, ca: readFileSync(certFile) }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), text: Buffer.concat(chunks).toString('utf8') }),
      );
    });
    req.on('error', reject);
    if (opts.body !== undefined) req.write(opts.body);
    req.end();
  });
}

describe('access URLs on the server', () => {
  let api: ApiHarness;
  const seen: MediaSessionRequest[] = [];
  beforeAll(async () => {
    api = await startApi({
      mediaSessions: async (req) => {
        seen.push(req);
        if (req.historyId === 9) return { found: 'late', reason: 'the session has not taken the request yet' };
        return req.historyId === 7
          ? { found: true, contentType: 'application/json', body: '{"ok":true}' }
          : { found: false, reason: 'no such session' };
      },
    });
  });
  afterAll(() => api.close());

  test('a request reaches the handler with method, path and query, body and only the X- headers (names as sent), without a token', async () => {
    const url = `https://${api.host}/request/7/00112233445566aa?cancel=1`;
    const res = await send(url, {
      body: '{"cancel":true}',
      headers: { 'X-Request-Id': 'r-1', 'Content-Type': 'application/json', Authorization: 'Bearer nope' },
    });
    expect(res).toEqual({ status: 200, type: 'application/json', text: '{"ok":true}' });
    expect(seen.at(-1)).toEqual({
      historyId: 7,
      token: '00112233445566aa',
      check: false,
      method: 'POST',
      path: '/request/7/00112233445566aa?cancel=1',
      content: '{"cancel":true}',
      headers: { 'X-Request-Id': 'r-1' },
    });
    await send(`https://${api.host}/request/7/00112233445566aa/check`, { method: 'GET' });
    expect(seen.at(-1)).toMatchObject({ check: true, method: 'GET', content: '' });
  });

  test('an unknown session answers 404 (code 150); a late one 504 (code 162); a malformed token is no route (404); a body over the cap 413 before the handler runs', async () => {
    const late = await send(`https://${api.host}/request/9/00112233445566aa`, { body: 'x' });
    expect([late.status, JSON.parse(late.text).error.code]).toEqual([504, 162]);
    const unknown = await send(`https://${api.host}/request/8/00112233445566aa`, { body: 'x' });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.text).error.code).toBe(150);
    expect((await send(`https://${api.host}/request/7/XYZ`)).status).toBe(404);
    const before = seen.length;
    const big = await send(`https://${api.host}/request/7/00112233445566aa`, { body: 'x'.repeat(MAX_BODY_BYTES + 1) });
    expect(big.status).toBe(413);
    expect(seen).toHaveLength(before);
  });
});

describe('access URLs on a real sandbox', () => {
  let dir: string;
  let sandbox: Sandbox;
  let client: VoximplantApiClient;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'voxmask-access-url-'));
    sandbox = await Sandbox.start({ dir, tlsDir: TLS_DIR, accountKey: testAccountKey() });
    trustTestCa(sandbox.host);
    client = new VoximplantApiClient({ pathToCredentials: sandbox.credentialsFile, host: sandbox.host });
    await new Promise<void>((ready) => (client.onReady = () => ready()));
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test("StartScenarios' access URL delivers AppEvents.HttpRequest to the session, answers its return value, and 404 once the session ended", async () => {
    const appId = (await client.Applications.addApplication({ applicationName: 'clicks' })).applicationId;
    const code = `
      VoxEngine.addEventListener(AppEvents.Started, (e) => Logger.write('started ' + JSON.stringify(e)));
      VoxEngine.addEventListener(AppEvents.HttpRequest, (e) => {
        Logger.write('request ' + e.method + ' ' + e.path + ' ' + e.content + ' ' + JSON.stringify(e.headers));
        if (e.content === 'stop') VoxEngine.terminate();
        return { data: VoxEngine.customData(), seen: e.content };
      });`;
    const scenarioId = (await client.Scenarios.addScenario({ scenarioName: 'click', scenarioScript: code })).scenarioId;
    const ruleId = (await client.Rules.addRule({ applicationId: appId, ruleName: 'click', rulePattern: 'nothing-dialled', scenarioId }))
      .ruleId;
    const started = await client.Scenarios.startScenarios({ ruleId, scriptCustomData: 'order-42' });
    const access = started.mediaSessionAccessUrl;
    expect(access).toMatch(new RegExp(`^https://${sandbox.host}/request/${started.callSessionHistoryId}/[0-9a-f]{16}$`));

    const check = await send(`${access}/check`, { method: 'GET' });
    expect([check.status, JSON.parse(check.text)]).toEqual([200, { result: 1, running: true }]);
    const first = await send(access, { body: 'hello', headers: { 'X-Order': '42' } });
    expect([first.status, first.type, JSON.parse(first.text)]).toEqual([200, 'application/json', { data: 'order-42', seen: 'hello' }]);
    const stop = await send(access, { body: 'stop' });
    expect(stop.status).toBe(200);
    await sandbox.emulator.runUntilIdle();
    expect((await send(access, { body: 'again' })).status).toBe(404);
    expect((await send(`${access}/check`, { method: 'GET' })).status).toBe(404);
    // Another session's token does not open this one.
    expect((await send(access.replace(/[0-9a-f]{16}$/, '0000000000000000'), { body: 'x' })).status).toBe(404);

    const history = await client.History.getCallHistory({
      callSessionHistoryId: started.callSessionHistoryId,
      timezone: 'Etc/GMT',
    } as never);
    const [session] = history.result;
    const log = sandbox.emulator.sessions().find((s) => s.customData === 'order-42')!.logLines;
    const startedEvent = JSON.parse(log[0].replace(/^started /, '')) as Record<string, unknown>;
    expect(startedEvent).toMatchObject({
      accessURL: access,
      accessSecureURL: access,
      accountId: sandbox.accountId,
      logURL: session.logFileUrl,
    });
    expect(String(startedEvent.logURL)).toMatch(/^https:\/\/127\.0\.0\.1:\d+\//);
    expect(log[1]).toBe(`request POST ${new URL(access).pathname} hello [{"key":"X-Order","value":"42"}]`);
  });
});
