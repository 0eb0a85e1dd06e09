import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { ApiCode, ApiError } from './errors';

/**
 * Largest request body, bytes, of every content type (multipart included), counted as the bytes arrive.
 * The platform's largest parameter is a scenario script under 128 KB (docs/sandbox.md "Requests and
 * answers"); 1 MiB leaves room for multipart framing and long lists.
 */
export const MAX_BODY_BYTES = 1024 * 1024;
/** Default time a whole request body may take to arrive, ms; a body still incomplete then is cut. */
export const BODY_TIMEOUT_MS = 5000;
/** Most parameters in one request. */
const MAX_FIELDS = 1000;

/** How a body is read: at most `limitBytes` bytes, all of them within `timeoutMs` ms of the start. */
export interface BodyLimits {
  limitBytes: number;
  timeoutMs: number;
}

/**
 * A body the sandbox refused while reading it (too large, stalled, malformed). The answer goes out with
 * `Connection: close`, and the rest of the body is not read (answers.ts).
 */
export class BodyError extends ApiError {
  constructor(
    /** `too-large`: over the byte cap; `stalled`: not complete within the time allowed. */
    readonly kind: 'too-large' | 'stalled',
    msg: string,
    httpStatus = 200,
  ) {
    super(ApiCode.INVALID_ARGUMENTS, msg, httpStatus);
  }
}

function bad(msg: string): ApiError {
  return new ApiError(ApiCode.INVALID_ARGUMENTS, msg);
}

function tooLarge(limit: number): BodyError {
  return new BodyError('too-large', `The request body exceeds ${limit} bytes`);
}

/**
 * A BodyError before any byte is read when the declared `Content-Length` exceeds `limit` (a chunked body
 * has none and is counted while it arrives instead).
 */
export function checkDeclaredLength(req: IncomingMessage, limit: number): void {
  const declared = req.headers['content-length'];
  if (declared !== undefined && Number(declared) > limit) throw tooLarge(limit);
}

/**
 * All parameters of a Management API request: the query string plus the body, which may be
 * `multipart/form-data` (the Node and Go clients; chunked, no Content-Length, docs/platform.md#mapi-encoding) or
 * `application/x-www-form-urlencoded` (Python, curl). Multipart parts with a file name are read as
 * UTF-8 text. A name given twice with different values or an unsupported content type is an ApiError
 * 101 naming it; a body over `limits.limitBytes` or not complete within `limits.timeoutMs` is a
 * BodyError (101). Nothing is dropped silently.
 */
export async function readRequestFields(req: IncomingMessage, query: URLSearchParams, limits: BodyLimits): Promise<Map<string, string>> {
  const fields = new Map<string, string>();
  const add = (name: string, value: string, where: string): void => {
    const previous = fields.get(name);
    if (previous !== undefined && previous !== value)
      throw bad(`Invalid parameter '${name}': given twice with different values (${where})`);
    fields.set(name, value);
  };
  for (const [name, value] of query) add(name, value, 'query string');

  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    for (const [name, value] of await readMultipart(req, limits)) add(name, value, 'body');
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [name, value] of new URLSearchParams(await readBodyText(req, limits))) add(name, value, 'body');
  } else {
    const text = await readBodyText(req, limits);
    if (text.trim() !== '')
      throw bad(`Unsupported request body type "${type || 'none'}": send multipart/form-data or application/x-www-form-urlencoded`);
  }
  return fields;
}

/**
 * Counts the body's bytes as they arrive and fails once they pass `limitBytes` or the body is not
 * complete within `timeoutMs`: `fail` gets a BodyError then, and reading stops (the request is paused,
 * so the client's further bytes wait in its socket instead of this process's memory).
 * Returns a function that stops the watch.
 */
function watchBody(req: IncomingMessage, limits: BodyLimits, fail: (err: BodyError) => void): () => void {
  let size = 0;
  // Once failed, the deadline goes too: a body cut at the cap never ends, and its timer would hold the process.
  const stop = (err: BodyError): void => {
    clearTimeout(timer);
    req.pause();
    req.removeListener('data', count);
    fail(err);
  };
  const count = (chunk: Buffer): void => {
    size += chunk.length;
    if (size > limits.limitBytes) stop(tooLarge(limits.limitBytes));
  };
  const timer = setTimeout(
    () => stop(new BodyError('stalled', `The request body did not arrive within ${limits.timeoutMs} ms`)),
    limits.timeoutMs,
  );
  req.on('data', count);
  return () => {
    clearTimeout(timer);
    req.removeListener('data', count);
  };
}

/** The whole body as UTF-8; rejects with BodyError (101) beyond `limits`. */
export function readBodyText(req: IncomingMessage, limits: BodyLimits): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let failed = false;
    const unwatch = watchBody(req, limits, (err) => {
      failed = true;
      chunks.length = 0;
      reject(err);
    });
    req.on('data', (chunk: Buffer) => {
      if (!failed) chunks.push(chunk);
    });
    req.on('end', () => {
      unwatch();
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (err) => {
      unwatch();
      reject(err);
    });
  });
}

/**
 * The body of a `/_sandbox/*` admin request parsed as JSON (an empty body reads as `{}`). Throws ApiError
 * 101 with HTTP 400 when the body is not JSON, BodyError (HTTP 413 too large, 408 stalled) beyond `limits`.
 */
export async function readJsonBody(req: IncomingMessage, limits: BodyLimits): Promise<unknown> {
  let text: string;
  try {
    text = await readBodyText(req, limits);
  } catch (err) {
    if (!(err instanceof BodyError)) throw err;
    throw new BodyError(err.kind, err.message, err.kind === 'stalled' ? 408 : 413);
  }
  try {
    return JSON.parse(text || '{}');
  } catch (err) {
    throw new ApiError(ApiCode.INVALID_ARGUMENTS, `The body must be a JSON object: ${(err as Error).message}`, 400);
  }
}

function readMultipart(req: IncomingMessage, limits: BodyLimits): Promise<[string, string][]> {
  return new Promise((resolve, reject) => {
    const parts: [string, string][] = [];
    let failed = false;
    let unwatch = (): void => undefined;
    const fail = (err: Error): void => {
      if (failed) return;
      failed = true;
      unwatch();
      req.unpipe(parser);
      parts.length = 0;
      reject(err);
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        // A single value can never pass the body cap, which watchBody enforces on the raw bytes.
        limits: { fieldSize: limits.limitBytes, fileSize: limits.limitBytes, fields: MAX_FIELDS, files: MAX_FIELDS, parts: MAX_FIELDS },
      });
    } catch (err) {
      reject(bad(`Malformed multipart body: ${(err as Error).message}`));
      return;
    }
    unwatch = watchBody(req, limits, fail);
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(tooLarge(limits.limitBytes));
      else parts.push([name, value]);
    });
    parser.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => {
        if (!failed) chunks.push(chunk);
      });
      stream.on('limit', () => fail(tooLarge(limits.limitBytes)));
      stream.on('close', () => {
        if (!failed) parts.push([name, Buffer.concat(chunks).toString('utf8')]);
      });
    });
    for (const limit of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const) {
      parser.on(limit, () => fail(bad(`The request has more than ${MAX_FIELDS} parameters`)));
    }
    parser.on('error', (err: Error) => fail(bad(`Malformed multipart body: ${err.message}`)));
    parser.on('close', () => {
      unwatch();
      if (!failed) resolve(parts);
    });
    req.pipe(parser);
  });
}
