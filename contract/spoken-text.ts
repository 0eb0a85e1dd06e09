/**
 * What text from an order record may be spoken to a party. A display label and the order id are read
 * out by TTS (the whisper "Max is calling about order A-1042", "connecting you to Max"), so they must
 * never carry a phone number, whatever its layout: `0151,1234,5678`, `+49 151–1234…`, full-width
 * `０１５１…`, Arabic-Indic `٠١٥١…` are all numbers. The rule is about digits, never about separators:
 *
 * - the text is read in Unicode NFKC with every decimal digit of any script as its ASCII digit
 *   (contract/digits.ts), so `⑴`, `１` and `١` are all `1`; a digit's name spoken as a whole word in a
 *   prompt language (`one`, `zwei`, `null`, SPOKEN_DIGIT_WORDS) counts as that digit too, because TTS
 *   reads `Max one five one one…` as a number;
 * - a **label** (a name) holds at most LABEL_MAX_DIGITS digits in all;
 * - an **order id** holds at most ORDER_ID_MAX_DIGITS digits in all: enough for a date, a year and a
 *   sequence (`ORD-2026-0512`, `20260512`, `A-1042`), fewer than any phone number with its area code;
 * - neither may contain, in its digit stream, the last PARTY_NUMBER_TAIL_DIGITS digits of one of the
 *   order's own phones (the number that must stay hidden is known exactly, so it is matched exactly);
 * - nor may texts spoken in one utterance together (the whisper's label and order id): their joint
 *   digit stream is checked for the same tails (spokenTogetherProblem), so a number split between
 *   the label and the order id is refused too.
 *
 * Both sides apply it: the backend refuses such a record (contract/order-record.ts), and the scenario
 * checks again right before speaking (a record written by another tool must not leak either) and
 * falls back to the role name or leaves the order id out. Pure TypeScript.
 */
import { digitsOf, normaliseDigits } from './digits';
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

/**
 * Digit names read as digits when they stand as whole words (case-insensitive, after NFKC), in the
 * prompt languages (contract/prompts.ts: en, de).
 */
export const SPOKEN_DIGIT_WORDS: Readonly<Record<string, string>> = {
  zero: '0',
  oh: '0',
  one: '1',
  two: '2',
  three: '3',
  four: '4',
  five: '5',
  six: '6',
  seven: '7',
  eight: '8',
  nine: '9',
  null: '0',
  eins: '1',
  ein: '1',
  zwei: '2',
  zwo: '2',
  drei: '3',
  vier: '4',
  fünf: '5',
  fuenf: '5',
  sechs: '6',
  sieben: '7',
  acht: '8',
  neun: '9',
};

/**
 * The digits a listener hears in `text`, as ASCII, in order: decimal digits of any script after NFKC
 * (contract/digits.ts) and digit names spoken as whole words (SPOKEN_DIGIT_WORDS):
 * `"Max ٠١٥١ two"` → `"01512"`.
 */
export function spokenDigitsOf(text: string): string {
  const words = normaliseDigits(text).replace(/\p{L}+/gu, (word) => SPOKEN_DIGIT_WORDS[word.toLowerCase()] ?? word);
  return digitsOf(words);
}

/**
 * Why texts spoken together in one utterance (e.g. the whisper's label and order id, in speaking
 * order) may not be spoken, or null: their joint digit stream holds the last PARTY_NUMBER_TAIL_DIGITS
 * digits of one of `partyPhones` (E.164 or any caller-ID form).
 */
export function spokenTogetherProblem(texts: readonly string[], partyPhones: readonly string[]): string | null {
  return partyTailProblem(texts.map(spokenDigitsOf).join(''), partyPhones);
}

function digitProblem(text: string, max: number, what: string, partyPhones: readonly string[]): string | null {
  const digits = spokenDigitsOf(text);
  const numberChars = (text.match(/\p{N}/gu) ?? []).length;
  if (Math.max(digits.length, numberChars) > max) {
    return `holds ${Math.max(digits.length, numberChars)} digits; ${what} may hold at most ${max}, so it can never read like a phone number`;
  }
  return partyTailProblem(digits, partyPhones);
}

function partyTailProblem(digits: string, partyPhones: readonly string[]): string | null {
  for (const phone of partyPhones) {
    const party = internationalDigits(phone);
    if (party !== null && party.length >= PARTY_NUMBER_TAIL_DIGITS && digits.includes(party.slice(-PARTY_NUMBER_TAIL_DIGITS))) {
      return `contains the last ${PARTY_NUMBER_TAIL_DIGITS} digits of a party's phone number`;
    }
  }
  return null;
}

/**
 * `text` with every number it could speak taken out: number characters of any script and digit names
 * (SPOKEN_DIGIT_WORDS) removed, the rest kept, so an utterance that failed spokenTogetherProblem can
 * still be spoken (the call flow waits for its end) without its digits.
 */
export function withoutSpokenDigits(text: string): string {
  return normaliseDigits(text)
    .replace(/\p{N}/gu, '')
    .replace(/\p{L}+/gu, (word) => (SPOKEN_DIGIT_WORDS[word.toLowerCase()] === undefined ? word : ''))
    .replace(/\s{2,}/g, ' ');
}
