import VoximplantApiClient from '@voximplant/apiclient-nodejs';
import { DEFAULT_API_HOST, PlatformApi, PlatformApiOptions } from './api';
import { loadCredentials, resolveCredentialsFile } from './credentials';
import { CredentialsError } from './errors';
import { trustSandboxCa } from './sandbox-trust';
import { DEFAULT_TOKEN_REUSE_S, reuseSignedToken } from './token-reuse';

/** Where and as whom to connect. */
export interface ConnectOptions extends Omit<PlatformApiOptions, 'client' | 'host'> {
  /** Service-account JSON key; `VOXIMPLANT_CREDENTIALS` is used when omitted (see resolveCredentialsFile). */
  credentialsFile?: string;
  /** `api.voximplant.com` (default) or the sandbox's `localhost:<port>`. */
  host?: string;
  /** Act on this (child) account instead of the key's own `account_id` (JWT `iss`, docs/platform.md#jwt-auth). */
  accountId?: number;
  /** How long to wait for the client to read its credentials, in ms (default 10 000). */
  readyTimeoutMs?: number;
  /**
   * A local sandbox's certificate (PEM text or the bytes of its `tls/cert.pem`) to trust for `host`
   * in this process (sandbox-trust.ts), instead of starting Node with NODE_EXTRA_CA_CERTS.
   */
  sandboxCa?: string | Buffer;
  /** Seconds a signed JWT is reused (token-reuse.ts; default 30, 0 = sign every request as the client does). */
  tokenReuseS?: number;
}

/**
 * Validates the credentials file, creates the official client, waits for its `onReady`, and wraps it.
 * `onReady` is assigned synchronously right after `new`, before the client's asynchronous file read
 * can finish (docs/platform.md#client-ready).
 * @throws CredentialsError when the file is missing or malformed (checked before the client reads it)
 */
export async function connectPlatform(options: ConnectOptions = {}): Promise<PlatformApi> {
  const file = resolveCredentialsFile(options.credentialsFile);
  loadCredentials(file);
  const host = options.host ?? DEFAULT_API_HOST;
  if (options.sandboxCa !== undefined) trustSandboxCa(host, options.sandboxCa);
  const client = new VoximplantApiClient({ pathToCredentials: file, host, accountId: options.accountId });
  const readyTimeoutMs = options.readyTimeoutMs ?? 10_000;
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new CredentialsError(file, `the API client did not finish reading it within ${readyTimeoutMs} ms`)),
      readyTimeoutMs,
    );
    client.onReady = () => {
      clearTimeout(timer);
      resolve();
    };
  });
  reuseSignedToken(client, options.tokenReuseS ?? DEFAULT_TOKEN_REUSE_S);
  return new PlatformApi({ ...options, client, host });
}
