/**
 * The runs of a text (rule 1 of contract/mask-text.ts): stretches of one line that begin and end with a
 * digit of any script and hold no letter, each as its groups of consecutive digits. The masker reads
 * them; privacy checks search their digits (digitRunsOf). Pure TypeScript, bundled with the scenario.
 */
import { normaliseDigits } from './digits';

/** One stretch of consecutive digits: string offsets [start, end), its ASCII digits, and whether it was written in ASCII. */
export interface DigitGroup {
  start: number;
  end: number;
  digits: string;
  ascii: boolean;
}

/**
 * Letters of any script end a run; a character whose compatibility form has a letter counts as one.
 * Invisible "letters" (Hangul fillers and other default-ignorable code points) do not: they would let
 * a number hide in two short runs.
 */
const LETTER = /(?!\p{Default_Ignorable_Code_Point})\p{L}/u;
const LINE_BREAK = /[\n\r\v\f\u0085\u2028\u2029]/u;

type CharClass = { kind: 'digit'; digits: string; ascii: boolean } | { kind: 'letter' } | { kind: 'other' };

function classify(char: string): CharClass {
  const code = char.charCodeAt(0);
  if (code < 0x80) {
    if (code >= 0x30 && code <= 0x39) return { kind: 'digit', digits: char, ascii: true };
    if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) return { kind: 'letter' };
    return { kind: 'other' };
  }
  const normal = normaliseDigits(char);
  if (LETTER.test(normal)) return { kind: 'letter' };
  const digits = normal.replace(/[^0-9]/g, '');
  return digits ? { kind: 'digit', digits, ascii: false } : { kind: 'other' };
}

/** The runs of `text` (rule 1): each a list of digit groups with no letter or line break between them. */
export function runsOf(text: string): DigitGroup[][] {
  const runs: DigitGroup[][] = [];
  let run: DigitGroup[] = [];
  let group: DigitGroup | undefined;
  for (let i = 0; i < text.length;) {
    const char = String.fromCodePoint(text.codePointAt(i) as number);
    const next = i + char.length;
    const cls = classify(char);
    if (cls.kind === 'digit') {
      if (group && group.end === i) {
        group.end = next;
        group.digits += cls.digits;
        group.ascii = group.ascii && cls.ascii;
      } else {
        group = { start: i, end: next, digits: cls.digits, ascii: cls.ascii };
        run.push(group);
      }
    } else if (cls.kind === 'letter' || LINE_BREAK.test(char)) {
      if (run.length) runs.push(run);
      run = [];
      group = undefined;
    }
    i = next;
  }
  if (run.length) runs.push(run);
  return runs;
}

/**
 * The ASCII digits of every run of `text` (rule 1), in order: `"call ٠١٥١ 234-5678, PIN 12345"` gives
 * `["01512345678", "12345"]`. A number hides in one of these whatever its script and layout, so
 * privacy checks search them, not the raw text.
 */
export function digitRunsOf(text: string): string[] {
  return runsOf(text).map((run) => run.map((g) => g.digits).join(''));
}
