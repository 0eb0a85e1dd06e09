/**
 * Net request options and results (docs/platform.md#net-api): HttpRequestOptions as an object, as an
 * instance of the legacy `new Net.HttpRequestOptions()` constructor, with headers as an object or as the
 * legacy `['Name: value']` array; HttpRequestResult with `code`, `headers` as {key, value} pairs,
 * `raw_headers`, `text` or `data` (rawOutput), and `error` for the negative codes.
 */
import { HTTP_DEFAULT_CONNECT_TIMEOUT_S, HTTP_DEFAULT_TIMEOUT_S, HTTP_MAX_RESPONSE_BYTES } from '../constants';
import type { HttpResponseSpec } from '../types';

/** Net error codes and their texts (docs/platform.md#net-api). */
export const NET_ERRORS: Readonly<Record<number, string>> = {
  0: 'Limits violated',
  [-1]: 'Unknown error',
  [-2]: 'Malformed URL',
  [-3]: 'Host not found',
  [-4]: 'Connection error',
  [-5]: 'Too many redirects',
  [-6]: 'Network error',
  [-7]: 'Timeout',
  [-8]: 'Internal error',
  [-9]: 'Response is larger than 2 MB',
};

/** A request ready to send. Times in ms. */
export interface ParsedRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
  rawOutput: boolean;
  /** Which legacy forms were used, for the session's notes. */
  legacy: { headerArray: boolean; constructed: boolean; bodyIgnored: boolean };
}

/** The result handed to the scenario (HttpRequestResult). */
export interface HttpResult {
  code: number;
  headers?: { key: string; value: string }[];
  raw_headers?: string;
  text?: string;
  data?: number[];
  error?: string;
}

/** Bad options; `field` names the option, e.g. `headers[1]`. */
export class NetOptionsError extends TypeError {
  override name = 'TypeError';
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`Net.HttpRequestOptions.${field}: ${message}`);
  }
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

function parseHeaders(value: unknown, legacy: ParsedRequest['legacy']): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined || value === null) return out;
  if (Array.isArray(value)) {
    legacy.headerArray = true;
    value.forEach((line, i) => {
      const text = String(line);
      const colon = text.indexOf(':');
      if (colon <= 0) throw new NetOptionsError(`headers[${i}]`, `must look like 'Name: value', got ${JSON.stringify(text)}`);
      out[text.slice(0, colon).trim()] = text.slice(colon + 1).trim();
    });
    return out;
  }
  if (typeof value !== 'object')
    throw new NetOptionsError(
      'headers',
      'must be an object such as { "Content-Type": "application/json" } or an array of "Name: value" strings',
    );
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = String(v);
  return out;
}

function bodyOf(postData: unknown): string {
  if (postData === undefined || postData === null) return '';
  if (typeof postData === 'string') return postData;
  if (Array.isArray(postData)) return Buffer.from(postData.map((b) => Number(b) & 0xff)).toString('utf8');
  throw new NetOptionsError('postData', 'must be a string or a byte array (str2bytes)');
}

function seconds(field: string, value: unknown, cap: number): number {
  if (value === undefined || value === null) return cap * 1000;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0)
    throw new NetOptionsError(field, `must be a positive number of seconds, got ${String(value)}`);
  return Math.min(value, cap) * 1000;
}

/** Parses `url` and `options`; throws NetOptionsError for unusable options. A malformed URL is reported by code -2 instead. */
export function parseRequest(url: unknown, options: unknown): ParsedRequest | { malformed: string } {
  if (typeof url !== 'string') throw new TypeError(`Net: url must be a string, got ${typeof url}`);
  const o = (options ?? {}) as Record<string, unknown>;
  if (typeof o !== 'object') throw new TypeError('Net: options must be an object (HttpRequestOptions)');
  const legacy = {
    headerArray: false,
    constructed: (o.constructor as { name?: string } | undefined)?.name === 'HttpRequestOptions',
    bodyIgnored: false,
  };
  const method = o.method === undefined ? 'GET' : o.method;
  if (typeof method !== 'string' || !/^[A-Za-z]+$/.test(method))
    throw new NetOptionsError('method', `must be an HTTP method such as 'GET', got ${JSON.stringify(method)}`);
  const headers = parseHeaders(o.headers, legacy);
  if (!Object.keys(headers).some((h) => h.toLowerCase() === 'user-agent')) headers['User-Agent'] = 'VoxEngine/1.0';
  const upper = method.toUpperCase();
  let body = bodyOf(o.postData);
  if (body && !BODY_METHODS.has(upper)) {
    legacy.bodyIgnored = true;
    body = '';
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return { malformed: `${url} is not an http(s) URL` };
  } catch {
    return { malformed: `${url} is not a valid URL` };
  }
  if (o.params !== undefined && o.params !== null) {
    if (typeof o.params !== 'object') throw new NetOptionsError('params', 'must be an object of query parameters');
    for (const [k, v] of Object.entries(o.params as Record<string, unknown>)) parsed.searchParams.append(k, String(v));
  }
  // connectionTimeout is checked like timeout but not applied on its own (inferred): handler answers have no
  // connection phase, and 'real' mode reaches only 127.0.0.1, where connecting is immediate.
  seconds('connectionTimeout', o.connectionTimeout, HTTP_DEFAULT_CONNECT_TIMEOUT_S);
  return {
    method: upper,
    url: parsed.toString(),
    headers,
    body,
    timeoutMs: seconds('timeout', o.timeout, HTTP_DEFAULT_TIMEOUT_S),
    rawOutput: o.rawOutput === true,
    legacy,
  };
}

/** A failure result for a Net error code (0, -1 … -9). */
export function failure(code: number, detail?: string): HttpResult {
  return { code, error: detail ? `${NET_ERRORS[code] ?? 'Error'}: ${detail}` : (NET_ERRORS[code] ?? 'Error') };
}

/** The result for a handler's answer. */
export function resultFromSpec(spec: HttpResponseSpec, rawOutput: boolean): HttpResult {
  if (spec.networkError !== undefined) return failure(spec.networkError);
  const body = spec.body ?? '';
  const bytes = Buffer.from(body, 'utf8');
  if (bytes.length > HTTP_MAX_RESPONSE_BYTES) return failure(-9);
  const headers = Object.entries(spec.headers ?? {}).map(([key, value]) => ({ key, value: String(value) }));
  const result: HttpResult = {
    code: spec.status ?? 200,
    headers,
    raw_headers: headers.map((h) => `${h.key}: ${h.value}\r\n`).join(''),
  };
  if (rawOutput) result.data = [...bytes];
  else result.text = body;
  return result;
}
