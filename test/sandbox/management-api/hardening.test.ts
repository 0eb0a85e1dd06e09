import { createSign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { MAX_BODY_BYTES } from '../../../src/sandbox/management-api/request-body';
import { ApiHarness, startApi, TLS_DIR } from './harness';

/**
 * Issue 10 docs/platform.md#mapi-errors, what a local process must not do to the sandbox's Management API: make it read large
 * bodies without a token, hold stalled bodies, use /_sandbox/* without the account's JWT, get odd tokens
 * or ids accepted, or stall it with a rule pattern.
 */
const CA = readFileSync(join(TLS_DIR, 'cert.pem'));
/** What a client may get through to the server before it answers a refused body: the cap, the linger allowance and socket buffers. */
const ACCEPTED_BOUND = MAX_BODY_BYTES + 8 * 1024 * 1024;
/** What the streaming client offers at most (far above every bound, far below the 300 MB of the attack). */
const OFFERED = 48 * 1024 * 1024;

interface StreamOutcome {
  status: number;
  json: any;
  /** Bytes of body the client's socket had passed on when the answer came (or the connection ended). */
  bytesAccepted: number;
}

/**
 * Streams a body of up to OFFERED bytes in 64 KB chunks, honouring backpressure, and stops as soon as the
 * server answers or closes; reports how much of it the server had taken by then.
 */
function streamBody(port: number, headers: Record<string, string>, path = '/platform_api'): Promise<StreamOutcome> {
  return new Promise((resolve, reject) => {
    const chunk = Buffer.alloc(64 * 1024, 'a');
    let offered = 0;
    let done = false;
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', ca: CA, headers }, (res) => {
      done = true;
      const bytesAccepted = req.socket?.bytesWritten ?? offered;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')), bytesAccepted });
        req.destroy();
      });
    });
    req.on('error', (err) => {
      if (!done) reject(err);
    });
    const pump = (): void => {
      while (!done && offered < OFFERED) {
        offered += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!done) req.end();
    };
    pump();
  });
}

/** Sends headers and `sent` bytes of a body that declares `declared` bytes, then nothing more. */
function stalledBody(
  port: number,
  token: string,
  declared: number,
  sent: string,
): Promise<{ status: number; json: any; closed: Promise<void> }> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: '/platform_api',
        method: 'POST',
        ca: CA,
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': String(declared),
        },
      },
      (res) => {
        const closed = new Promise<void>((done) => req.socket?.once('close', () => done()));
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')), closed }));
      },
    );
    req.on('error', reject);
    req.write(sent);
  });
}

describe('a body that stalls', () => {
  test('is cut after the body timeout and its connection closed', async () => {
    const api = await startApi({ bodyTimeoutMs: 300 });
    try {
      const stalled = await stalledBody(api.server.port, api.token(), 1000, 'cmd=GetAcc');
      expect(stalled.status).toBe(200);
      expect(stalled.json).toEqual({ error: { code: 101, msg: 'The request body did not arrive within 300 ms' } });
      await stalled.closed;
    } finally {
      await api.close();
    }
  });
});

