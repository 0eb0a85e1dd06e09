import { execFileSync } from 'node:child_process';
import { X509Certificate, createPrivateKey, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { VoxmaskError } from '../errors';

/**
 * The sandbox's TLS certificate: self-signed, RSA 2048, SAN `DNS:localhost` and `IP:127.0.0.1`, so the
 * official client (which hard-codes `https://`, docs/platform.md#mapi-endpoint) can reach the sandbox through
 * `host: 'localhost:<port>'` or `'127.0.0.1:<port>'` once the process trusts `cert.pem` through
 * src/platform/sandbox-trust.ts, or `NODE_EXTRA_CA_CERTS` in another process (docs/platform.md#client-tls).
 */

/** File names inside the TLS folder. */
export const TLS_CERT_FILE = 'cert.pem';
export const TLS_KEY_FILE = 'key.pem';

/** The TLS folder inside a sandbox folder (`<sandboxDir>/tls`), where ensureSandboxTls keeps the pair by default. */
export function sandboxTlsDir(sandboxDir: string): string {
  return join(sandboxDir, 'tls');
}

/** Days a freshly generated certificate is valid. */
const VALIDITY_DAYS = 825;
/** A certificate that expires sooner than this (ms) is replaced. */
const RENEW_BEFORE_MS = 24 * 3600 * 1000;

/** The TLS folder could not be set up; `dir` names it. */
export class TlsSetupError extends VoxmaskError {
  override name = 'TlsSetupError';
  readonly code = 'E_SANDBOX_TLS';
  constructor(
    readonly dir: string,
    message: string,
  ) {
    super(message);
  }
}

/** Paths of the PEM files: `certFile` is also the certificate clients trust (src/platform/sandbox-trust.ts). */
export interface SandboxTlsFiles {
  certFile: string;
  keyFile: string;
}

/**
 * Creates (once) and returns a self-signed certificate for localhost and 127.0.0.1 in `dir`
 * (`cert.pem`, `key.pem`, both PEM). Reuses a valid pair; replaces a pair that is incomplete,
 * unreadable, lacks the SANs, does not match its key or expires within a day.
 *
 * Synchronous because launchers call it right before spawning a process: `selfsigned` 5 is
 * async-only, so the generation runs in a short-lived child Node process. Safe when several processes
 * call it at once on the same folder: each generates into a private folder and renames it into place;
 * the first rename wins and the others use the winner's pair.
 * Throws TlsSetupError when `dir` exists with other content and no usable pair, or generation fails.
 */
export function ensureSandboxTls(dir: string): SandboxTlsFiles {
  const target = resolve(dir);
  const files = { certFile: join(target, TLS_CERT_FILE), keyFile: join(target, TLS_KEY_FILE) };
  const problem = pairProblem(files);
  if (problem === undefined) return files;

  // Decided before generating: a folder that is absent or empty now but filled meanwhile was filled by
  // a concurrent first use (handled at the rename below), not a pair to replace.
  const occupied = existsSync(target) && readdirSync(target).length > 0;
  mkdirSync(dirname(target), { recursive: true });
  const fresh = `${target}.new-${process.pid}-${randomBytes(4).toString('hex')}`;
  generateInto(fresh);
  const aside = `${target}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    if (occupied) {
      // Replace an unusable or partial pair: move it aside first (rename cannot replace a non-empty folder).
      if (isOnlyTlsFiles(target)) {
        renameSync(target, aside);
      } else {
        throw new TlsSetupError(
          target,
          `${target} is not empty and holds no usable ${TLS_CERT_FILE}/${TLS_KEY_FILE} (${problem}); remove it or choose another TLS folder`,
        );
      }
    }
    try {
      renameSync(fresh, target);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOTEMPTY' && code !== 'EEXIST') throw err;
      // Another process won the race: use its pair when it is usable.
      const after = pairProblem(files);
      if (after !== undefined) {
        throw new TlsSetupError(
          target,
          `${target} is not empty and holds no usable ${TLS_CERT_FILE}/${TLS_KEY_FILE} (${after}); remove it or choose another TLS folder`,
        );
      }
    }
  } finally {
    rmSync(fresh, { recursive: true, force: true });
    rmSync(aside, { recursive: true, force: true });
  }
  const final = pairProblem(files);
  if (final !== undefined) throw new TlsSetupError(target, `the generated certificate in ${target} is unusable: ${final}`);
  return files;
}

/** Why the pair in `files` cannot be used, or undefined when it can. */
function pairProblem(files: SandboxTlsFiles): string | undefined {
  if (!existsSync(files.certFile) || !existsSync(files.keyFile)) return 'missing';
  try {
    const cert = new X509Certificate(readFileSync(files.certFile));
    const key = createPrivateKey(readFileSync(files.keyFile));
    if (!cert.checkPrivateKey(key)) return 'certificate and key do not match';
    const san = cert.subjectAltName ?? '';
    if (!san.includes('DNS:localhost') || !san.includes('IP Address:127.0.0.1')) return `SAN is "${san}", not localhost and 127.0.0.1`;
    if (Date.parse(cert.validTo) - Date.now() < RENEW_BEFORE_MS) return `expires ${cert.validTo}`;
    return undefined;
  } catch (err) {
    return `unreadable: ${(err as Error).message}`;
  }
}

function isOnlyTlsFiles(dir: string): boolean {
  return readdirSync(dir).every((name) => name === TLS_CERT_FILE || name === TLS_KEY_FILE);
}

/** The child's program: argv[1] = selfsigned module path, argv[2] = output folder, argv[3] = validity days. */
const GENERATOR = `
const [selfsignedPath, out, days] = process.argv.slice(1);
const fs = require('node:fs');
const notBeforeDate = new Date(Date.now() - 60000);
const notAfterDate = new Date(notBeforeDate.getTime() + Number(days) * 86400000);
require(selfsignedPath).generate([{ name: 'commonName', value: 'localhost' }, { name: 'organizationName', value: 'voxmask sandbox' }], {
  keyType: 'rsa', keySize: 2048, algorithm: 'sha256', notBeforeDate, notAfterDate,
  extensions: [
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, { type: 7, ip: '127.0.0.1' }] },
  ],
}).then((pems) => {
  fs.mkdirSync(out, { recursive: true });
  for (const [name, text, mode] of [['key.pem', pems.private, 0o600], ['cert.pem', pems.cert, 0o644]]) {
    const fd = fs.openSync(out + '/' + name, 'w', mode);
    fs.writeSync(fd, text); fs.fsyncSync(fd); fs.closeSync(fd);
  }
}).catch((err) => { process.stderr.write(String(err && err.stack || err)); process.exit(1); });
`;

function generateInto(folder: string): void {
  try {
    execFileSync(process.execPath, ['-e', GENERATOR, require.resolve('selfsigned'), folder, String(VALIDITY_DAYS)], {
      stdio: ['ignore', 'ignore', 'pipe'],
      timeout: 60_000,
    });
  } catch (err) {
    rmSync(folder, { recursive: true, force: true });
    const stderr = (err as { stderr?: Buffer }).stderr?.toString().trim();
    throw new TlsSetupError(folder, `certificate generation failed: ${stderr || (err as Error).message}`);
  }
}
