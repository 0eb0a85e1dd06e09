/**
 * The sandbox's media-session access URLs (docs/platform.md#start-scenarios,
 * docs/platform.md#http-request-event): `/request/<call_session_history_id>/<token>` delivers the
 * request to the session as AppEvents.HttpRequest and answers with what the scenario returned;
 * `…/check` tells whether the session still runs. Like the platform's, the URL itself is the secret: no
 * Authorization header is needed, and a wrong token answers exactly like an unknown session.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiCode, ApiError } from './errors';
import { BodyError, type BodyLimits, checkDeclaredLength, readBodyText } from './request-body';

/** The path of an access URL: history id, 16-hex-digit token, optional `/check`. */
export const MEDIA_SESSION_PATH = /^\/request\/([0-9]{1,15})\/([0-9a-f]{16})(\/check)?\/?$/;

/** Methods an access URL takes (the platform's examples use POST; any method reaches the scenario). */
export const MEDIA_SESSION_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

/** An access-URL request for the sandbox to route. `headers` holds the X- headers only, names as sent. */
export interface MediaSessionRequest {
  historyId: number;
  token: string;
  /** `…/check`: only whether the session still runs. */
  check: boolean;
  method: string;
  /** Path and query as sent, e.g. '/request/12/9f3c…?cancel=1'. */
  path: string;
  content: string;
  headers: Record<string, string>;
}

/**
 * The answer: 200 with the scenario's body; 404 when no live session has this id and token; 504 when
 * the session has not taken the request in time (it still will, once the virtual clock moves).
 */
export type MediaSessionAnswer =
  { found: true; contentType: string; body: string } | { found: false; reason: string } | { found: 'late'; reason: string };

/** Routes one access-URL request to its session (Sandbox.mediaSessionRequest). */
export type MediaSessionHandler = (request: MediaSessionRequest) => Promise<MediaSessionAnswer>;

/** The X- headers of a request, names as the client spelled them (rawHeaders keeps the case Node lowers). */
function xHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    const name = req.rawHeaders[i];
    if (/^x-/i.test(name)) out[name] = req.rawHeaders[i + 1];
  }
  return out;
}

/**
 * Serves one access-URL request matched by MEDIA_SESSION_PATH. The body is read within `limits` (413 or
 * 408 otherwise, as for API requests). Throws ApiError (the server answers it as JSON): 501 when the
 * server has no handler, 404 (code 150) for an unknown, ended or mistyped session URL, 504 (code 162)
 * when the session did not take the request in time.
 */
export async function serveMediaSession(
  req: IncomingMessage,
  res: ServerResponse,
  match: RegExpExecArray,
  url: URL,
  handler: MediaSessionHandler | undefined,
  limits: BodyLimits,
): Promise<void> {
  if (!handler) throw new ApiError(ApiCode.UNKNOWN_COMMAND, 'This server runs no sessions', 501);
  let content: string;
  try {
    checkDeclaredLength(req, limits.limitBytes);
    content = await readBodyText(req, limits);
  } catch (err) {
    if (!(err instanceof BodyError)) throw err;
    throw new BodyError(err.kind, err.message, err.kind === 'stalled' ? 408 : 413);
  }
  const answer = await handler({
    historyId: Number(match[1]),
    token: match[2],
    check: match[3] !== undefined,
    method: req.method ?? 'GET',
    path: url.pathname + url.search,
    content,
    headers: xHeaders(req),
  });
  if (answer.found === 'late') throw new ApiError(ApiCode.TRY_LATER, answer.reason, 504);
  if (!answer.found) throw new ApiError(ApiCode.INVALID_CALL_SESSION_HISTORY_ID, `No running session at this URL: ${answer.reason}`, 404);
  res.writeHead(200, { 'content-type': answer.contentType, 'content-length': Buffer.byteLength(answer.body) });
  res.end(answer.body);
}
