import { normaliseDigits } from '../../contract/digits';
import { maskPhonesInText } from '../../contract/phone';

/**
 * The one masker of everything the backend library and its commands print or put in an error message:
 * digits of any script are read as ASCII first (contract/digits.ts), so `＋４９ １５１ …` is masked like
 * `+49 151 …`, then every phone-like run is masked (contract/phone.ts maskPhonesInText, `+49********678`).
 */
export function maskNumbersInText(text: string): string {
  // Digit by digit, so the rest of the text (an ellipsis, full-width letters) stays as written.
  return maskPhonesInText(text.replace(/\p{Nd}/gu, (digit) => normaliseDigits(digit)));
}
