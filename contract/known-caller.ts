/**
 * The known-caller index (issue 12 §2): from a caller's number to their active orders, so that with
 * `pin.skipForKnownCaller` a known caller on the shared PIN number is connected without a PIN (one
 * active order) or offered a menu of order ids (several).
 *
 * One key per (caller, order), so two seeders writing different orders of one caller never overwrite
 * each other (ApplicationStorage has no compare-and-set, docs/platform.md#kv-consistency):
 * `knowncaller:<caller digits>:<orderId>`, the caller's canonical international digits without `+`
 * (contract/phone.ts internationalDigits), e.g. `knowncaller:4915112345678:A-1042`; at most
 * 12 + 15 + 1 + 40 = 68 characters of `[A-Za-z0-9_\-:]` (docs/platform.md#kv-limits). The TTL is the
 * order's. The scenario lists `ApplicationStorage.keys(knownCallerPrefix(callerId))` (a prefix match,
 * docs/platform.md#kv-keys; the trailing colon keeps `4915` from matching `49151…`), reads each value and
 * then the order record `order:<pin>` (contract/order-record.ts), and still matches the caller against
 * that record (contract/routing.ts): the index only says where to look, the order record decides.
 *
 * Value: `{"v":1,"orderId":"A-1042","role":"courier","pin":"48213"}`. `pin` is the order's PIN, so the
 * record can be read without another index; it is optional for a reader (an entry without it is
 * skipped) and always written by voxmask's seeder.
 *
 * Pure TypeScript: no Node or VoxEngine globals (bundled into the masked-call scenario).
 */
import { isValidPin, PARTY_ROLES, PartyRole } from './order-record';
import { internationalDigits } from './phone';
import {
  ORDER_ID_LAYOUT_RE,
  checkVersion,
  orderIdField,
  formatChecked,
  oneOfField,
  parseJsonObject,
  problemAt,
  StoredJsonResult,
} from './stored-json';

/** Namespace of known-caller keys. */
export const KNOWN_CALLER_NAMESPACE = 'knowncaller';
/** Key prefix of every known-caller entry: `knowncaller:`. */
export const KNOWN_CALLER_PREFIX = `${KNOWN_CALLER_NAMESPACE}:`;
/** Format version, written in `v`. */
export const KNOWN_CALLER_VERSION = 1;
/** Longest value this format produces, in characters (a test checks every field at its maximum fits). */
export const KNOWN_CALLER_MAX_CHARS = 200;

/** One entry of the index: the caller has role `role` on the active order `orderId`. */
export interface KnownCaller {
  v: 1;
  orderId: string;
  role: PartyRole;
  /** The order's PIN (4–10 digits): its record is `order:<pin>`. Absent in entries of other writers. */
  pin?: string;
}

/**
 * `knowncaller:<caller digits>:`, the prefix of every entry of one caller; null when the number cannot be
 * read (a withheld caller ID has no entries).
 * @param callerE164 caller ID or party phone, any form internationalDigits reads
 * @param defaultCountry country calling code digits resolving a national form (the scenario passes the
 *   dialed number's code); absent = national forms are not resolved
 */
export function knownCallerPrefix(callerE164: string, defaultCountry?: string | null): string | null {
  const digits = internationalDigits(callerE164, defaultCountry);
  return digits === null ? null : `${KNOWN_CALLER_PREFIX}${digits}:`;
}

/**
 * `knowncaller:<caller digits>:<orderId>`; null when the number cannot be read or `orderId` breaks the
 * order id layout (1–40 of A-Z a-z 0-9 _ -), so a key never carries other characters.
 */
export function knownCallerKey(callerE164: string, orderId: string, defaultCountry?: string | null): string | null {
  const prefix = knownCallerPrefix(callerE164, defaultCountry);
  return prefix === null || !ORDER_ID_LAYOUT_RE.test(orderId) ? null : `${prefix}${orderId}`;
}

/** The order id at the end of a known-caller key, or null when `key` is not one. */
export function orderIdOfKnownCallerKey(key: string): string | null {
  const match = /^knowncaller:[0-9]{6,15}:(.+)$/.exec(key);
  return match && ORDER_ID_LAYOUT_RE.test(match[1]) ? match[1] : null;
}

/**
 * Reads a stored entry, lenient-but-checked (contract/stored-json.ts): unknown fields ignored; `v` 1,
 * `orderId` in the order id layout, `role` one of contract/order-record.ts's roles, `pin` (when present)
 * 4–10 digits. Returns `{ ok: true, value }` or `{ ok: false, field, problem }`.
 */
export function parseKnownCaller(text: string): StoredJsonResult<KnownCaller> {
  const parsed = parseJsonObject(text, KNOWN_CALLER_MAX_CHARS, 'known-caller entry');
  if (!parsed.ok) return parsed;
  const obj = parsed.value;
  const version = checkVersion(obj, KNOWN_CALLER_VERSION);
  if (version) return version;
  const orderId = orderIdField(obj);
  if (!orderId.ok) return orderId;
  const role = oneOfField(obj, 'role', PARTY_ROLES);
  if (!role.ok) return role;
  const entry: KnownCaller = { v: 1, orderId: orderId.value, role: role.value };
  if (obj.pin !== undefined) {
    if (typeof obj.pin !== 'string' || !isValidPin(obj.pin)) return problemAt('pin', 'must be 4-10 digits');
    entry.pin = obj.pin;
  }
  return { ok: true, value: entry };
}

/**
 * The JSON text of `entry`, checked by parseKnownCaller.
 * @throws StoredJsonError (contract/stored-json.ts) naming the first bad field
 */
export function formatKnownCaller(entry: KnownCaller): string {
  return formatChecked(entry, 'known-caller entry', parseKnownCaller);
}
