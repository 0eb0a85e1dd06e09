/**
 * The order record: what the delivery backend writes into the Voximplant application's
 * ApplicationStorage (through the Management API's SetKeyValueItem) and what the masked-call scenario
 * reads (ApplicationStorage.get) when a caller has entered the order PIN.
 *
 * Stored under the key `order:<pin>` as a JSON string, for example
 *
 * ```json
 * {"version":1,"orderId":"A-1042",
 *  "parties":[{"role":"courier","phone":"+4915112345678","label":"Max"},
 *             {"role":"customer","phone":"+4930123456789"}],
 *  "settings":{"record":true,"maxCallS":900}}
 * ```
 *
 * The JSON Schema of the same format is schemas/order-record.schema.json; a test proves that it and
 * parseOrderRecord accept and reject the same records, and that the patterns below are the schema's.
 *
 * Platform facts (docs/platform.md#kv-limits): keys at most 200 characters, values at
 * most 2000 characters, a key's namespace is the part before the first colon (so `order` is the
 * namespace of every order record). The record's own TTL is set by the writer (the backend).
 *
 * Pure TypeScript: no Node or VoxEngine globals.
 */
import { isE164 } from './phone';
import {
  LABEL_MAX_DIGITS,
  labelProblem,
  maxNumberCharsLookahead,
  ORDER_ID_MAX_DIGITS,
  orderIdProblem,
  spokenTogetherProblem,
} from './spoken-text';
import { KV_MAX_VALUE_LENGTH } from './storage-limits';

/** Current format version, written in the `version` field. */
export const ORDER_RECORD_VERSION = 1;
/** Namespace (key prefix before the colon) of order records in ApplicationStorage. */
export const ORDER_KEY_NAMESPACE = 'order';
/** Full key prefix, `order:`. */
export const ORDER_KEY_PREFIX = `${ORDER_KEY_NAMESPACE}:`;
/** Shortest and longest PIN, in digits. The scenario's configured PIN length must lie in this range. */
export const PIN_MIN_LENGTH = 4;
export const PIN_MAX_LENGTH = 10;
/**
 * Longest serialised record this format allows, in characters: every field at its maximum stays below
 * this (a test checks it), leaving over half of the 2000-character value limit free.
 */
export const ORDER_RECORD_MAX_CHARS = 1000;

/** Party roles. The role of the caller decides whom the scenario dials (contract/routing.ts). */
export const PARTY_ROLES = ['courier', 'customer', 'restaurant'] as const;
export type PartyRole = (typeof PARTY_ROLES)[number];
/** Fewest and most parties in one order. */
export const MIN_PARTIES = 2;
export const MAX_PARTIES = 3;
/** Longest display label and order id, in Unicode code points. */
export const LABEL_MAX_LENGTH = 40;
export const ORDER_ID_MAX_LENGTH = 40;
/** Per-order call duration cap bounds, in seconds. */
export const MAX_CALL_S_MIN = 30;
export const MAX_CALL_S_MAX = 14_400;

/**
 * Pattern source (JSON Schema `pattern`, Unicode flag) of an order id: letters, digits, `_` and `-`,
 * starting with a letter or digit, 1–40 characters, and at most ORDER_ID_MAX_DIGITS digits, because the
 * order id is spoken to the callee in the whisper and must never read like a phone number
 * (contract/spoken-text.ts; the code also refuses the tail of a party's own phone).
 */
export const ORDER_ID_PATTERN_SOURCE = `^${maxNumberCharsLookahead(ORDER_ID_MAX_DIGITS)}[A-Za-z0-9][A-Za-z0-9_-]{0,${ORDER_ID_MAX_LENGTH - 1}}$`;
/**
 * Pattern source of a display label: 1–40 code points, no control characters, at most LABEL_MAX_DIGITS
 * number characters of any script (a label may be spoken or shown, so it may not carry a phone number;
 * contract/spoken-text.ts, whose NFKC count the code applies on top).
 */
export const LABEL_PATTERN_SOURCE = `^${maxNumberCharsLookahead(LABEL_MAX_DIGITS)}[^\\u0000-\\u001f\\u007f]{1,${LABEL_MAX_LENGTH}}$`;
/** Pattern source of a PIN: digits only, 4–10 of them. */
export const PIN_PATTERN_SOURCE = `^[0-9]{${PIN_MIN_LENGTH},${PIN_MAX_LENGTH}}$`;

/** One party of an order. `phone` is E.164 with `+`; `label` is an optional display name (no numbers). */
export interface OrderParty {
  role: PartyRole;
  phone: string;
  label?: string;
}

/** Per-order overrides of the scenario configuration. */
export interface OrderSettings {
  /** Record the bridged call; absent = the scenario's configured default. */
  record?: boolean;
  /** Maximum bridged-call duration in seconds (30–14,400); absent = the configured default. */
  maxCallS?: number;
}

