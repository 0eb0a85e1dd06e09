/**
 * What text from an order record may be spoken to a party. A display label and the order id are read
 * out by TTS (the whisper "Max is calling about order A-1042", "connecting you to Max"), so they must
 * never carry a phone number, whatever its layout: `0151,1234,5678`, `+49 151–1234…`, full-width
 * `０１５１…`, Arabic-Indic `٠١٥١…` are all numbers. The rule is about digits, never about separators:
 *
 * - the text is read in Unicode NFKC with every decimal digit of any script as its ASCII digit
 *   (contract/digits.ts), so `⑴`, `１` and `١` are all `1`;
 * - a **label** (a name) holds at most LABEL_MAX_DIGITS digits in all;
 * - an **order id** holds at most ORDER_ID_MAX_DIGITS digits in all: enough for a date, a year and a
 *   sequence (`ORD-2026-0512`, `20260512`, `A-1042`), fewer than any phone number with its area code;
 * - neither may contain, in its digit stream, the last PARTY_NUMBER_TAIL_DIGITS digits of one of the
 *   order's own phones (the number that must stay hidden is known exactly, so it is matched exactly).
 *
 * Both sides apply it: the backend refuses such a record (contract/order-record.ts), and the scenario
 * checks again right before speaking (a record written by another tool must not leak either) and
 * falls back to the role name or leaves the order id out. Pure TypeScript.
 */
import { digitsOf } from './digits';
import { internationalDigits } from './phone';

/** Most digits a display label may hold (any script, any separators). */
export const LABEL_MAX_DIGITS = 6;
/** Most digits an order id may hold (any separators). */
export const ORDER_ID_MAX_DIGITS = 8;
/** Length of a party phone's tail that no spoken text may contain. */
export const PARTY_NUMBER_TAIL_DIGITS = 7;

/**
 * JSON Schema `pattern` fragment (a lookahead, Unicode flag) for "at most `max` number characters":
 * the schema cannot apply NFKC, so it counts every `\p{N}` character of the raw text; the code above
 * is stricter still (an NFKC form such as `⒇` → `(20)` counts its two digits).
 */
export function maxNumberCharsLookahead(max: number): string {
  return `(?!(?:[^\\p{N}]*\\p{N}){${max + 1}})`;
}

/**
 * Why `text` may not be spoken as a display label, or null when it may. `partyPhones` are the order's
 * phones (E.164 or any caller-ID form). Counts digits after NFKC (contract/digits.ts).
 */
export function labelProblem(text: string, partyPhones: readonly string[]): string | null {
  return digitProblem(text, LABEL_MAX_DIGITS, 'a label', partyPhones);
}

/** Why `text` may not be spoken as an order id, or null when it may (rule in this module's header). */
export function orderIdProblem(text: string, partyPhones: readonly string[]): string | null {
  return digitProblem(text, ORDER_ID_MAX_DIGITS, 'an order id', partyPhones);
}

function digitProblem(text: string, max: number, what: string, partyPhones: readonly string[]): string | null {
  const digits = digitsOf(text);
  const numberChars = (text.match(/\p{N}/gu) ?? []).length;
  if (Math.max(digits.length, numberChars) > max) {
    return `holds ${Math.max(digits.length, numberChars)} digits; ${what} may hold at most ${max}, so it can never read like a phone number`;
  }
  for (const phone of partyPhones) {
    const party = internationalDigits(phone);
    if (party !== null && party.length >= PARTY_NUMBER_TAIL_DIGITS && digits.includes(party.slice(-PARTY_NUMBER_TAIL_DIGITS))) {
      return `contains the last ${PARTY_NUMBER_TAIL_DIGITS} digits of a party's phone number`;
    }
  }
  return null;
}
