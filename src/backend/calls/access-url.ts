import { request as httpsRequest } from 'node:https';
import { VoxmaskError } from '../../errors';
import { sandboxAgentFor } from '../../platform/sandbox-trust';

/** A request to a media-session access URL that got no answer (network error, timeout) or was refused as a URL. */
export class AccessUrlError extends VoxmaskError {
  override name = 'AccessUrlError';
  readonly code = 'E_ACCESS_URL';
}

/** What an access URL answered: the HTTP status and the body as text (the scenario's HttpRequest return value on 200). */
export interface AccessUrlAnswer {
  status: number;
  body: string;
}

/** Longest answer body read, in bytes; the rest is dropped (a session returns a few bytes, docs/platform.md#http-request-event). */
const MAX_ANSWER_BYTES = 64 * 1024;

/**
 * POSTs `body` (JSON) to a session's media-session access URL (StartScenarios'
 * `media_session_access_secure_url`), which the platform delivers to the session as
 * `AppEvents.HttpRequest` (docs/platform.md#http-request-event). The URL is the only credential: no
 * Authorization header is sent. TLS trust is the Management API's: Node's defaults, or the agent that
 * trusts a sandbox's certificate for its host (src/platform/sandbox-trust.ts).
 * @param url an https URL
 * @param timeoutMs socket idle timeout, ms
 * @throws AccessUrlError for a URL that is not https, or when no answer came
 */
export function postToAccessUrl(url: string, body: string, timeoutMs: number): Promise<AccessUrlAnswer> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AccessUrlError('accessUrl is not a URL');
  }
  if (parsed.protocol !== 'https:')
    throw new AccessUrlError(`accessUrl must be https (the secure access URL StartScenarios returns), got ${parsed.protocol}`);
  return new Promise((resolve, reject) => {
    const req = httpsRequest(
      parsed,
      {
        method: 'POST',
        agent: sandboxAgentFor(parsed.host),
        headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_ANSWER_BYTES) chunks.push(chunk);
        });
        res.on('error', (err) => reject(new AccessUrlError(`the access URL's answer broke off: ${err.message}`)));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err) => reject(new AccessUrlError(`no answer from the access URL: ${err.message}`)));
    req.end(body);
  });
}
