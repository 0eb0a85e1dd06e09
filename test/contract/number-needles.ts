import { normaliseDigits } from '../../contract/digits';

/**
 * The digit streams of `text`, one per run (a stretch of one line without letters): digits of any script read as ASCII (contract/digits.ts),
 * with everything that is not a letter between them dropped, so `+49 30 1234-5678` and `４９３０…`
 * both give `4930…`. A full number hides in one of these whatever its layout.
 */
export function digitStreams(text: string): string[] {
  return normaliseDigits(text)
    .split(/(?:(?!\p{Default_Ignorable_Code_Point})[\p{L}\n\r\u2028\u2029])+/u)
    .map((chunk) => chunk.replace(/[^0-9]/g, ''))
    .filter((digits) => digits.length > 0);
}

/**
 * The numbers among `numbers` (E.164 or any layout) whose last seven digits appear in one digit
 * stream of `text`: what a masked output must never contain (maskPhone shows the country code and
 * the last three digits at most).
 */
export function numbersShownIn(text: string, numbers: readonly string[]): string[] {
  const streams = digitStreams(text);
  return numbers.filter((number) => {
    const needle = normaliseDigits(number)
      .replace(/[^0-9]/g, '')
      .slice(-7);
    return streams.some((stream) => stream.includes(needle));
  });
}
