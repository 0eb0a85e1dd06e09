import { request as httpsRequest } from 'node:https';
import { PlatformApiError, PlatformResponseError, PlatformTransportError } from './errors';
import { sandboxAgentFor } from './sandbox-trust';

/**
 * Sends one Management API request without the official client: `POST https://<host>/platform_api`
 * with `cmd` and snake_case parameters, form-urlencoded, and the same `Authorization: Bearer <JWT>`
 * header the client signs (docs/platform.md#raw-http; the Python client posts urlencoded the same way).
 * TLS trust is the client's: Node's defaults, or the agent trusting a sandbox's certificate for its
 * host (sandbox-trust.ts); unlike axios this does not honour `HTTPS_PROXY`.
 *
 * @param host `api.voximplant.com` or `localhost:8443` (the client's `host` parameter, no scheme)
 * @param authorization the full header value, `Bearer …`
 * @param timeoutMs socket idle timeout in ms
 * @returns the parsed JSON body of a 2xx answer (which may still carry `{error}`)
 * @throws PlatformApiError on a non-2xx status, PlatformTransportError when no answer came,
 *   PlatformResponseError when the body is not JSON
 */
export function postPlatformForm(
  host: string,
  authorization: string,
  cmd: string,
  params: Record<string, string | number>,
  timeoutMs: number,
): Promise<unknown> {
  const url = new URL(`https://${host}/platform_api`);
  const body = new URLSearchParams({ cmd, ...Object.fromEntries(Object.entries(params).map(([k, v]) => [k, String(v)])) }).toString();
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      {
        hostname: url.hostname,
        port: url.port || 443,
        path: url.pathname,
        method: 'POST',
        agent: sandboxAgentFor(host),
        headers: {
          Authorization: authorization,
          Accept: 'application/json',
          'Content-Type': 'application/x-www-form-urlencoded',
          'Content-Length': Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', (err: NodeJS.ErrnoException) => reject(new PlatformTransportError(cmd, err.code ?? 'EUNKNOWN', err.message)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            parsed = undefined;
          }
          const status = res.statusCode ?? 0;
          if (status < 200 || status > 299) {
            const apiError = (parsed as { error?: { code?: number; msg?: string } } | undefined)?.error;
            reject(new PlatformApiError(cmd, apiError?.code, status, apiError?.msg ?? `HTTP ${status}`));
          } else if (parsed === undefined) {
            reject(new PlatformResponseError(cmd, `body is not JSON: ${text.slice(0, 120)}`));
          } else {
            resolve(parsed);
          }
        });
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: 'ETIMEDOUT' })));
    req.on('error', (err: NodeJS.ErrnoException) => reject(new PlatformTransportError(cmd, err.code ?? 'EUNKNOWN', err.message)));
    req.end(body);
  });
}
