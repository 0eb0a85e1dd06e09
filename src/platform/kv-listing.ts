import { PlatformResponseError } from './errors';

/**
 * The ONE adapter for the official client's key-value listing bug (docs/platform.md#kv-listing-quirk):
 * @voximplant/apiclient-nodejs 4.11 maps `GetKeyValueItems.result` and `GetKeyValueKeys.result` as a
 * single object, so the documented array answer comes back as `result: {}` and the data is lost.
 * These two methods are therefore sent with `postPlatformForm` (same host, same JWT) and mapped here.
 */

/** One stored item. `expiresAt` is a Unix timestamp in seconds (docs/platform.md#kv-ttl). */
export interface KeyValueItem {
  key: string;
  value: string;
  expiresAt: number;
}

/** One stored key without its value. `expiresAt` in Unix seconds. */
export interface KeyValueKey {
  key: string;
  expiresAt: number;
}

/** One page of a listing; `totalCount` when the platform sent `total_count` (undocumented for Keys, docs/platform.md#kv-methods). */
export interface KeyValuePage<T> {
  result: T[];
  totalCount?: number;
}

/** Methods served by this adapter instead of the client, with their element mappers. */
export const KV_LISTING_METHODS = {
  GetKeyValueItems: (raw: Record<string, unknown>, method: string): KeyValueItem => ({
    key: requireString(raw, 'key', method),
    value: requireString(raw, 'value', method),
    expiresAt: requireNumber(raw, 'expires_at', method),
  }),
  GetKeyValueKeys: (raw: Record<string, unknown>, method: string): KeyValueKey => ({
    key: requireString(raw, 'key', method),
    expiresAt: requireNumber(raw, 'expires_at', method),
  }),
} as const;

/**
 * Maps a raw listing body (`{result: [{key, value?, expires_at}], total_count?}`) to camelCase.
 * A single object in `result` (the shape the client's spec claims) is accepted as a one-item page (inferred).
 * @throws PlatformResponseError when `result` or an element has the wrong shape
 */
export function mapKeyValuePage<M extends keyof typeof KV_LISTING_METHODS>(
  method: M,
  body: unknown,
): KeyValuePage<ReturnType<(typeof KV_LISTING_METHODS)[M]>> {
  if (typeof body !== 'object' || body === null) throw new PlatformResponseError(method, 'body is not an object');
  const { result, total_count: totalCount } = body as { result?: unknown; total_count?: unknown };
  const elements = Array.isArray(result) ? result : typeof result === 'object' && result !== null ? [result] : undefined;
  if (!elements)
    throw new PlatformResponseError(method, `result is ${result === undefined ? 'missing' : typeof result}, expected an array`);
  const mapElement = KV_LISTING_METHODS[method] as (raw: Record<string, unknown>, m: string) => ReturnType<(typeof KV_LISTING_METHODS)[M]>;
  const page: KeyValuePage<ReturnType<(typeof KV_LISTING_METHODS)[M]>> = {
    result: elements.map((element, index) => {
      if (typeof element !== 'object' || element === null) throw new PlatformResponseError(method, `result[${index}] is not an object`);
      return mapElement(element as Record<string, unknown>, method);
    }),
  };
  if (typeof totalCount === 'number') page.totalCount = totalCount;
  return page;
}

function requireString(raw: Record<string, unknown>, field: string, method: string): string {
  const value = raw[field];
  if (typeof value !== 'string')
    throw new PlatformResponseError(method, `result item field ${field} is ${typeof value}, expected a string`);
  return value;
}

function requireNumber(raw: Record<string, unknown>, field: string, method: string): number {
  const value = typeof raw[field] === 'string' ? Number(raw[field]) : raw[field];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new PlatformResponseError(method, `result item field ${field} is ${typeof raw[field]}, expected a number`);
  }
  return value;
}