describe('request bodies', () => {
  let api: ApiHarness;
  // A generous body deadline: these tests are about the byte cap, which must win however loaded the machine is.
  beforeAll(async () => {
    api = await startApi({ bodyTimeoutMs: 30_000 });
  });
  afterAll(() => api.close());

  test('a large multipart body without a token is refused from the headers, before its body is read', async () => {
    const port = api.server.port;
    const outcome = await streamBody(port, { 'content-type': 'multipart/form-data; boundary=x', 'transfer-encoding': 'chunked' });
    expect(outcome.status).toBe(200);
    expect(outcome.json).toEqual({ error: { code: 100, msg: expect.stringContaining('Authorization failed') } });
    expect(outcome.bytesAccepted).toBeLessThan(ACCEPTED_BOUND);
    // The server still answers the next request normally.
    expect((await api.post({ cmd: 'GetAccountInfo' })).json.result).toBeDefined();
  });

  test.each([
    ['multipart, chunked', { 'content-type': 'multipart/form-data; boundary=x', 'transfer-encoding': 'chunked' }],
    ['urlencoded, chunked', { 'content-type': 'application/x-www-form-urlencoded', 'transfer-encoding': 'chunked' }],
    ['no content type, chunked', { 'transfer-encoding': 'chunked' }],
    ['urlencoded with a large Content-Length', { 'content-type': 'application/x-www-form-urlencoded', 'content-length': String(OFFERED) }],
  ])('a body over the cap with a valid token is cut at the cap (%s)', async (_name, headers) => {
    const outcome = await streamBody(api.server.port, { ...headers, authorization: `Bearer ${api.token()}` });
    expect(outcome.status).toBe(200);
    expect(outcome.json).toEqual({ error: { code: 101, msg: `The request body exceeds ${MAX_BODY_BYTES} bytes` } });
    expect(outcome.bytesAccepted).toBeLessThan(ACCEPTED_BOUND);
    expect(api.opened.state.applications).toHaveLength(0);
  });

  test('an admin body over its cap is refused with HTTP 413 in the error shape', async () => {
    const outcome = await streamBody(
      api.server.port,
      { 'content-type': 'application/json', 'transfer-encoding': 'chunked', authorization: `Bearer ${api.token()}` },
      '/_sandbox/faults',
    );
    expect(outcome.status).toBe(413);
    expect(outcome.json.error).toEqual({ code: 101, msg: expect.stringMatching(/^The request body exceeds \d+ bytes$/) });
    expect(outcome.bytesAccepted).toBeLessThan(ACCEPTED_BOUND);
  });

  test('a body within the cap is read as before', async () => {
    const script = 'x'.repeat(120 * 1024);
    const res = await api.post({ cmd: 'AddScenario', scenario_name: 'big', scenario_script: script });
    expect(res.json).toMatchObject({ result: 1 });
  });
});

describe('/_sandbox/* endpoints need the account token', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());

  test.each([
    ['GET', '/_sandbox/faults'],
    ['POST', '/_sandbox/faults'],
    ['GET', '/_sandbox/logs/1'],
    ['POST', '/_sandbox/calls'],
  ])('%s %s without a token, or with a token of another key, answers 401 and changes nothing', async (method, path) => {
    const body = method === 'POST' ? JSON.stringify({ rateLimit: { everyNth: 1, mode: 'http429' } }) : undefined;
    const none = await api.raw({ path, method, token: null, body, contentType: 'application/json' });
    expect(none.status).toBe(401);
    expect(none.json.error.code).toBe(100);
    const otherKid = await api.raw({ path, method, token: api.token({}, { kid: 'another-key' }), body, contentType: 'application/json' });
    expect([otherKid.status, otherKid.json.error.code]).toEqual([401, 433]);
    expect(api.server.faults.current).toEqual({});
  });
});

