/**
 * Writing the local Management API's answers (server.ts): JSON with a length, the HTTP 500 of an
 * unexpected error, and what happens to a connection whose request body was not read to the end
 * (refused, too large, stalled): `Connection: close`, then a short linger so the client sees the
 * answer before the socket is cut.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiCode, ApiError } from './errors';

/**
 * Bytes of an unread body discarded after a refusal before the connection is cut: enough for the client
 * to see the answer (a close with unread data would reset the connection), not enough to matter.
 */
const LINGER_BYTES = 256 * 1024;
/** Wall time a refused request's connection may linger before it is cut, ms. */
const LINGER_MS = 2000;

/** An unexpected error as an HTTP 500 answer; `onError` hears it (it is a sandbox bug or an I/O failure). */
export function internalError(err: Error, onError: ((err: Error) => void) | undefined): ApiError {
  onError?.(err);
  return new ApiError(ApiCode.TRY_LATER, `Internal sandbox error: ${err.message}`, 500);
}

/**
 * Answers with JSON; `headers` add to the defaults (e.g. `retry-after` of a rate-limit refusal). A request
 * whose body was not read to the end gets `Connection: close` and lingerIfUnread.
 */
export function sendJson(
  req: IncomingMessage,
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
    ...closeIfUnread(req),
  });
  res.end(text);
  lingerIfUnread(req);
}

/** `Connection: close` for a request whose body was not read to the end, else no header. */
export function closeIfUnread(req: IncomingMessage): Record<string, string> {
  return req.complete ? {} : { connection: 'close' };
}

/**
 * After answering a request whose body was not read (refused, too large, stalled): discards what the
 * client still sends for at most LINGER_BYTES or LINGER_MS, so that the answer reaches it before the
 * connection is cut, then destroys the socket. Nothing of the body is kept.
 */
export function lingerIfUnread(req: IncomingMessage): void {
  if (req.complete) return;
  const socket = req.socket;
  let discarded = 0;
  const cut = (): void => {
    clearTimeout(timer);
    socket.destroy();
  };
  const timer = setTimeout(cut, LINGER_MS);
  timer.unref();
  req.unpipe();
  req.removeAllListeners('data');
  req.on('data', (chunk: Buffer) => {
    discarded += chunk.length;
    if (discarded > LINGER_BYTES) cut();
  });
  req.on('end', () => clearTimeout(timer));
  socket.once('close', () => clearTimeout(timer));
  req.resume();
}
