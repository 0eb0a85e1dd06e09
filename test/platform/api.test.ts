import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PlatformApi, PlatformClient, RawPost } from '../../src/platform/api';
import { connectPlatform } from '../../src/platform/client';
import { CredentialsError, PlatformApiError, PlatformResponseError, PlatformTransportError } from '../../src/platform/errors';
import { isWriteMethod } from '../../src/platform/methods';
import { testAccountKey } from '../sandbox/management-api/harness';

const fastRetry = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 2 };

/** A client stand-in: records each request, answers from `answers[method]`. */
function fakeClient(answers: Record<string, (req: Record<string, unknown>) => unknown>) {
  const calls: { method: string; request: Record<string, unknown> }[] = [];
  const fn = (method: string) => async (request: Record<string, unknown>) => {
    calls.push({ method, request });
    return answers[method](request);
  };
  const client = {
    Accounts: { getAccountInfo: fn('GetAccountInfo') },
    Rules: { getRules: fn('GetRules'), addRule: fn('AddRule') },
    KeyValueStorage: { setKeyValueItem: fn('SetKeyValueItem') },
    generateAuthHeader: () => 'Bearer test-token',
  } as unknown as PlatformClient;
  return { client, calls };
}

describe('PlatformApi', () => {
  it('prepares the request before the client sees it and returns the mapped body', async () => {
    const { client, calls } = fakeClient({ AddRule: () => ({ result: 1, ruleId: 9 }) });
    const api = new PlatformApi({ client, host: 'h', retry: fastRetry });
    const res = await api.call('AddRule', {
      applicationId: 1,
      ruleName: 'r',
      rulePattern: '.*',
      scenarioId: [3, 4],
      rulePatternExclude: undefined,
    });
    expect(res).toEqual({ result: 1, ruleId: 9 });
    expect(calls).toEqual([{ method: 'AddRule', request: { applicationId: 1, ruleName: 'r', rulePattern: '.*', scenarioId: '3;4' } }]);
  });

  it('throws the resolved {error} as PlatformApiError and counts attempts and retries', async () => {
    let n = 0;
    const { client } = fakeClient({
      SetKeyValueItem: () =>
        ++n < 3 ? { error: { code: 340, msg: 'Rate limit exceed' } } : { result: { key: 'k', value: 'v', expiresAt: 1 } },
      GetRules: () => ({ error: { code: 116, msg: 'Invalid application_id' } }),
    });
    const api = new PlatformApi({ client, host: 'h', retry: fastRetry });
    await expect(api.call('SetKeyValueItem', { applicationId: 1, key: 'k', value: 'v' })).resolves.toMatchObject({ result: { key: 'k' } });
    await expect(api.call('GetRules', { applicationId: 1 })).rejects.toMatchObject({
      name: 'PlatformApiError',
      code: 'E_PLATFORM_API',
      platformCode: 116,
      method: 'GetRules',
    });
    expect(api.stats()).toEqual({ requests: 4, retries: 2, byMethod: { SetKeyValueItem: 3, GetRules: 1 } });
  });

  describe('key-value listing adapter (the client maps GetKeyValueItems/Keys result as one object)', () => {
    it("sends snake_case fields with the client's JWT and maps the array answer", async () => {
      const sent: unknown[] = [];
      const rawPost: RawPost = async (host, authorization, cmd, params) => {
        sent.push({ host, authorization, cmd, params });
        return { result: [{ key: 'order:1234', value: '{}', expires_at: 1767225600 }], total_count: 7 };
      };
      const api = new PlatformApi({ client: fakeClient({}).client, host: 'localhost:8443', rawPost, retry: fastRetry });
      const page = await api.listKeyValueItems({ applicationId: 5, key: 'order:', count: 50, offset: 0 });
      expect(page).toEqual({ result: [{ key: 'order:1234', value: '{}', expiresAt: 1767225600 }], totalCount: 7 });
      expect(sent).toEqual([
        {
          host: 'localhost:8443',
          authorization: 'Bearer test-token',
          cmd: 'GetKeyValueItems',
          params: { application_id: 5, key: 'order:', count: 50, offset: 0 },
        },
      ]);
    });

    it('maps keys, accepts a single-object result, and rejects a malformed element', async () => {
      const answers = [{ result: { key: 'a', expires_at: '10' } }, { result: [{ key: 'a' }] }, { result: 'x' }];
      const rawPost: RawPost = async () => answers.shift();
      const api = new PlatformApi({ client: fakeClient({}).client, host: 'h', rawPost, retry: fastRetry });
      await expect(api.listKeyValueKeys({ applicationId: 1 })).resolves.toEqual({ result: [{ key: 'a', expiresAt: 10 }] });
      await expect(api.listKeyValueKeys({ applicationId: 1 })).rejects.toThrow(/expires_at is undefined, expected a number/);
      await expect(api.listKeyValueKeys({ applicationId: 1 })).rejects.toBeInstanceOf(PlatformResponseError);
    });

    it('retries a rate-limited listing like any other call', async () => {
      const answers: (() => unknown)[] = [
        () => {
          throw new PlatformApiError('GetKeyValueKeys', 340, 429, 'Too Many Requests');
        },
        () => ({ result: [] }),
      ];
      const api = new PlatformApi({ client: fakeClient({}).client, host: 'h', rawPost: async () => answers.shift()!(), retry: fastRetry });
      await expect(api.listKeyValueKeys({ applicationId: 1 })).resolves.toEqual({ result: [] });
      expect(api.stats().retries).toBe(1);
    });
  });

  it('tells write methods from reads', () => {
    expect(
      ['AddRule', 'SetKeyValueItem', 'DelKeyValueItem', 'BindScenario', 'ReorderRules', 'AttachPhoneNumber'].every(isWriteMethod),
    ).toBe(true);
    expect(['GetRules', 'GetKeyValueItems', 'GetAccountInfo'].some(isWriteMethod)).toBe(false);
  });
});

describe('connectPlatform', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'voxmask-connect-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("turns a missing credentials file into CredentialsError instead of the client's uncaught exception", async () => {
    const file = join(dir, 'missing.json');
    const err = await connectPlatform({ credentialsFile: file }).catch((e) => e);
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err.message).toContain(file);
  });

  it('waits for onReady, then reports an unreachable host as a transport error after retrying', async () => {
    const key = testAccountKey();
    const file = join(dir, 'creds.json');
    writeFileSync(file, JSON.stringify({ account_email: 'x@y', account_id: 42, key_id: 'k', private_key: key }));
    // Port 1 on the loopback interface: nothing listens there, so the connection is refused at once.
    const api = await connectPlatform({ credentialsFile: file, host: '127.0.0.1:1', retry: fastRetry });
    const err = await api.call('GetAccountInfo', {}).catch((e) => e);
    expect(err).toBeInstanceOf(PlatformTransportError);
    expect(err).toMatchObject({ errno: 'ECONNREFUSED', attempts: 3 });
  });
});
