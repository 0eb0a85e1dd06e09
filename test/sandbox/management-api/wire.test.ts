import { ApiHarness, multipart, startApi, testAccountKey } from './harness';

/** The wire protocol: body encodings, where `cmd` may be, JWT checks and the error shape (docs/platform.md#mapi-encoding, docs/platform.md#mapi-emulator-notes). */
describe('Management API wire protocol', () => {
  let api: ApiHarness;
  beforeAll(async () => {
    api = await startApi();
  });
  afterAll(async () => {
    await api.close();
  });

  const nowS = (): number => Math.floor(Date.now() / 1000);

  test('the real client (chunked multipart, no Content-Length) reaches GetAccountInfo', async () => {
    const info = await api.client.Accounts.getAccountInfo({});
    expect(info.result.accountId).toBe(api.opened.state.account.accountId);
    expect(info.result.accountName).toBe('voxmask-sandbox');
    expect(info.error).toBeUndefined();
  });

  test('multipart sent in chunks, with UTF-8 text and a part with a file name', async () => {
    const { body, contentType } = multipart(
      [
        ['cmd', 'AddScenario'],
        ['scenario_name', 'cyrillic'],
      ],
      { name: 'scenario_script', filename: 'x.js', content: 'Logger.write("привет");' },
    );
    const res = await api.raw({ body, contentType });
    expect(res.status).toBe(200);
    const id = res.json.scenario_id;
    const got = await api.post({ cmd: 'GetScenarios', scenario_id: String(id), with_script: 'true' });
    expect(got.json.result[0].scenario_script).toBe('Logger.write("привет");');
  });

  test('urlencoded body, cmd in the query string, and /platform_api/<Cmd> all dispatch', async () => {
    const viaBody = await api.post({ cmd: 'GetAccountInfo' });
    const viaQuery = await api.post({}, { path: '/platform_api?cmd=GetAccountInfo' });
    const viaPath = await api.post({}, { path: '/platform_api/GetAccountInfo' });
    const viaGet = await api.raw({ method: 'GET', path: '/platform_api/GetAccountInfo/' });
    for (const res of [viaBody, viaQuery, viaPath, viaGet]) {
      expect(res.status).toBe(200);
      expect(res.contentType).toBe('application/json');
      expect(res.json.result.account_id).toBe(api.opened.state.account.accountId);
    }
  });

  test('missing cmd is 102, an unknown method 103 (after auth), both HTTP 200 JSON', async () => {
    const missing = await api.post({});
    expect(missing.status).toBe(200);
    expect(missing.json).toEqual({ error: { code: 102, msg: expect.stringContaining('cmd') } });
    const unknown = await api.post({ cmd: 'FrobnicateEverything' });
    expect(unknown.json.error.code).toBe(103);
    expect(unknown.json.error.msg).toContain('FrobnicateEverything');
    const proto = await api.post({ cmd: 'constructor' });
    expect(proto.json.error.code).toBe(103);
    const unauthenticated = await api.post({ cmd: 'FrobnicateEverything' }, { token: null });
    expect(unauthenticated.json.error.code).toBe(100);
  });

  test.each([
    ['no Authorization header', null, 100],
    ['not a JWT', 'abc.def', 447],
    ['HS256 instead of RS256', 'HS256', 447],
    ['unknown kid', 'kid', 433],
    ['signed by another key', 'otherKey', 100],
    ['iss of another account', 'iss', 100],
    ['expired', 'expired', 456],
    ['issued in the future', 'future', 455],
    ['lifetime over 3600 s', 'ttl', 454],
    ['iat missing', 'noIat', 447],
  ])('a token that is %s (forged as %s) is refused with code %i', async (_label, kind, code) => {
    const jwtLib = await import('jsonwebtoken');
    const forge: Record<string, () => string | null> = {
      'abc.def': () => 'abc.def',
      HS256: () =>
        jwtLib.sign({ iss: api.opened.state.account.accountId, iat: nowS(), exp: nowS() + 30 }, 'secret', {
          algorithm: 'HS256',
          keyid: api.opened.state.account.keyId,
        }),
      kid: () => api.token({}, { kid: 'no-such-key' }),
      otherKey: () => {
        const other = testAccountKey('unknown');
        return jwtLib.sign({ iss: api.opened.state.account.accountId, iat: nowS(), exp: nowS() + 30 }, other, {
          algorithm: 'RS256',
          keyid: api.opened.state.account.keyId,
        });
      },
      iss: () => api.token({ iss: api.opened.state.account.accountId + 1 }),
      expired: () => api.token({ iat: nowS() - 200, exp: nowS() - 100 }),
      future: () => api.token({ iat: nowS() + 100, exp: nowS() + 160 }),
      ttl: () => api.token({ iat: nowS(), exp: nowS() + 3601 }),
      noIat: () =>
        jwtLib.sign({ iss: api.opened.state.account.accountId, exp: nowS() + 30 }, api.opened.state.account.privateKeyPem, {
          algorithm: 'RS256',
          keyid: api.opened.state.account.keyId,
          noTimestamp: true,
        }),
    };
    const token = kind === null ? null : forge[kind]();
    const res = await api.post({ cmd: 'GetAccountInfo' }, { token });
    expect(res.status).toBe(200);
    expect(res.json.error.code).toBe(code);
    expect(res.json.result).toBeUndefined();
  });

  test('tokens like the Python (iat now-5, exp now+24) and the longest allowed (3600 s) pass; iss may be a numeric string', async () => {
    const id = api.opened.state.account.accountId;
    for (const token of [
      api.token({ iat: nowS() - 5, exp: nowS() + 24 }),
      api.token({ iat: nowS(), exp: nowS() + 3600 }),
      api.token({ iss: String(id) }),
    ]) {
      const res = await api.post({ cmd: 'GetAccountInfo' }, { token });
      expect(res.json.result.account_id).toBe(id);
    }
  });

  test('a missing required parameter is 134 and a malformed one 101, each naming the parameter', async () => {
    const missing = await api.post({ cmd: 'AddApplication' });
    expect(missing.json.error).toEqual({ code: 134, msg: expect.stringContaining("'application_name'") });
    const empty = await api.post({ cmd: 'AddApplication', application_name: '' });
    expect(empty.json.error.code).toBe(134);
    const malformed = await api.post({ cmd: 'GetApplications', count: 'ten' });
    expect(malformed.json.error).toEqual({ code: 101, msg: expect.stringContaining("'count'") });
    const badBool = await api.post({ cmd: 'GetApplications', with_rules: 'yes' });
    expect(badBool.json.error).toEqual({ code: 101, msg: expect.stringContaining("'with_rules'") });
  });

  test('booleans accept true/false/1/0; unknown parameters are ignored; empty strings count as absent', async () => {
    const created = await api.post({
      cmd: 'AddApplication',
      application_name: 'wireapp',
      secure_record_storage: '1',
      withCheckUrl: 'whatever',
    });
    expect(created.json.secure_record_storage).toBe(true);
    const list = await api.post({
      cmd: 'GetApplications',
      application_name: '',
      application_id: String(created.json.application_id),
      with_rules: '0',
    });
    expect(list.json.total_count).toBe(1);
    expect(list.json.result[0].rules).toBeUndefined();
  });

  test('a parameter given twice with different values is refused, not silently picked', async () => {
    const res = await api.post({ application_name: 'b' }, { path: '/platform_api?cmd=AddApplication&application_name=a' });
    expect(res.json.error.code).toBe(101);
    expect(res.json.error.msg).toContain("'application_name'");
  });

  test('an unsupported body type is 101; an unknown path is a JSON 404', async () => {
    const json = await api.raw({ body: '{"cmd":"GetAccountInfo"}', contentType: 'application/json' });
    expect(json.json.error.code).toBe(101);
    const nowhere = await api.raw({ path: '/v2/whatever' });
    expect(nowhere.status).toBe(404);
    expect(nowhere.contentType).toBe('application/json');
    expect(nowhere.json.error.msg).toContain('/v2/whatever');
  });

  test('every request is in the request log with its cmd, status and error code', async () => {
    const before = api.server.requestLog().length;
    await api.post({ cmd: 'GetAccountInfo' });
    await api.post({ cmd: 'NoSuchMethod' });
    const log = api.server.requestLog().slice(before);
    expect(log.map((e) => [e.cmd, e.httpStatus, e.errorCode])).toEqual([
      ['GetAccountInfo', 200, undefined],
      ['NoSuchMethod', 200, 103],
    ]);
  });
});
