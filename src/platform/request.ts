import { PlatformRequestError } from './errors';

/** A request field value as callers may give it; `prepareRequest` turns it into what the client can send. */
export type RequestValue = string | number | boolean | Date | readonly (string | number)[] | null | undefined;

/** What is left after `prepareRequest`: the only value types the official client sends without tripping. */
export type PreparedValue = string | number | Date;

/**
 * Makes a request object safe for @voximplant/apiclient-nodejs 4.11 (docs/platform.md#client-pitfalls, docs/platform.md#client-wrapper):
 * - drops `undefined`/`null` keys (the client throws synchronously on them);
 * - joins arrays with `;` (`stringlist` fields throw "Arrays are not supported." on an array, and
 *   `intlist` fields join the same way), refusing items that contain `;` themselves;
 * - turns booleans into `'true'`/`'false'` (an unmapped key with a boolean makes the promise reject;
 *   mapped boolean fields send `String(value)`, so a string is equivalent there);
 * - passes strings, numbers and Dates through (the client's mappers handle them).
 * Empty strings are kept: the platform treats `''` as absent (docs/platform.md#client-pitfalls).
 *
 * @param method the Management API method, for error messages
 * @throws PlatformRequestError naming the field when a list item contains `;` or a value has an unsupported type
 */
export function prepareRequest(method: string, request: Record<string, RequestValue>): Record<string, PreparedValue> {
  const out: Record<string, PreparedValue> = {};
  for (const [field, value] of Object.entries(request)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) {
      out[field] = joinList(method, field, value);
    } else if (typeof value === 'boolean') {
      out[field] = value ? 'true' : 'false';
    } else if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) {
      if (typeof value === 'number' && !Number.isFinite(value)) {
        throw new PlatformRequestError(method, field, `is ${value}; a finite number is required`);
      }
      out[field] = value as PreparedValue;
    } else {
      throw new PlatformRequestError(method, field, `has unsupported type ${typeof value}`);
    }
  }
  return out;
}

function joinList(method: string, field: string, items: readonly unknown[]): string {
  return items
    .map((item, index) => {
      if (typeof item !== 'string' && typeof item !== 'number') {
        throw new PlatformRequestError(method, `${field}[${index}]`, `has unsupported type ${typeof item}`);
      }
      const text = String(item);
      if (text.includes(';')) throw new PlatformRequestError(method, `${field}[${index}]`, 'contains ";", the list separator');
      return text;
    })
    .join(';');
}
