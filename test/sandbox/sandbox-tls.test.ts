import { spawn } from 'node:child_process';
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TLS_CERT_FILE, TLS_KEY_FILE, TlsSetupError, ensureSandboxTls } from '../../src/sandbox/tls';
import { testTlsPair } from './management-api/harness';

const DIST_TLS = resolve(__dirname, '../../dist/src/sandbox/tls.js');

/** A folder holding a valid pair already (the shared test pair, copied): what a second start finds. */
function folderWithPair(dir: string) {
  const shared = testTlsPair();
  mkdirSync(dir);
  copyFileSync(shared.certFile, join(dir, TLS_CERT_FILE));
  copyFileSync(shared.keyFile, join(dir, TLS_KEY_FILE));
  return ensureSandboxTls(dir);
}

/** The sandbox certificate: generated once, SAN localhost + 127.0.0.1, RSA 2048, safe under concurrent first use. */
describe('ensureSandboxTls', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'voxmask-tls-'));
  });
  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  test('creates a self-signed RSA 2048 certificate for localhost and 127.0.0.1, then reuses it', () => {
    const files = ensureSandboxTls(join(root, 'tls'));
    const cert = new X509Certificate(readFileSync(files.certFile));
    const key = createPrivateKey(readFileSync(files.keyFile));
    expect(cert.subjectAltName).toBe('DNS:localhost, IP Address:127.0.0.1');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(cert.checkPrivateKey(key)).toBe(true);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(Date.parse(cert.validTo)).toBeGreaterThan(Date.now() + 365 * 86_400_000);
    const again = ensureSandboxTls(join(root, 'tls'));
    expect(again).toEqual(files);
    expect(new X509Certificate(readFileSync(again.certFile)).fingerprint256).toBe(cert.fingerprint256);
    expect(readdirSync(root)).toEqual(['tls']);
  });

  test('replaces a pair that does not match, and refuses a foreign non-empty folder', () => {
    const dir = join(root, 'tls');
    const first = folderWithPair(dir);
    const before = readFileSync(first.certFile, 'utf8');
    writeFileSync(first.keyFile, readFileSync(first.keyFile, 'utf8').replace(/[A-Za-z]{8}/, 'AAAAAAAA'));
    const replaced = ensureSandboxTls(dir);
    expect(readFileSync(replaced.certFile, 'utf8')).not.toBe(before);
    expect(new X509Certificate(readFileSync(replaced.certFile)).checkPrivateKey(createPrivateKey(readFileSync(replaced.keyFile)))).toBe(
      true,
    );
    expect(readdirSync(root)).toEqual(['tls']);

    const foreign = join(root, 'foreign');
    mkdirSync(foreign);
    writeFileSync(join(foreign, 'notes.txt'), 'mine');
    expect(() => ensureSandboxTls(foreign)).toThrow(TlsSetupError);
    expect(readFileSync(join(foreign, 'notes.txt'), 'utf8')).toBe('mine');
  });

  test('regenerates the pair when one of the two files is gone', () => {
    const dir = join(root, 'tls');
    const first = folderWithPair(dir);
    const before = readFileSync(first.certFile, 'utf8');
    rmSync(first.keyFile);
    const again = ensureSandboxTls(dir);
    expect(readFileSync(again.certFile, 'utf8')).not.toBe(before);
    expect(new X509Certificate(readFileSync(again.certFile)).checkPrivateKey(createPrivateKey(readFileSync(again.keyFile)))).toBe(true);
    expect(readdirSync(root)).toEqual(['tls']);
  });

  test('processes starting at once on a new folder all end up with the same pair', async () => {
    if (!existsSync(DIST_TLS)) throw new Error(`${DIST_TLS} is missing; run "npx tsc -b src" first`);
    const dir = join(root, 'shared');
    const script = `const f = require(${JSON.stringify(DIST_TLS)}).ensureSandboxTls(${JSON.stringify(dir)}); process.stdout.write(require('fs').readFileSync(f.certFile, 'utf8'));`;
    const run = () =>
      new Promise<string>((done, fail) => {
        const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'pipe'] });
        let out = '';
        let err = '';
        child.stdout.on('data', (c: Buffer) => (out += c));
        child.stderr.on('data', (c: Buffer) => (err += c));
        child.on('exit', (code) => (code === 0 ? done(out) : fail(new Error(`exit ${code}: ${err}`))));
      });
    const certs = await Promise.all([run(), run(), run()]);
    const onDisk = readFileSync(join(dir, 'cert.pem'), 'utf8');
    expect(certs).toEqual([onDisk, onDisk, onDisk]);
    expect(readdirSync(root)).toEqual(['shared']);
  });
});