/** Version 1 of the order record. */
export interface OrderRecord {
  version: 1;
  orderId: string;
  /** 2–3 parties, each role at most once. Two roles may share a phone (a restaurant that delivers itself). */
  parties: OrderParty[];
  settings?: OrderSettings;
}

/** What went wrong, machine-readable. */
export type OrderRecordErrorCode =
  | 'not_json'
  | 'too_long'
  | 'not_object'
  | 'missing_field'
  | 'unknown_field'
  | 'wrong_type'
  | 'bad_format'
  | 'out_of_range'
  | 'unsupported_version'
  | 'duplicate_role'
  | 'phone_like';

/** A record or PIN that breaks the format. `field` is a path such as `parties[1].phone` (`''` = the whole record). */
export class OrderRecordError extends Error {
  override name = 'OrderRecordError';
  constructor(
    readonly field: string,
    readonly code: OrderRecordErrorCode,
    problem: string,
  ) {
    super(field ? `order record field "${field}": ${problem}` : `order record: ${problem}`);
  }
}

/** Layout only; the digit rule is spoken-text.ts's, applied with the parties known. */
const ORDER_ID_FORMAT_RE = new RegExp(`^[A-Za-z0-9][A-Za-z0-9_-]{0,${ORDER_ID_MAX_LENGTH - 1}}$`, 'u');
const LABEL_FORMAT_RE = new RegExp(`^[^\\u0000-\\u001f\\u007f]{1,${LABEL_MAX_LENGTH}}$`, 'u');
const PIN_RE = new RegExp(PIN_PATTERN_SOURCE, 'u');

/** True for a string of 4–10 digits. */
export function isValidPin(pin: string): boolean {
  return PIN_RE.test(pin);
}

/**
 * The ApplicationStorage key of the order with this PIN: `order:<pin>`.
 * Throws OrderRecordError (field `pin`) unless `pin` is 4–10 digits.
 */
export function orderKey(pin: string): string {
  if (typeof pin !== 'string' || !isValidPin(pin)) {
    throw new OrderRecordError('pin', 'bad_format', `must be ${PIN_MIN_LENGTH}-${PIN_MAX_LENGTH} digits`);
  }
  return `${ORDER_KEY_PREFIX}${pin}`;
}

/**
 * Parses and validates a stored value. `text` is the ApplicationStorage value string.
 * Returns the record (a fresh object holding only known fields).
 * Throws OrderRecordError naming the first bad field: over the 2000-character storage limit, not JSON,
 * unknown version, missing or unknown fields, wrong types, bad phone
 * (not E.164), label or order id that could read like a phone number (`phone_like`, unless
 * `options.speakableTextOnly` is false), out-of-range settings, a role twice.
 */
