import { ApiCode, ApiError } from './errors';

/**
 * The parameters of one Management API request, read the way the platform's clients send them
 * (docs/platform.md#client-pitfalls, docs/platform.md#mapi-emulator-notes): booleans `true`/`false` (also `1`/`0`, any case), lists separated by
 * `;`, `all` where a list allows it, and an empty string counts as absent (voxengine-ci sends `''`
 * for parameters it does not mean, docs/platform.md#voxengine-ci-upload). Unknown parameters are ignored. Getters throw ApiError
 * 101 for a malformed value and 134 for a missing required one, naming the parameter.
 */
export class Params {
  constructor(private readonly fields: ReadonlyMap<string, string>) {}

  /** Whether `name` was given with a non-empty value. */
  has(name: string): boolean {
    return (this.fields.get(name) ?? '') !== '';
  }

  /** The raw value, or undefined when absent or empty. */
  string(name: string): string | undefined {
    const value = this.fields.get(name);
    return value === undefined || value === '' ? undefined : value;
  }

  requireString(name: string): string {
    const value = this.string(name);
    if (value === undefined) throw missing(name);
    return value;
  }

  /**
   * One non-negative integer (ids, count, offset, ttl): ASCII digits only (no spaces, signs, exponent or
   * list separator) within Number.MAX_SAFE_INTEGER; ApiError 101 otherwise.
   */
  int(name: string): number | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const parsed = parseId(value);
    if (parsed === undefined) throw invalid(name, `must be one non-negative integer (digits only), got ${JSON.stringify(value)}`);
    return parsed;
  }

  requireInt(name: string): number {
    const value = this.int(name);
    if (value === undefined) throw missing(name);
    return value;
  }

  /** `true`/`false`/`1`/`0` in any case; `fallback` when absent. */
  bool(name: string, fallback: boolean): boolean {
    return this.optionalBool(name) ?? fallback;
  }

  /** `true`/`false`/`1`/`0` in any case; undefined when absent (a filter that is off unless given). */
  optionalBool(name: string): boolean | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const lower = value.toLowerCase();
    if (lower === 'true' || lower === '1') return true;
    if (lower === 'false' || lower === '0') return false;
    throw invalid(name, `must be true or false, got "${value}"`);
  }

  /**
   * `;`-separated integers, or `'all'` when `allowAll` and the value is `all` (ApiError 101 for `all`
   * without `allowAll`). Undefined when absent.
   */
  intList(name: string, allowAll?: false): number[] | undefined;
  intList(name: string, allowAll: true): number[] | 'all' | undefined;
  intList(name: string, allowAll = false): number[] | 'all' | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    if (value.toLowerCase() === 'all') {
      if (allowAll) return 'all';
      throw invalid(name, 'does not accept "all" here');
    }
    return value.split(';').map((part) => {
      const parsed = parseId(part);
      if (parsed === undefined) throw invalid(name, `must be integers separated by ";" (digits only), got ${JSON.stringify(value)}`);
      return parsed;
    });
  }

  /** `;`-separated strings (empty items are an error). Undefined when absent. */
  stringList(name: string): string[] | undefined {
    const value = this.string(name);
    if (value === undefined) return undefined;
    const items = value.split(';');
    if (items.some((item) => item === '')) throw invalid(name, `has an empty item in "${value}"`);
    return items;
  }
}

/** `text` as a non-negative safe integer when it is ASCII digits only; undefined otherwise. */
function parseId(text: string): number | undefined {
  if (!/^[0-9]+$/.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/** ApiError 134 for a required parameter that is missing or empty. */
export function missing(name: string): ApiError {
  return new ApiError(ApiCode.REQUIRED_IS_EMPTY, `The required parameter '${name}' is missing or empty`);
}

/** ApiError 101 for a parameter whose value is malformed. */
export function invalid(name: string, problem: string): ApiError {
  return new ApiError(ApiCode.INVALID_ARGUMENTS, `Invalid parameter '${name}': ${problem}`);
}
