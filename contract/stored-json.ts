/**
 * Lenient-but-checked reading of the small JSON values voxmask keeps in ApplicationStorage or in a
 * session's custom data (contract/pool-route.ts, contract/known-caller.ts, contract/click-to-call.ts).
 * Lenient: fields this code does not know are ignored, so a newer writer may add optional fields
 * without breaking an older scenario. Checked: every field the reader uses has its type and range
 * checked, and a failure names the field. Nothing throws: a scenario must be able to refuse a bad value
 * without a try/catch around each read.
 *
 * Pure TypeScript: no Node or VoxEngine globals (bundled into VoxEngine scenarios).
 */
import { ORDER_ID_MAX_LENGTH } from './order-record';

/** A value that failed its check: `field` is the JSON path (`''` = the whole value), `problem` says what is wrong. */
export interface StoredJsonProblem {
  ok: false;
  field: string;
  problem: string;
}

/** The outcome of a lenient-but-checked parse: the value, or the first problem found. */
export type StoredJsonResult<T> = { ok: true; value: T } | StoredJsonProblem;

/** Builds a StoredJsonProblem. */
export function problemAt(field: string, problem: string): StoredJsonProblem {
  return { ok: false, field, problem };
}

/**
 * Parses `text` as one JSON object of at most `maxChars` characters.
 * Returns the object, or a problem (field `''`) when `text` is not a string, too long, not JSON or not an object.
 */
export function parseJsonObject(text: unknown, maxChars: number, what: string): StoredJsonResult<Record<string, unknown>> {
  if (typeof text !== 'string') return problemAt('', `${what} must be a string`);
  if (text.length > maxChars) return problemAt('', `${what} is ${text.length} characters; at most ${maxChars} are allowed`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return problemAt('', `${what} is not JSON (${(err as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return problemAt('', `${what} must be a JSON object`);
  return { ok: true, value: raw as Record<string, unknown> };
}

/** The version field `v` must be exactly `version`. */
export function checkVersion(obj: Record<string, unknown>, version: number): StoredJsonProblem | null {
  if (obj.v === version) return null;
  return problemAt('v', obj.v === undefined ? 'is required' : `is ${JSON.stringify(obj.v)}; this code reads version ${version}`);
}

/** A required string field that `pattern` (a RegExp or any `test` function) accepts; `rule` describes it in the problem. */
export function patternField(
  obj: Record<string, unknown>,
  field: string,
  pattern: { test(value: string): boolean },
  rule: string,
): StoredJsonResult<string> {
  const value = obj[field];
  if (value === undefined) return problemAt(field, 'is required');
  if (typeof value !== 'string') return problemAt(field, 'must be a string');
  if (!pattern.test(value)) return problemAt(field, `must be ${rule}`);
  return { ok: true, value };
}

/**
 * The layout of an order id as contract/order-record.ts defines it (1–40 of A-Z a-z 0-9 _ -, starting
 * with a letter or digit); the rule against phone-like digits is checked where the id is spoken.
 */
export const ORDER_ID_LAYOUT_RE = new RegExp(`^[A-Za-z0-9][A-Za-z0-9_-]{0,${ORDER_ID_MAX_LENGTH - 1}}$`, 'u');

/** The required `orderId` field in the order id layout. */
export function orderIdField(obj: Record<string, unknown>): StoredJsonResult<string> {
  return patternField(obj, 'orderId', ORDER_ID_LAYOUT_RE, `1-${ORDER_ID_MAX_LENGTH} of A-Z a-z 0-9 _ - (starting with a letter or digit)`);
}

/** A required string field that is one of `allowed`. */
export function oneOfField<T extends string>(obj: Record<string, unknown>, field: string, allowed: readonly T[]): StoredJsonResult<T> {
  const value = obj[field];
  if (value === undefined) return problemAt(field, 'is required');
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    return problemAt(field, `is ${JSON.stringify(value)}; must be one of ${allowed.join(', ')}`);
  }
  return { ok: true, value: value as T };
}

/** An integer field within [min, max] (`unit` names the unit in the problem, e.g. `seconds`). Absent: undefined when optional. */
export function integerField(
  obj: Record<string, unknown>,
  field: string,
  path: string,
  min: number,
  max: number,
  unit: string,
): StoredJsonResult<number | undefined> {
  const value = obj[field];
  if (value === undefined) return { ok: true, value: undefined };
  if (typeof value !== 'number' || !Number.isInteger(value)) return problemAt(path, `must be an integer number of ${unit}`);
  if (value < min || value > max) return problemAt(path, `is ${value}; must be ${min}-${max} ${unit}`);
  return { ok: true, value };
}

/**
 * Length in UTF-8 bytes of `text` (VoxEngine has no TextEncoder guarantee, so it is counted by hand):
 * code points below U+0080 take 1 byte, below U+0800 2, other BMP code points 3, surrogate pairs 4.
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** A value a writer tried to store that breaks its format; `field` is the JSON path (`''` = the whole value). */
export class StoredJsonError extends Error {
  override name = 'StoredJsonError';
  constructor(
    readonly what: string,
    readonly field: string,
    readonly problem: string,
  ) {
    super(field ? `${what} field "${field}": ${problem}` : `${what}: ${problem}`);
  }
}

/**
 * The JSON text of `value` once `parse` accepts it (one validator for reader and writer).
 * @throws StoredJsonError naming the first bad field
 */
export function formatChecked<T>(value: T, what: string, parse: (text: string) => StoredJsonResult<T>): string {
  const text = JSON.stringify(value);
  const parsed = parse(text);
  if (!parsed.ok) throw new StoredJsonError(what, parsed.field, parsed.problem);
  return JSON.stringify(parsed.value);
}