describe('tokens are compared exactly', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(() => api.close());
  const account = (): number => api.opened.state.account.accountId;
  const codeFor = async (claims: Record<string, unknown>, header: Record<string, unknown> = {}): Promise<number | undefined> =>
    (await api.post({ cmd: 'GetAccountInfo' }, { token: api.token(claims, header) })).json.error?.code;

  /** A token signed by hand (jsonwebtoken refuses to sign claims of the wrong type). */
  const rawCode = async (claims: Record<string, unknown>): Promise<number | undefined> => {
    const { accountId, keyId, privateKeyPem } = api.opened.state.account;
    const now = Math.floor(Date.now() / 1000);
    const part = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signed = `${part({ alg: 'RS256', typ: 'JWT', kid: keyId })}.${part({ iss: accountId, iat: now, exp: now + 60, ...claims })}`;
    const token = `${signed}.${createSign('RSA-SHA256').update(signed).sign(privateKeyPem).toString('base64url')}`;
    return (await api.post({ cmd: 'GetAccountInfo' }, { token })).json.error?.code;
  };

  test('a token signed by hand with the usual claims is taken', async () => {
    expect(await rawCode({})).toBeUndefined();
  });

  test('iss as the JSON number or its canonical decimal string is taken', async () => {
    expect(await codeFor({ iss: account() })).toBeUndefined();
    expect(await codeFor({ iss: String(account()) })).toBeUndefined();
  });

  test.each([
    ['spaces', (id: number) => ` ${id} `],
    ['an array', (id: number) => [id]],
    ['hex', (id: number) => `0x${id.toString(16)}`],
    ['an exponent', (id: number) => `${id}e0`],
    ['a leading zero', (id: number) => `0${id}`],
    ['a plus sign', (id: number) => `+${id}`],
    ['a fraction', (id: number) => `${id}.0`],
    ['a boolean', () => true],
    ['another account', (id: number) => id + 1],
  ])('iss with %s is refused (100)', async (_name, iss) => {
    expect(await codeFor({ iss: iss(account()) })).toBe(100);
  });

  test('nbf in the future is refused (100); nbf now or in the past is taken; a nbf that is not a number is 447', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await codeFor({ nbf: now + 60 })).toBe(100);
    expect(await codeFor({ nbf: now - 60 })).toBeUndefined();
    expect(await codeFor({ nbf: now })).toBeUndefined();
    expect(await rawCode({ nbf: String(now - 60) })).toBe(447);
  });

  test('a crit header is refused (447), whatever it names', async () => {
    expect(await codeFor({}, { crit: ['exp'] })).toBe(447);
    expect(await codeFor({ 'urn:x': 1 }, { crit: ['urn:x'] })).toBe(447);
    expect(await codeFor({}, { crit: [] })).toBe(447);
  });

  test('iat and exp must be numbers', async () => {
    const now = Math.floor(Date.now() / 1000);
    expect(await rawCode({ iat: String(now), exp: now + 60 })).toBe(447);
    expect(await rawCode({ iat: now, exp: String(now + 60) })).toBe(447);
  });
});

describe('integer parameters and rule patterns', () => {
  let api: ApiHarness;
  let appId: number;
  let ruleId: number;
  beforeAll(async () => {
    api = await startApi();
    appId = (await api.post({ cmd: 'AddApplication', application_name: 'hardening' })).json.application_id;
    ruleId = (await api.post({ cmd: 'AddRule', application_id: String(appId), rule_name: 'r', rule_pattern: '(a+)+b' })).json.rule_id;
  });
  afterAll(() => api.close());

  test.each([' 1', '1 ', '1;2', '+1', '1e0', '0x1', '1.0', '１', '٢', '9007199254740993'])(
    'a single id %j is refused (101) naming the parameter',
    async (value) => {
      const res = await api.post({ cmd: 'GetRules', application_id: String(appId), rule_id: value });
      expect(res.json.error).toEqual({ code: 101, msg: expect.stringContaining("'rule_id'") });
    },
  );

  test.each([' 1', '1; 2', '1;;2', '1;'])('a list item with anything but digits (%j) is refused (101)', async (value) => {
    const res = await api.post({ cmd: 'DelRule', rule_id: value });
    expect(res.json.error).toEqual({ code: 101, msg: expect.stringContaining("'rule_id'") });
    expect(api.opened.state.rules).toHaveLength(1);
  });

  test('the attack pattern (a+)+b answers a long template at once, and a template over 32 characters is refused', async () => {
    const at = (template: string) => api.post({ cmd: 'GetRules', application_id: String(appId), template });
    expect((await at('a'.repeat(32))).json.result).toEqual([]);
    expect((await at(`${'a'.repeat(31)}b`)).json.result.map((r: { rule_id: number }) => r.rule_id)).toEqual([ruleId]);
    expect((await at('a'.repeat(33))).json.error).toEqual({ code: 101, msg: expect.stringContaining("'template'") });
  });

  test('patterns that need backtracking are refused at AddRule and SetRuleInfo (148, 149)', async () => {
    const add = (fields: Record<string, string>) =>
      api.post({ cmd: 'AddRule', application_id: String(appId), rule_name: 'x', rule_pattern: '.*', ...fields });
    expect((await add({ rule_pattern: '(1)\\1' })).json.error).toEqual({ code: 148, msg: expect.stringContaining('backreferences') });
    expect((await add({ rule_pattern_exclude: '(?=1)1' })).json.error).toEqual({ code: 149, msg: expect.stringContaining('lookahead') });
    const set = await api.post({ cmd: 'SetRuleInfo', rule_id: String(ruleId), rule_pattern: '(?<!1)2' });
    expect(set.json.error.code).toBe(148);
  });
});
