/**
 * Phone-number helpers shared by the VoxEngine scenario and the Node backend. Pure TypeScript: no
 * Node or VoxEngine globals, so the same code runs in both places.
 *
 * Platform fact (../shared/reference/voxengine-runtime.md §4.1, §8 question 1): callPSTN takes E.164;
 * whether inbound `callerid` carries a leading `+` is not settled, so every comparison here works on
 * digits only and accepts `+4915…`, `4915…` and `004915…` as the same number [I].
 */

/** Source of the E.164 rule: `+`, a non-zero country-code digit, 7 to 15 digits in total (ITU-T E.164). */
export const E164_PATTERN_SOURCE = '^\\+[1-9][0-9]{6,14}$';
const E164 = new RegExp(E164_PATTERN_SOURCE, 'u');

/**
 * Source of the "looks like a phone number" rule used for texts that are spoken to a party (display
 * labels, order ids): seven or more digits in a row, where spaces, brackets, dots, dashes, slashes and
 * underscores between them do not break the run.
 */
export const PHONE_LIKE_RUN_SOURCE = '(?:\\d[\\s()._/-]*){6}\\d';
/** Greedy form for masking: the whole run, however long, so no digits of a long number stay visible. */
const PHONE_LIKE_RUN_GLOBAL = /\+?(?:\d[\s()._/-]*){6,}\d/gu;
/** An ISO 8601 calendar date (`2026-01-31`): eight digits, but not a phone number. */
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** True when `value` is an E.164 number with its `+` (e.g. `+4915112345678`). */
export function isE164(value: string): boolean {
  return E164.test(value);
}

/**
 * The international digits of a number as a caller ID or E.164 string: `+4915112345678`,
 * `4915112345678` and `004915112345678` all give `4915112345678`. Returns null for anything else
 * (empty, `anonymous`, `unknown`, SIP URIs, letters), which callers treat as a withheld caller ID.
 * National formats with a trunk `0` cannot be told apart from international ones without a country,
 * so `0151…` is returned as is and simply matches no E.164 party [I].
 */
export function internationalDigits(raw: string | null | undefined): string | null {
  if (typeof raw !== 'string') return null;
  const trimmed = raw.trim();
  const match = /^\+?([0-9]{6,17})$/.exec(trimmed);
  if (!match) return null;
  const digits = match[1].startsWith('00') && !trimmed.startsWith('+') ? match[1].slice(2) : match[1];
  return digits.length >= 6 && digits.length <= 15 ? digits : null;
}

/** True when both strings denote the same phone number by their international digits. */
export function samePhone(a: string | null | undefined, b: string | null | undefined): boolean {
  const da = internationalDigits(a);
  return da !== null && da === internationalDigits(b);
}

/** Country calling codes of two digits (ITU-T E.164 assignments); 1 and 7 are the one-digit codes, all others have three. */
const TWO_DIGIT_COUNTRY_CODES = new Set([
  '20', '27', '30', '31', '32', '33', '34', '36', '39', '40', '41', '43', '44', '45', '46', '47', '48', '49',
  '51', '52', '53', '54', '55', '56', '57', '58', '60', '61', '62', '63', '64', '65', '66', '81', '82', '84',
  '86', '90', '91', '92', '93', '94', '95', '98',
]);

/** Length (1–3) of the country calling code that begins `digits` (international digits, no `+`). */
export function countryCodeLength(digits: string): 1 | 2 | 3 {
  if (digits.startsWith('1') || digits.startsWith('7')) return 1;
  return TWO_DIGIT_COUNTRY_CODES.has(digits.slice(0, 2)) ? 2 : 3;
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

/**
 * Masks every phone-like run (seven or more digits, see PHONE_LIKE_RUN_SOURCE) inside free text, so a
 * log line can never carry a full number even when a caller passes one by mistake. ISO dates
 * (`2026-01-31`) are left as they are.
 */
export function maskPhonesInText(text: string): string {
  return text.replace(PHONE_LIKE_RUN_GLOBAL, (run) => {
    if (ISO_DATE.test(run)) return run;
    const masked = maskPhone(run.replace(/[^0-9+]/g, ''));
    return masked === '<withheld>' ? '*'.repeat(run.length) : masked;
  });
}
