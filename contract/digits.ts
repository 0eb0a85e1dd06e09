/**
 * Digits of any script, read as ASCII digits. A phone number can be written with full-width digits
 * (`０１５１`), Arabic-Indic (`٠١٥١`), Devanagari or any other Unicode decimal digits (`\p{Nd}`), and
 * separated by anything (`0151,1234`, `+49 151–…`); every privacy rule of voxmask therefore works on the
 * digits this module extracts, never on a layout. Pure TypeScript: runs in the bundle and in Node.
 */

const DECIMAL_DIGIT = /\p{Nd}/u;
const DECIMAL_DIGITS = /\p{Nd}/gu;

/**
 * The value 0–9 of one Unicode decimal digit (`\p{Nd}`), given as a single code point string.
 * Unicode assigns decimal digits in contiguous runs of ten, zero first, so the value is the distance
 * from the start of the run modulo 10 (https://www.unicode.org/reports/tr44/#Numeric_Type, "Decimal").
 */
function digitValue(char: string): number {
  const cp = char.codePointAt(0) as number;
  let start = cp;
  while (start > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
  return (cp - start) % 10;
}

/**
 * `text` in Unicode NFKC with every decimal digit of any script replaced by its ASCII digit:
 * `"Max ０１５１,٢٣٤"` → `"Max 0151,234"`. Everything else is kept as NFKC gives it.
 */
export function normaliseDigits(text: string): string {
  return text.normalize('NFKC').replace(DECIMAL_DIGITS, (d) => (d >= '0' && d <= '9' ? d : String(digitValue(d))));
}

/** Only the digits of `text`, as ASCII, in order, whatever separates them: `"+49 (151) ١٢-3"` → `"49151123"`. */
export function digitsOf(text: string): string {
  return normaliseDigits(text).replace(/[^0-9]/g, '');
}
