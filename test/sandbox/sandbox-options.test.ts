/** Sandbox.start refuses bad options before it opens anything, naming the option. */
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sandbox, SandboxOptionsError } from '../../src/sandbox';
import { EmulatorUsageError } from '../../src/sandbox/runtime';
import { testAccountKey, TLS_DIR } from './management-api/harness';

const pem = (key: ReturnType<typeof generateKeyPairSync>['privateKey']) => key.export({ type: 'pkcs8', format: 'pem' }).toString();

describe('Sandbox.start options', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'voxmask-options-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    ['an empty dir', () => ({ dir: '' }), 'dir: must be a non-empty folder path'],
    ['a port out of range', () => ({ dir, port: 70_000 }), 'port: must be an integer 0..65535, got 70000'],
    ['faults with a negative latency', () => ({ dir, faults: { latencyMs: -1 } }), 'faults: latencyMs: '],
    ['a body timeout of 0', () => ({ dir, bodyTimeoutMs: 0 }), 'bodyTimeoutMs: must be a positive number of ms, got 0'],
    [
      'a body timeout that is not a number',
      () => ({ dir, bodyTimeoutMs: Number.NaN }),
      'bodyTimeoutMs: must be a positive number of ms, got NaN',
    ],
    ['an account key that is not PEM', () => ({ dir, accountKey: 'ssh-rsa AAAA' }), 'accountKey: is missing or not a PEM private key'],
    [
      'an EC account key',
      () => ({ dir, accountKey: pem(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey) }),
      'accountKey: is a ec key; RS256 needs an RSA key',
    ],
    [
      'an RSA account key of 1024 bits',
      () => ({ dir, accountKey: pem(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey) }),
      'accountKey: is a 1024-bit RSA key; at least 2048 bits are required',
    ],
  ])('%s is a SandboxOptionsError naming the option', async (_label, options, message) => {
    const start = Sandbox.start({ tlsDir: TLS_DIR, ...options() });
    await expect(start).rejects.toThrow(SandboxOptionsError);
    await expect(start).rejects.toThrow(message);
    expect(existsSync(join(dir, 'credentials.json'))).toBe(false);
  });

  test("accountKey becomes a new account's key; a folder that has an account keeps its own", async () => {
    const given = testAccountKey();
    const privateKeyOf = () => JSON.parse(readFileSync(join(dir, 'credentials.json'), 'utf8')).private_key as string;
    const first = await Sandbox.start({ dir, tlsDir: TLS_DIR, accountKey: given });
    await first.close();
    expect(privateKeyOf()).toBe(given);
    const other = testAccountKey('unknown');
    const again = await Sandbox.start({ dir, tlsDir: TLS_DIR, accountKey: other });
    await again.close();
    expect(privateKeyOf()).toBe(given);
  });

  test('a runtime startTime that is neither epoch ms nor ISO 8601 is the emulator usage error for options.startTime', async () => {
    const start = Sandbox.start({ dir, tlsDir: TLS_DIR, runtime: { startTime: 'yesterday-ish' } });
    await expect(start).rejects.toThrow(EmulatorUsageError);
    await expect(start).rejects.toThrow(/^options\.startTime: /);
  });
});
