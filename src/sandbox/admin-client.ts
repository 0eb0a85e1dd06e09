import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import type { SandboxCallsRequest, SandboxCallsResult } from './management-api/admin-calls';

/** A running sandbox refused or failed an admin request; `status` is the HTTP status (0: no answer). */
export class SandboxAdminError extends Error {
  override name = 'SandboxAdminError';
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
 * certificate through `caCertFile` (a plain HTTPS request, so no NODE_EXTRA_CA_CERTS is needed).
 * `timeoutMs` bounds the whole request (calls run in virtual time, so seconds suffice).
 * @throws SandboxAdminError with the sandbox's message (a bad call, a number without a route) or the connection error
 */
export function runCallsInSandbox(host: string, caCertFile: string, calls: SandboxCallsRequest, timeoutMs = 120_000): Promise<SandboxCallsResult> {
  const body = JSON.stringify(calls);
  const ca = readFileSync(caCertFile, 'utf8');
  return new Promise((resolvePromise, reject) => {
    const req = request(
      `https://${host}/_sandbox/calls`,
      { method: 'POST', ca, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, timeout: timeoutMs },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let answer: { result?: SandboxCallsResult; error?: { msg: string } };
          try {
            answer = JSON.parse(text);
          } catch {
            return reject(new SandboxAdminError(res.statusCode ?? 0, `the sandbox answered ${res.statusCode} with a body that is not JSON`));
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