export function parseOrderRecord(text: string, options: OrderRecordReadOptions = {}): OrderRecord {
  if (typeof text !== 'string') throw new OrderRecordError('', 'wrong_type', 'stored value must be a string');
  if (text.length > KV_MAX_VALUE_LENGTH) {
    throw new OrderRecordError('', 'too_long', `is ${text.length} characters; ApplicationStorage holds at most ${KV_MAX_VALUE_LENGTH}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new OrderRecordError('', 'not_json', `is not JSON (${(err as Error).message})`);
  }
  return validateOrderRecord(raw, options);
}

/**
 * How a reader treats spoken text (label, order id) that breaks the rule of contract/spoken-text.ts.
 * The backend refuses the record (default); the scenario passes `speakableTextOnly: false` to accept
 * the record and check each text again right before speaking it, so a bad label written by another
 * tool costs the caller the label, not the call.
 */
export interface OrderRecordReadOptions {
  /** true (default): a label or order id that could read like a phone number makes the record invalid. */
  speakableTextOnly?: boolean;
}

/**
 * Validates an already-parsed value against format version 1 (same rules as parseOrderRecord).
 * Throws OrderRecordError naming the first bad field.
 */
export function validateOrderRecord(raw: unknown, options: OrderRecordReadOptions = {}): OrderRecord {
  const obj = expectObject(raw, '', ['version', 'orderId', 'parties', 'settings'], ['version', 'orderId', 'parties']);
  if (obj.version !== ORDER_RECORD_VERSION) {
    throw new OrderRecordError(
      'version',
      'unsupported_version',
      `is ${JSON.stringify(obj.version)}; this code reads version ${ORDER_RECORD_VERSION}`,
    );
  }
  const orderId = expectString(obj.orderId, 'orderId');
  if (!ORDER_ID_FORMAT_RE.test(orderId)) {
    throw new OrderRecordError(
      'orderId',
      'bad_format',
      `must be 1-${ORDER_ID_MAX_LENGTH} of A-Z a-z 0-9 _ - (starting with a letter or digit)`,
    );
  }
  const parties = parseParties(obj.parties);
  if (options.speakableTextOnly !== false) refuseUnspeakableText(orderId, parties);
  const record: OrderRecord = { version: 1, orderId, parties };
  if (obj.settings !== undefined) record.settings = parseSettings(obj.settings);
  return record;
}

/**
 * Validates `record` and returns its JSON text, ready for SetKeyValueItem / ApplicationStorage.put.
 * Throws OrderRecordError like validateOrderRecord.
 */
export function formatOrderRecord(record: OrderRecord): string {
  return JSON.stringify(validateOrderRecord(record));
}

function parseParties(value: unknown): OrderParty[] {
  if (!Array.isArray(value)) throw new OrderRecordError('parties', 'wrong_type', 'must be an array');
  if (value.length < MIN_PARTIES || value.length > MAX_PARTIES) {
    throw new OrderRecordError('parties', 'out_of_range', `has ${value.length} entries; ${MIN_PARTIES}-${MAX_PARTIES} are allowed`);
  }
  const seen = new Set<string>();
  return value.map((item, i) => {
    const path = `parties[${i}]`;
    const obj = expectObject(item, path, ['role', 'phone', 'label'], ['role', 'phone']);
    const role = expectString(obj.role, `${path}.role`);
    if (!(PARTY_ROLES as readonly string[]).includes(role)) {
      throw new OrderRecordError(`${path}.role`, 'bad_format', `is "${role}"; must be one of ${PARTY_ROLES.join(', ')}`);
    }
    if (seen.has(role)) throw new OrderRecordError(`${path}.role`, 'duplicate_role', `"${role}" appears more than once`);
    seen.add(role);
    const phone = expectString(obj.phone, `${path}.phone`);
    if (!isE164(phone)) throw new OrderRecordError(`${path}.phone`, 'bad_format', 'must be E.164 with a leading + (7-15 digits)');
    const party: OrderParty = { role: role as PartyRole, phone };
    if (obj.label !== undefined) {
      const label = expectString(obj.label, `${path}.label`);
      if (!LABEL_FORMAT_RE.test(label))
        throw new OrderRecordError(`${path}.label`, 'bad_format', `must be 1-${LABEL_MAX_LENGTH} characters without control characters`);
      party.label = label;
    }
    return party;
  });
}

/** Throws OrderRecordError (`phone_like`) for a label or order id that could read like a phone number. */
function refuseUnspeakableText(orderId: string, parties: OrderParty[]): void {
  const phones = parties.map((p) => p.phone);
  const idProblem = orderIdProblem(orderId, phones);
  if (idProblem) throw new OrderRecordError('orderId', 'phone_like', `${idProblem} (it is spoken to the callee)`);
  parties.forEach((party, i) => {
    if (party.label === undefined) return;
    const problem = labelProblem(party.label, phones);
    if (problem) throw new OrderRecordError(`parties[${i}].label`, 'phone_like', `${problem} (it is spoken to the other party)`);
    // The whisper speaks the caller's label and the order id in one sentence: a number split between them is refused too.
    const together = spokenTogetherProblem([party.label, orderId], phones);
    if (together)
      throw new OrderRecordError(`parties[${i}].label`, 'phone_like', `together with the order id (the whisper speaks both) ${together}`);
  });
}

function parseSettings(value: unknown): OrderSettings {
  const obj = expectObject(value, 'settings', ['record', 'maxCallS'], []);
  const settings: OrderSettings = {};
  if (obj.record !== undefined) {
    if (typeof obj.record !== 'boolean') throw new OrderRecordError('settings.record', 'wrong_type', 'must be true or false');
    settings.record = obj.record;
  }
  if (obj.maxCallS !== undefined) {
    const n = obj.maxCallS;
    if (typeof n !== 'number' || !Number.isInteger(n))
      throw new OrderRecordError('settings.maxCallS', 'wrong_type', 'must be an integer number of seconds');
    if (n < MAX_CALL_S_MIN || n > MAX_CALL_S_MAX) {
      throw new OrderRecordError('settings.maxCallS', 'out_of_range', `is ${n}; must be ${MAX_CALL_S_MIN}-${MAX_CALL_S_MAX} seconds`);
    }
    settings.maxCallS = n;
  }
  return settings;
}

function expectObject(value: unknown, path: string, known: string[], required: string[]): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new OrderRecordError(path, path ? 'wrong_type' : 'not_object', 'must be a JSON object');
  }
  const obj = value as Record<string, unknown>;
  for (const key of required) {
    if (!Object.prototype.hasOwnProperty.call(obj, key)) throw new OrderRecordError(join(path, key), 'missing_field', 'is required');
  }
  for (const key of Object.keys(obj)) {
    if (!known.includes(key))
      throw new OrderRecordError(join(path, key), 'unknown_field', `is not part of format version ${ORDER_RECORD_VERSION}`);
  }
  return obj;
}

function expectString(value: unknown, path: string): string {
  if (typeof value !== 'string') throw new OrderRecordError(path, 'wrong_type', 'must be a string');
  return value;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}
