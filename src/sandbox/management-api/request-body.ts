import busboy from 'busboy';
import type { IncomingMessage } from 'node:http';
import { ApiCode, ApiError } from './errors';

/** Largest single parameter value, bytes (a scenario script is limited to 128 KB, §2.2; this leaves room). */
export const MAX_FIELD_BYTES = 1024 * 1024;
/** Largest request body, bytes. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Most parameters in one request. */
const MAX_FIELDS = 1000;

function bad(msg: string): ApiError {
  return new ApiError(ApiCode.INVALID_ARGUMENTS, msg);
}

/**
 * All parameters of a Management API request: the query string plus the body, which may be
 * `multipart/form-data` (the Node and Go clients; chunked, no Content-Length, §1.2) or
 * `application/x-www-form-urlencoded` (Python, curl). Multipart parts with a file name are read as
 * UTF-8 text. A name given twice with different values, an oversized value or an unsupported content
 * type is an ApiError 101 naming it; nothing is dropped silently.
 */
export async function readRequestFields(req: IncomingMessage, query: URLSearchParams): Promise<Map<string, string>> {
  const fields = new Map<string, string>();
  const add = (name: string, value: string, where: string): void => {
    const previous = fields.get(name);
    if (previous !== undefined && previous !== value) throw bad(`Invalid parameter '${name}': given twice with different values (${where})`);
    fields.set(name, value);
  };
  for (const [name, value] of query) add(name, value, 'query string');

  const type = (req.headers['content-type'] ?? '').toLowerCase();
  if (type.startsWith('multipart/form-data')) {
    for (const [name, value] of await readMultipart(req)) add(name, value, 'body');
  } else if (type.startsWith('application/x-www-form-urlencoded')) {
    for (const [name, value] of new URLSearchParams(await readBodyText(req, MAX_BODY_BYTES))) add(name, value, 'body');
  } else {
    const text = await readBodyText(req, MAX_BODY_BYTES);
    if (text.trim() !== '') throw bad(`Unsupported request body type "${type || 'none'}": send multipart/form-data or application/x-www-form-urlencoded`);
  }
  return fields;
}

/** The whole body as UTF-8; rejects with ApiError 101 beyond `limit` bytes. */
export function readBodyText(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(bad(`The request body exceeds ${limit} bytes`));
        req.resume();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/**
 * The body of a `/_sandbox/*` admin request parsed as JSON (an empty body reads as `{}`). Throws ApiError
 * 101 with HTTP 400 when the body is not JSON or exceeds `limit` bytes.
 */
export async function readJsonBody(req: IncomingMessage, limit: number): Promise<unknown> {
  try {
    return JSON.parse((await readBodyText(req, limit)) || '{}');
  } catch (err) {
    throw new ApiError(ApiCode.INVALID_ARGUMENTS, `The body must be a JSON object: ${(err as Error).message}`, 400);
  }
}

function readMultipart(req: IncomingMessage): Promise<[string, string][]> {
  return new Promise((resolve, reject) => {
    const parts: [string, string][] = [];
    let failed = false;
    const fail = (err: Error): void => {
      if (failed) return;
      failed = true;
      req.unpipe(parser);
      req.resume();
      reject(err);
    };
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: req.headers,
        defParamCharset: 'utf8',
        limits: { fieldSize: MAX_FIELD_BYTES, fileSize: MAX_FIELD_BYTES, fields: MAX_FIELDS, files: MAX_FIELDS, parts: MAX_FIELDS },
      });
    } catch (err) {
      reject(bad(`Malformed multipart body: ${(err as Error).message}`));
      return;
    }
    parser.on('field', (name, value, info) => {
      if (info.valueTruncated) fail(bad(`Invalid parameter '${name}': longer than ${MAX_FIELD_BYTES} bytes`));
      else parts.push([name, value]);
    });
    parser.on('file', (name, stream) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('limit', () => fail(bad(`Invalid parameter '${name}': longer than ${MAX_FIELD_BYTES} bytes`)));
      stream.on('close', () => parts.push([name, Buffer.concat(chunks).toString('utf8')]));
    });
    for (const limit of ['partsLimit', 'filesLimit', 'fieldsLimit'] as const) {
      parser.on(limit, () => fail(bad(`The request has more than ${MAX_FIELDS} parameters`)));
    }
    parser.on('error', (err: Error) => fail(bad(`Malformed multipart body: ${err.message}`)));
    parser.on('close', () => {
      if (!failed) resolve(parts);
    });
    req.pipe(parser);
  });
}
