import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

/**
 * Trusting the sandbox's self-signed certificate from the official client.
 *
 * The client sends requests through axios's default instance and takes no HTTPS agent, so the only
 * way to make it trust a local certificate is `NODE_EXTRA_CA_CERTS`, which Node reads once, at
 * process start (docs/platform.md#client-tls, docs/sandbox-api.md "TLS trust"). A CLI command that targets
 * the sandbox therefore checks the variable and, when it does not cover the sandbox's CA, runs itself
 * again with the variable set and exits with the child's code.
 */

/** The variable Node reads at start for extra trusted CA certificates (one PEM file). */
export const EXTRA_CA_ENV = 'NODE_EXTRA_CA_CERTS';
/** Set in the re-executed child, so a child that still lacks trust fails instead of looping. */
export const CA_REEXEC_MARKER_ENV = 'VOXMASK_CA_REEXEC';

/** The process cannot be made to trust the CA (e.g. the re-executed child still lacks it). */
export class CaTrustError extends Error {
  override name = 'CaTrustError';
  constructor(
    readonly caFile: string,
    message: string,
  ) {
    super(message);
  }
}

/** Whether `NODE_EXTRA_CA_CERTS` in `env` names a file that contains the certificate in `caFile`. */
export function caTrusted(caFile: string, env: NodeJS.ProcessEnv = process.env): boolean {
  const current = env[EXTRA_CA_ENV];
  if (!current) return false;
  if (resolve(current) === resolve(caFile)) return true;
  try {
    return readFileSync(current, 'utf8').includes(readFileSync(caFile, 'utf8').trim());
  } catch {
    return false;
  }
}

/**
 * The value `NODE_EXTRA_CA_CERTS` should get: `caFile` itself, or, when the variable already names
 * another bundle (a corporate CA, say), a combined bundle written to the temp folder so both stay trusted.
 */
export function extraCaFileFor(caFile: string, env: NodeJS.ProcessEnv = process.env): string {
  const current = env[EXTRA_CA_ENV];
  if (!current) return resolve(caFile);
  let existing: string;
  try {
    existing = readFileSync(current, 'utf8');
  } catch {
    return resolve(caFile);
  }
  const combined = `${existing.trimEnd()}\n${readFileSync(caFile, 'utf8').trim()}\n`;
  const file = join(tmpdir(), `voxmask-ca-${createHash('sha256').update(combined).digest('hex').slice(0, 16)}.pem`);
  writeFileSync(file, combined, { mode: 0o644 });
  return file;
}

/**
 * Makes sure this process trusts `caFile`. Returns undefined when it already does (go on); otherwise
 * runs the same command again (same Node flags and arguments, inherited stdio) with
 * `NODE_EXTRA_CA_CERTS` set, and returns the child's exit code for the caller to exit with.
 * @throws CaTrustError when this process is already such a child and still lacks the trust
 */
export async function ensureCaTrust(caFile: string, env: NodeJS.ProcessEnv = process.env): Promise<number | undefined> {
  if (caTrusted(caFile, env)) return undefined;
  if (env[CA_REEXEC_MARKER_ENV]) {
    throw new CaTrustError(caFile, `${EXTRA_CA_ENV} was set for this process but does not cover ${caFile}; set it yourself and retry`);
  }
  const childEnv = { ...env, [EXTRA_CA_ENV]: extraCaFileFor(caFile, env), [CA_REEXEC_MARKER_ENV]: '1' };
  return new Promise<number>((resolveCode, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { stdio: 'inherit', env: childEnv });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolveCode(code ?? 128 + (signal ? constants.signals[signal] : 0)));
  });
}
