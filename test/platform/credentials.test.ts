import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { loadCredentials, parseCredentials, resolveCredentialsFile } from '../../src/platform/credentials';
import { CredentialsError } from '../../src/platform/errors';

const rsa2048 = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const rsa1024 = generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const good = { account_email: 'a@example.com', account_id: 1234567, key_id: 'key-1', private_key: rsa2048 };

describe('credentials', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'voxmask-creds-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('loads a control-panel key file', () => {
    expect(loadCredentials(write('ok.json', JSON.stringify(good)))).toEqual(good);
  });

  it('names the file when it does not exist', () => {
    const missing = join(dir, 'nope.json');
    const err = catchError(() => loadCredentials(missing));
    expect(err).toBeInstanceOf(CredentialsError);
    expect(err).toMatchObject({ file: missing, problem: 'does not exist' });
  });

  it('reports invalid JSON', () => {
    expect(() => loadCredentials(write('bad.json', '{"account_id": 1,'))).toThrow(/is not valid JSON/);
  });

  it('lists every bad field at once', () => {
    const err = catchError(() => parseCredentials(JSON.stringify({ account_id: '123', private_key: 'x' }), 'f.json'));
    expect(err.message).toContain('account_id must be a JSON number, not a string');
    expect(err.message).toContain('key_id is missing or empty');
    expect(err.message).toContain('private_key is missing or not a PEM private key');
  });

  it('refuses RSA keys under 2048 bits and non-RSA keys (jsonwebtoken would refuse them for RS256)', () => {
    expect(() => parseCredentials(JSON.stringify({ ...good, private_key: rsa1024 }), 'f')).toThrow(/1024-bit RSA key/);
    expect(() => parseCredentials(JSON.stringify({ ...good, private_key: ec }), 'f')).toThrow(/ec key; RS256 needs an RSA key/);
  });

  it('recognises the Go client\'s {"result": …} wrapper', () => {
    expect(() => parseCredentials(JSON.stringify({ result: good }), 'f')).toThrow(/inner object/);
  });

  it('refuses a non-object', () => {
    expect(() => parseCredentials('[1]', 'f')).toThrow(/JSON object/);
  });

  describe('resolveCredentialsFile', () => {
    it('uses the requested file, else VOXIMPLANT_CREDENTIALS', () => {
      expect(resolveCredentialsFile('a.json', {})).toBe(resolve('a.json'));
      expect(resolveCredentialsFile(undefined, { VOXIMPLANT_CREDENTIALS: 'b.json' })).toBe(resolve('b.json'));
      expect(resolveCredentialsFile('b.json', { VOXIMPLANT_CREDENTIALS: 'b.json' })).toBe(resolve('b.json'));
    });

    it('refuses a requested file the client would silently replace by VOXIMPLANT_CREDENTIALS', () => {
      expect(() => resolveCredentialsFile('a.json', { VOXIMPLANT_CREDENTIALS: 'b.json' })).toThrow(/VOXIMPLANT_CREDENTIALS is set/);
    });

    it('refuses when there is no file at all', () => {
      expect(() => resolveCredentialsFile(undefined, {})).toThrow(CredentialsError);
    });
  });
});

function catchError(fn: () => unknown): Error & Record<string, unknown> {
  try {
    fn();
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected an error');
}
