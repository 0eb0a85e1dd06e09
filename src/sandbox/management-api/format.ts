import { invalid, Params } from './params';

/**
 * `YYYY-MM-DD HH:mm:ss` in UTC, the platform's timestamp format (`modified`, `start_date`, ...;
 * docs/platform.md#mapi-emulator-notes). `epoch` is epoch ms or an ISO 8601 string.
 */
export function platformDateTime(epoch: number | string): string {
  return new Date(epoch).toISOString().replace('T', ' ').slice(0, 19);
}

/** `YYYY-MM-DD` in UTC (`phone_next_renewal`, docs/platform.md#phone-numbers). */
export function platformDate(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10);
}

/**
 * Parses a `YYYY-MM-DD HH:mm:ss` (or `YYYY-MM-DD`) parameter as UTC, the format the official client sends
 * for `timestamp` and `date` fields (docs/platform.md#mapi-encoding). Returns epoch ms; ApiError 101 naming `name` otherwise.
 */
export function parsePlatformDateTime(name: string, value: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2}):(\d{2}))?$/.exec(value);
  const ms = match ? Date.UTC(+match[1], +match[2] - 1, +match[3], +(match[4] ?? 0), +(match[5] ?? 0), +(match[6] ?? 0)) : Number.NaN;
  if (!match || Number.isNaN(ms) || platformDateTime(ms).slice(0, value.length) !== value.replace('T', ' ')) {
    throw invalid(name, `must be "YYYY-MM-DD HH:mm:ss", got "${value}"`);
  }
  return ms;
}

/** Page limits of a list method: the default and the largest `count`. */
export interface PageLimits {
  defaultCount: number;
  maxCount: number;
}

/**
 * The request's `count` (default `defaultCount`; above `maxCount` an ApiError 101 naming it) and `offset`
 * (default 0); both non-negative integers (Params.int).
 */
export function pageParams(params: Params, limits: PageLimits): { offset: number; count: number } {
  const count = params.int('count') ?? limits.defaultCount;
  if (count > limits.maxCount) throw invalid('count', `must be at most ${limits.maxCount}, got ${count}`);
  return { offset: params.int('offset') ?? 0, count };
}

/**
 * Cuts one page out of `items` with the request's `count` and `offset` (pageParams) and returns the
 * platform's list shape `{result, total_count, count}`.
 */
export function pageOf<T>(params: Params, items: T[], limits: PageLimits): { result: T[]; total_count: number; count: number } {
  const { offset, count } = pageParams(params, limits);
  const result = items.slice(offset, offset + count);
  return { result, total_count: items.length, count: result.length };
}

/**
 * Default page size of GetApplications/GetRules/GetScenarios/GetPhoneNumbers/GetNewPhoneNumbers: not
 * documented (docs/platform.md#paging); 20 is used (inferred), and up to 1000 per page.
 */
export const LIST_LIMITS: PageLimits = { defaultCount: 20, maxCount: 1000 };
