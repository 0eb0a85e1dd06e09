/**
 * Phone-number helpers shared by the VoxEngine scenario and the Node backend. Pure TypeScript: no
 * Node or VoxEngine globals, so the same code runs in both places.
 *
 * Platform fact (docs/platform.md#number-format): callPSTN takes E.164;
 * whether inbound `callerid` carries a leading `+` is not settled, so every comparison here works on
 * canonical digits (internationalDigits): `+4915…`, `4915…`, `004915…`, `+004915…` and, on a German
 * virtual number, the national `015…` are the same number (inferred).
 */
import { normaliseDigits } from './digits';

/** Source of the E.164 rule: `+`, a non-zero country-code digit, 7 to 15 digits in total (ITU-T E.164). */
export const E164_PATTERN_SOURCE = '^\\+[1-9][0-9]{6,14}$';
const E164 = new RegExp(E164_PATTERN_SOURCE, 'u');

/** True when `value` is an E.164 number with its `+` (e.g. `+4915112345678`). */
export function isE164(value: string): boolean {
  return E164.test(value);
}

/** Characters a written number may carry between its digits: spaces, brackets, dots, slashes and dashes of any kind. */
const NUMBER_SEPARATORS = /[\s()./\u2010-\u2015\u2212-]/gu;
/** A caller ID once separators are gone: an optional `+`, then digits only. */
const PLAIN_NUMBER = /^(\+?)([0-9]+)$/;
/**
 * Country calling codes whose numbers keep a leading 0 inside E.164 (Italy, San Marino, Vatican, Côte
 * d'Ivoire, Gabon, Republic of the Congo); everywhere else a 0 is only ever a trunk prefix.
 */
const ZERO_IS_PART_OF_NUMBER = new Set(['39', '378', '379', '225', '241', '242']);

/**
 * The canonical international digits of a phone number (no `+`), so that one number has one form
 * whatever way a caller ID or a record writes it:
 * - digits of any script count (`＋４９…`, contract/digits.ts), and spaces, brackets, dots, slashes and
 *   dashes between them are dropped;
 * - `+49…`, `49…`, `0049…`, `00049…`, `+0049…` all give `49…` (a leading `00`, with any further zeros,
 *   is the international prefix: a country code never begins with 0);
 * - a trunk `0` written after the country code (`+49 (0)176…`, `+490176…`) is dropped, except in the
 *   countries whose numbers begin with 0 (Italy and a few others);
 * - a single trunk `0` (`0176…`, also `+0176…`) is the national form: it is resolved with
 *   `defaultCountryCode` (`'49'` gives `49176…`; Italy keeps the 0); the Russian trunk `8` is
 *   resolved when the default is `'7'` (`8916…` of eleven digits gives `7916…`);
 * - other digit strings are read as international digits already (`4915…`).
 * Returns null for anything else: empty, `anonymous`, SIP URIs, letters, fewer than 6 or more than 15
 * digits, or a national form without a `defaultCountryCode` (null or undefined). Callers treat null as
 * a withheld caller ID, so a format this function cannot read never gets a PIN entry.
 *
 * @param raw caller ID or number as written (E.164 or not).
 * @param defaultCountryCode country calling code digits for national forms, e.g. `'49'` (see countryCodeOf).
 */
export function internationalDigits(raw: string | null | undefined, defaultCountryCode?: string | null): string | null {
  if (typeof raw !== 'string') return null;
  const match = PLAIN_NUMBER.exec(normaliseDigits(raw).replace(NUMBER_SEPARATORS, ''));
  if (!match) return null;
  const international = withCountryCode(match[2], match[1] === '+', defaultCountryCode ?? null);
  const digits = international === null ? null : withoutTrunkZero(international);
  return digits !== null && digits.length >= 6 && digits.length <= 15 ? digits : null;
}

