import { join, resolve } from 'node:path';
import type { DeployConfig } from '../config/deploy';
import { Sandbox, ensureSandboxTls, sandboxTlsDir } from '../sandbox';
import { CREDENTIALS_FILE } from '../sandbox/state/state-dir';
import type { PlatformApi } from './api';
import { connectPlatform } from './client';
import { CLIENT_CREDENTIALS_ENV } from './credentials';
import { trustSandboxCaFile } from './sandbox-trust';

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
  /** The sandbox's certificate, trusted in-process when the target is opened (sandbox only; sandbox-trust.ts). */
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
 * How a command reaches its target besides the configuration. VOXIMPLANT_CREDENTIALS is read from
 * process.env, never from an injected environment: the official client reads it there and prefers
 * it to any file it is given (docs/platform.md#client-ready).
 */
export interface TargetAccess {
  /** `--credentials FILE`: a real account with this key (overrides `deploy.target`). */
  credentialsFlag?: string;
}

/**
 * Opens the chosen target. For the sandbox, this process trusts the sandbox's certificate for its
 * host until close() (sandbox-trust.ts; no NODE_EXTRA_CA_CERTS needed).
 * @throws CredentialsError, SandboxLockedError (another process serves the folder and sandboxHost is empty), …
 */
export async function openTarget(config: DeployConfig, choice: TargetChoice, access: TargetAccess = {}): Promise<OpenTarget> {
  const common = { retry: config.retry, timeoutMs: config.requestTimeoutMs, tokenReuseS: config.tokenReuseS };
  const { credentialsFlag } = access;
  if (choice.kind === 'account') {
    // connectPlatform resolves the file (resolveCredentialsFile); the environment variable beats the configured file.
    const credentialsFile = credentialsFlag ?? (process.env[CLIENT_CREDENTIALS_ENV] ? undefined : config.credentialsFile);
    const api = await connectPlatform({ ...common, credentialsFile, host: config.host });
    return { kind: 'account', api, description: `account at ${config.host}`, close: async () => undefined };
  }
  const dir = choice.sandboxDir!;
  const caFile = choice.caCertFile!;
  if (config.sandboxHost) {
    const release = trustSandboxCaFile(config.sandboxHost, caFile);
    try {
      const api = await connectPlatform({ ...common, credentialsFile: join(dir, CREDENTIALS_FILE), host: config.sandboxHost });
      return { kind: 'sandbox', api, description: `sandbox ${dir} (${config.sandboxHost})`, close: async () => release() };
    } catch (err) {
      release();
      throw err;
    }
  }
  const sandbox = await Sandbox.start({ dir });
  const release = trustSandboxCaFile(sandbox.host, caFile);
  const close = async () => {
    release();
    await sandbox.close();
  };
  try {
    const api = await connectPlatform({ ...common, credentialsFile: sandbox.credentialsFile, host: sandbox.host });
    return { kind: 'sandbox', api, description: `sandbox ${dir} (${sandbox.host}, started for this command)`, close };
  } catch (err) {
    await close();
    throw err;
  }
}

/**
 * What a CLI command does with a target: chooses it, opens it (trusting the sandbox's certificate
 * in-process), runs `work`, and closes it whatever happens.
 */
export async function runOnTarget(
  config: DeployConfig,
  access: TargetAccess,
  work: (target: OpenTarget, choice: TargetChoice) => Promise<void>,
): Promise<void> {
  const choice = chooseTarget(config, access.credentialsFlag);
  const target = await openTarget(config, choice, access);
  try {
    await work(target, choice);
  } finally {
    await target.close();
  }
}
