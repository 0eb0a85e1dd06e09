import { maskPhonesInText } from '../../contract/mask-text';

/**
 * The masker of everything the backend library and its commands print or put in an error message:
 * contract/mask-text.ts maskPhonesInText (digits of any script, any separators; `+49********678`).
 */
export function maskNumbersInText(text: string): string {
  return maskPhonesInText(text);
}
