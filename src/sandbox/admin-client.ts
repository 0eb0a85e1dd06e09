import jwt from 'jsonwebtoken';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { loadCredentials, ServiceAccountKey } from '../platform/credentials';
import type { SandboxCallsRequest, SandboxCallsResult } from './management-api/admin-calls';
import { VoxmaskError } from '../errors';

/** Lifetime of an admin request's token, s: what the official client signs (docs/platform.md#jwt-auth). */
const ADMIN_TOKEN_TTL_S = 64;

/** Where a running sandbox is and how to talk to it: its CA certificate and its `credentials.json`. */
export interface SandboxAccess {
  /** The sandbox's TLS certificate (PEM), trusted for this request only. */
  caCertFile: string;
  /** The sandbox account's service-account key (`<sandboxDir>/credentials.json`), signing the JWT. */
  credentialsFile: string;
}

/**
 * `Bearer <JWT>` for a sandbox admin request, signed as the official client signs Management API
 * tokens: RS256 with the account's key, `kid` = key id, `iss` = account id (a number), `exp = iat + 64`
 * (seconds, from `nowMs` epoch ms).
 */
export function sandboxAuthorization(key: ServiceAccountKey, nowMs: number = Date.now()): string {
  const iat = Math.floor(nowMs / 1000);
  const token = jwt.sign({ iss: key.account_id, iat, exp: iat + ADMIN_TOKEN_TTL_S }, key.private_key, {
    algorithm: 'RS256',
    keyid: key.key_id,
  });
  return `Bearer ${token}`;
}

/** A running sandbox refused or failed an admin request; `status` is the HTTP status (0: no answer). */
export class SandboxAdminError extends VoxmaskError {
  override name = 'SandboxAdminError';
  readonly code = 'E_SANDBOX_ADMIN';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * Places calls into a running sandbox (`POST https://<host>/_sandbox/calls`, served by
 * Sandbox.runCalls) and resolves with the finished sessions and their timeline. Trusts the sandbox's
 * certificate through `access.caCertFile` (a plain HTTPS request, so no NODE_EXTRA_CA_CERTS is needed)
 * and signs the request's JWT with `access.credentialsFile` (every `/_sandbox/*` endpoint needs it).
 * `timeoutMs` bounds the whole request (calls run in virtual time, so seconds suffice).
 * @throws CredentialsError naming the credentials file when it is missing or invalid
 * @throws SandboxAdminError with the sandbox's message (a bad call, a number without a route, a refused
 *   token, the clock too far ahead: status 429) or the connection error (status 0)
 */
export function runCallsInSandbox(
  host: string,
  access: SandboxAccess,
  calls: SandboxCallsRequest,
  timeoutMs = 120_000,
): Promise<SandboxCallsResult> {
  const body = JSON.stringify(calls);
  const ca = readFileSync(access.caCertFile, 'utf8');
  const authorization = sandboxAuthorization(loadCredentials(access.credentialsFile));
  return new Promise((resolvePromise, reject) => {
    const req = request(
      `https://${host}/_sandbox/calls`,
      {
        method: 'POST',
        ca,
        headers: { authorization, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let answer: { result?: SandboxCallsResult; error?: { msg: string } };
          try {
            answer = JSON.parse(text);
          } catch {
            return reject(
              new SandboxAdminError(res.statusCode ?? 0, `the sandbox answered ${res.statusCode} with a body that is not JSON`),
            );
          }
          if (res.statusCode === 200 && answer.result) return resolvePromise(answer.result);
          reject(new SandboxAdminError(res.statusCode ?? 0, answer.error?.msg ?? `the sandbox answered ${res.statusCode}`));
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer from the sandbox at ${host} within ${timeoutMs} ms`)));
    req.on('error', (err) => reject(new SandboxAdminError(0, `cannot reach the sandbox at ${host}: ${err.message}`)));
    req.end(body);
  });
}
