import { join, resolve } from 'node:path';
import type { DeployConfig } from '../config/deploy';
import { Sandbox, ensureSandboxTls, sandboxTlsDir } from '../sandbox';
import { CREDENTIALS_FILE } from '../sandbox/state/state-dir';
import type { PlatformApi } from './api';
import { connectPlatform } from './client';
import { CLIENT_CREDENTIALS_ENV } from './credentials';
import { ensureCaTrust } from './extra-ca';

/**
 * Where deploy and seed act: the local sandbox or a real account. One code path; the target is only
 * configuration (deploy config `target`, or `--credentials FILE`, which means a real account).
 *
 * - `account`: the official client against `host` (default api.voximplant.com) with the credentials
 *   from `--credentials`, else VOXIMPLANT_CREDENTIALS, else `deploy.credentialsFile`.
 * - `sandbox`: the sandbox folder `sandboxDir`. With `sandboxHost` empty the sandbox is started in
 *   this process on a free 127.0.0.1 port for the duration of the command (its state persists in the
 *   folder); with `sandboxHost` set (e.g. `127.0.0.1:8443`), a sandbox already serving the folder is used.
 *   Either way the client talks HTTPS to it with the folder's `credentials.json`.
 */
export interface TargetChoice {
  kind: 'sandbox' | 'account';
  /** Absolute path of the sandbox folder (sandbox only). */
  sandboxDir?: string;
  /** The CA file this process must trust (sandbox only; see extra-ca.ts). */
  caCertFile?: string;
  /** Metadata root for deploy (config `metadataDir`, else the target's default). */
  metadataDir: string;
}

/** An open target. Call close() when done (stops an in-process sandbox). */
export interface OpenTarget {
  kind: 'sandbox' | 'account';
  api: PlatformApi;
  /** Human-readable description, e.g. `sandbox .sandbox (127.0.0.1:40123)`. */
  description: string;
  close(): Promise<void>;
}

/** Decides the target without side effects other than ensuring the sandbox's TLS files exist. */
export function chooseTarget(config: DeployConfig, credentialsFlag?: string): TargetChoice {
  const kind = credentialsFlag !== undefined ? 'account' : config.target;
  const sandboxDir = resolve(config.sandboxDir);
  const metadataDir = config.metadataDir
    ? resolve(config.metadataDir)
    : kind === 'sandbox'
      ? join(sandboxDir, '.voxengine-ci')
      : join(resolve(config.voxfilesDir), '.voxengine-ci');
  if (kind === 'account') return { kind, metadataDir };
  return { kind, sandboxDir, caCertFile: ensureSandboxTls(sandboxTlsDir(sandboxDir)).certFile, metadataDir };
}

/**
 * Opens the chosen target. For the sandbox this process must already trust its CA (ensureCaTrust).
 * @throws CredentialsError, SandboxLockedError (another process serves the folder and sandboxHost is empty), …
 */
export async function openTarget(config: DeployConfig, choice: TargetChoice, credentialsFlag?: string): Promise<OpenTarget> {
  const common = { retry: config.retry, timeoutMs: config.requestTimeoutMs, tokenReuseS: config.tokenReuseS };
  if (choice.kind === 'account') {
    // connectPlatform resolves the file (resolveCredentialsFile); the environment variable beats the configured file.
    const credentialsFile = credentialsFlag ?? (process.env[CLIENT_CREDENTIALS_ENV] ? undefined : config.credentialsFile);
    const api = await connectPlatform({ ...common, credentialsFile, host: config.host });
    return { kind: 'account', api, description: `account at ${config.host}`, close: async () => undefined };
  }
  const dir = choice.sandboxDir!;
  if (config.sandboxHost) {
    const api = await connectPlatform({ ...common, credentialsFile: join(dir, CREDENTIALS_FILE), host: config.sandboxHost });
    return { kind: 'sandbox', api, description: `sandbox ${dir} (${config.sandboxHost})`, close: async () => undefined };
  }
  const sandbox = await Sandbox.start({ dir });
  try {
    const api = await connectPlatform({ ...common, credentialsFile: sandbox.credentialsFile, host: sandbox.host });
    return { kind: 'sandbox', api, description: `sandbox ${dir} (${sandbox.host}, started for this command)`, close: () => sandbox.close() };
  } catch (err) {
    await sandbox.close();
    throw err;
  }
}

/**
 * The CLI's CA step for a chosen target: true when this process may go on (a real account, or the
 * sandbox's CA is already trusted); false when the command was re-run in a child with
 * NODE_EXTRA_CA_CERTS set (extra-ca.ts ensureCaTrust), whose exit code is now `process.exitCode`.
 * @throws CaTrustError when this process is already such a child and still lacks the trust
 */
export async function trustedOrReexecuted(choice: TargetChoice): Promise<boolean> {
  if (!choice.caCertFile) return true;
  const childCode = await ensureCaTrust(choice.caCertFile);
  if (childCode === undefined) return true;
  process.exitCode = childCode;
  return false;
}

/**
 * What a CLI command does with a target: chooses it, makes this process trust the sandbox's CA
 * (re-running the command with NODE_EXTRA_CA_CERTS and taking the child's exit code when needed,
 * extra-ca.ts), opens it, runs `work`, and closes it whatever happens.
 */
export async function runOnTarget(
  config: DeployConfig,
  credentialsFlag: string | undefined,
  work: (target: OpenTarget, choice: TargetChoice) => Promise<void>,
): Promise<void> {
  const choice = chooseTarget(config, credentialsFlag);
  if (!(await trustedOrReexecuted(choice))) return;
  const target = await openTarget(config, choice, credentialsFlag);
  try {
    await work(target, choice);
  } finally {
    await target.close();
  }
}