/** `digits` with its country code in front: international prefixes stripped, a national form resolved. */
function withCountryCode(digits: string, plus: boolean, defaultCountryCode: string | null): string | null {
  if (digits.startsWith('00')) return digits.replace(/^0+/, '');
  if (digits.startsWith('0')) {
    if (defaultCountryCode === null) return null;
    return ZERO_IS_PART_OF_NUMBER.has(defaultCountryCode) ? `${defaultCountryCode}${digits}` : `${defaultCountryCode}${digits.slice(1)}`;
  }
  if (!plus && defaultCountryCode === '7' && /^8[0-9]{10}$/.test(digits)) return `7${digits.slice(1)}`;
  return digits;
}

/** International digits without a trunk 0 after the country code (`490176…` → `49176…`), where 0 is only a trunk prefix. */
function withoutTrunkZero(digits: string): string {
  const cc = digits.slice(0, countryCodeLength(digits));
  return ZERO_IS_PART_OF_NUMBER.has(cc) ? digits : `${cc}${digits.slice(cc.length).replace(/^0+/, '')}`;
}

/**
 * True when both strings denote the same phone number by their canonical international digits
 * (internationalDigits, national forms resolved with `defaultCountryCode`). Two withheld or unreadable
 * values are never the same number.
 */
export function samePhone(a: string | null | undefined, b: string | null | undefined, defaultCountryCode?: string | null): boolean {
  const da = internationalDigits(a, defaultCountryCode);
  return da !== null && da === internationalDigits(b, defaultCountryCode);
}

/** Country calling codes of two digits (ITU-T E.164 assignments); 1 and 7 are the one-digit codes, all others have three. */
const TWO_DIGIT_COUNTRY_CODES = new Set([
  '20',
  '27',
  '30',
  '31',
  '32',
  '33',
  '34',
  '36',
  '39',
  '40',
  '41',
  '43',
  '44',
  '45',
  '46',
  '47',
  '48',
  '49',
  '51',
  '52',
  '53',
  '54',
  '55',
  '56',
  '57',
  '58',
  '60',
  '61',
  '62',
  '63',
  '64',
  '65',
  '66',
  '81',
  '82',
  '84',
  '86',
  '90',
  '91',
  '92',
  '93',
  '94',
  '95',
  '98',
]);

/** Length (1–3) of the country calling code that begins `digits` (international digits, no `+`). */
export function countryCodeLength(digits: string): 1 | 2 | 3 {
  if (digits.startsWith('1') || digits.startsWith('7')) return 1;
  return TWO_DIGIT_COUNTRY_CODES.has(digits.slice(0, 2)) ? 2 : 3;
}

/**
 * The country calling code (digits, no `+`) of an international number, e.g. `'49'` for
 * `+4930500000001`; null when `raw` is not a readable international number. The scenario resolves a
 * caller ID in national form with the code of the dialed virtual number: national forms are relative
 * to the network the call arrives on.
 */
export function countryCodeOf(raw: string | null | undefined): string | null {
  const digits = internationalDigits(raw);
  return digits === null ? null : digits.slice(0, countryCodeLength(digits));
}

/** Number of trailing digits left visible by maskPhone. */
export const MASK_VISIBLE_TAIL = 3;

/**
 * The form of a phone number that may appear in logs and results: `+` and the country code, then one
 * `*` per hidden digit, then the last three digits (`+4915112345678` → `+49********678`). A value that
 * is not a phone number (withheld caller ID) becomes `<withheld>`; one too short to keep a tail is
 * fully starred.
 */
export function maskPhone(raw: string | null | undefined): string {
  const digits = internationalDigits(raw);
  if (digits === null) return '<withheld>';
  const cc = countryCodeLength(digits);
  const hidden = digits.length - cc - MASK_VISIBLE_TAIL;
  if (hidden < 3) return `+${'*'.repeat(digits.length)}`;
  return `+${digits.slice(0, cc)}${'*'.repeat(hidden)}${digits.slice(-MASK_VISIBLE_TAIL)}`;
}
