/**
 * Masking of phone numbers inside free text and JSON, for everything voxmask prints, logs or writes
 * (CLI output, reports, error messages, scenario and sandbox logs). Pure TypeScript: no Node or
 * VoxEngine globals, so the scenario bundle uses it too.
 *
 * The rule, in digits rather than formats:
 * 1. A **run** is a stretch of one line that begins and ends with a digit and contains no letter.
 *    Digits are those of any script (`０１５１`, `٠١٥١`, `०१५१`, and characters whose compatibility form
 *    is a digit, see contract/digits.ts); everything on the line that is not a letter joins them:
 *    spaces of any kind (NBSP, thin space), commas, dots, colons, `+`, dashes (`-`, `–`, `—`, `−`),
 *    brackets, slashes, underscores, stars, zero-width and combining marks, invisible fillers (which
 *    Unicode counts as letters, e.g. U+3164). A `+` written just before
 *    the first digit belongs to the run. So `0151,1234`, `+49 (0) 151 / 123-45.67` and `030:1234:5678`
 *    are each one run. Line breaks end a run: multi-line output (a timeline whose lines end in a PIN
 *    and begin with a time) is not one long number.
 * 2. A run with **seven or more digits** is masked like maskPhone does (contract/phone.ts): `+`, the
 *    country code, one `*` per hidden digit, the last three digits (`+49********678`). A run that is not
 *    a readable international number (a national `0151 …`, more than 15 digits) keeps only its last
 *    three digits (`*********567`). Runs of six digits or fewer (PINs, counts) stay.
 * 3. voxmask's own **dates, times and addresses stay readable** when they are all a run holds: in
 *    ASCII digits, `YYYY-MM-DD` or `YYYY/MM/DD` (a real month and day, years 1900–2199; recording URLs
 *    carry the latter), a time `H:MM`, `H:MM:SS`, `MM:SS.f…` or `H:MM:SS.f…` (minutes and seconds
 *    00–59, one to nine fraction digits, an optional `+HH:MM` zone), a date, a space and a time, and an
 *    IPv4 address with a port (`127.0.0.1:8443`) or after `//` (a URL host). Thus
 *    `2026-11-21T06:31:05.794Z` (the `T` parts two runs), `2026-11-21 06:31:05`, `12:34:56.789` and a
 *    timeline's `00:01:05.794` survive, while `030:1234:5678` (groups of 3 and 4 are no time),
 *    `+49 15:12:34 5678` and `12:34:56.789 0151 2345` (a time sharing its run with other digits) are
 *    masked as a whole.
 * 4. Numbers listed in `keep` (public virtual numbers) stay visible where a run, or a whole group
 *    sequence inside a run, has the same digits (as written or as canonical international digits, so
 *    `+49 30 2555 0100` and `0049302555 0100` match `+493025550100`). Digits joined to a kept number
 *    in the same run are then masked whatever their count, so a kept prefix cannot reveal a longer
 *    number (`+49 30 2555 0100 1` does not show the `1`).
 * 5. Text masked already stays as it is (`+49********678, +49********789`: a `*` run of three or more
 *    between a group of one to three digits and one of three digits is a masked number), so masking
 *    twice changes nothing.
 */
import { type DigitGroup, runsOf } from './digit-runs';
import { normaliseDigits } from './digits';
import { internationalDigits, maskPhone, MASK_VISIBLE_TAIL } from './phone';
import { readableShapes } from './readable-shapes';

export { digitRunsOf } from './digit-runs';

/** Fewest digits in a run that is masked: the shortest subscriber number with an area code. */
export const MIN_MASKED_DIGITS = 7;

/** Options of maskPhonesInText and maskPhonesInJson. */
export interface MaskTextOptions {
  /**
   * Numbers that may stay visible (the public virtual numbers, e.g. `+493025550100`), compared by
   * digits (as written, and as canonical international digits). Null, undefined and values without
   * digits are ignored.
   */
  keep?: readonly (string | null | undefined)[];
}

/** `+` and its compatibility forms (`＋`, `⁺`, `﹢`) once NFKC-normalised. */
const PLUS = '+';

/** Most digits a kept number can have: 15 in E.164, plus an international prefix (`00`) and a trunk `0`. */
const MAX_KEPT_DIGITS = 18;

/** The digit forms of the numbers to keep: as written and canonical international. */
function keepSet(keep: MaskTextOptions['keep']): Set<string> {
  const set = new Set<string>();
  for (const number of keep ?? []) {
    if (typeof number !== 'string') continue;
    const written = normaliseDigits(number).replace(/[^0-9]/g, '');
    if (written) set.add(written);
    const canonical = internationalDigits(number);
    if (canonical) set.add(canonical);
  }
  return set;
}

/** True when the groups' digits are a kept number, as written or in canonical international form. */
function isKept(groups: DigitGroup[], plus: boolean, keep: Set<string>): boolean {
  const digits = groups.map((g) => g.digits).join('');
  if (keep.has(digits)) return true;
  const canonical = internationalDigits(`${plus ? '+' : ''}${digits}`);
  return canonical !== null && keep.has(canonical);
}

/**
 * The masked form of a run's digits (rule 2): maskPhone's form for a readable international number,
 * else stars and the last three digits; a piece of fewer than seven digits (joined to a kept number)
 * is all stars.
 */
function maskedDigits(digits: string, plus: boolean): string {
  if (digits.length < MIN_MASKED_DIGITS) return '*'.repeat(digits.length);
  const written = `${plus ? '+' : ''}${digits}`;
  if (internationalDigits(written) !== null) return maskPhone(written);
  return '*'.repeat(digits.length - MASK_VISIBLE_TAIL) + digits.slice(-MASK_VISIBLE_TAIL);
}

/** True when `char` is a `+` in any form (`+`, `＋`, `⁺`, `﹢`). */
function isPlus(char: string | undefined): boolean {
  return char !== undefined && char !== '' && (char === PLUS || (char.charCodeAt(0) >= 0x80 && normaliseDigits(char).trim() === PLUS));
}

/**
 * Where the masked text of a run piece whose first digit is at `offset` begins, not before `floor`:
 * a `+` (any form) written just before it (spaces allowed between) is included and makes the number
 * international; so is an opening bracket whose `)` comes before `end` (`(030) 1234…`).
 */
function pieceStart(text: string, offset: number, floor: number, end: number): { start: number; plus: boolean } {
  let i = offset;
  if (i > floor && text[i - 1] === '(' && text.slice(i, end).includes(')')) i -= 1;
  let j = i;
  while (j > floor && /\s/u.test(text[j - 1])) j -= 1;
  return j > floor && isPlus(text[j - 1]) ? { start: j - 1, plus: true } : { start: i, plus: false };
}

/**
 * `text` with every phone-like run masked (the rule is in this module's description): digits of any
 * script, joined by anything that is not a letter, seven or more of them → `+49********678`; voxmask's
 * ISO dates, times and `host:port` addresses stay readable; `options.keep` numbers (public virtual
 * numbers) stay visible. Never throws; text without such a run comes back unchanged.
 *
 * @param text any text: a log line, a CLI line, an error message, a multi-line report.
 * @param options `keep`: numbers to leave visible, compared by digits.
 */
export function maskPhonesInText(text: string, options?: MaskTextOptions): string {
  if (typeof text !== 'string' || text === '') return text;
  const keep = keepSet(options?.keep);
  const edits: { start: number; end: number; replacement: string }[] = [];
  for (const run of runsOf(text)) {
    const total = run.reduce((n, g) => n + g.digits.length, 0);
    if (total < MIN_MASKED_DIGITS) continue;
    const readable = readableShapes(text, run);
    const isShape = new Array<boolean>(run.length).fill(false);
    for (const { from, to } of readable) for (let i = from; i <= to; i++) isShape[i] = true;
    // Components: maximal sequences of groups that are no readable shape.
    for (let from = 0; from < run.length;) {
      if (isShape[from]) {
        from += 1;
        continue;
      }
      let to = from;
      while (to + 1 < run.length && !isShape[to + 1]) to += 1;
      edits.push(...maskComponent(text, run, from, to, keep));
      from = to + 1;
    }
  }
  let out = '';
  let at = 0;
  for (const edit of edits) {
    out += text.slice(at, edit.start) + edit.replacement;
    at = edit.end;
  }
  return out + text.slice(at);
}

/** The edits that mask groups [from, to] of a run, leaving kept numbers visible (rules 2 and 4). */
function maskComponent(
  text: string,
  run: DigitGroup[],
  from: number,
  to: number,
  keep: Set<string>,
): { start: number; end: number; replacement: string }[] {
  const floor = from === 0 ? 0 : run[from - 1].end;
  const hasPlus = (i: number) => pieceStart(text, run[i].start, i === from ? floor : run[i - 1].end, run[i].end).plus;
  const isKeptRange = (a: number, b: number) => keep.size > 0 && isKept(run.slice(a, b + 1), hasPlus(a), keep);
  if (isKeptRange(from, to)) return [];
  // Carve kept numbers out of the component: the longest kept group sequence at each position. A kept
  // number has at most MAX_KEPT_DIGITS digits, which bounds the work on a long run to linear.
  const kept = new Array<boolean>(to - from + 1).fill(false);
  let carved = false;
  if (keep.size > 0) {
    for (let a = from; a <= to; a++) {
      let longest = -1;
      for (let b = a, digits = 0; b <= to && (digits += run[b].digits.length) <= MAX_KEPT_DIGITS; b++) {
        if (digits >= MIN_MASKED_DIGITS && isKeptRange(a, b)) longest = b;
      }
      if (longest < 0) continue;
      for (let i = a; i <= longest; i++) kept[i - from] = true;
      carved = true;
      a = longest;
    }
  }
  const leftover = run.slice(from, to + 1).filter((_, i) => !kept[i]);
  const leftoverDigits = leftover.reduce((n, g) => n + g.digits.length, 0);
  if (!carved && leftoverDigits < MIN_MASKED_DIGITS) return [];
  const edits: { start: number; end: number; replacement: string }[] = [];
  for (let a = from; a <= to;) {
    if (kept[a - from]) {
      a += 1;
      continue;
    }
    let b = a;
    while (b + 1 <= to && !kept[b + 1 - from]) b += 1;
    const { start, plus } = pieceStart(text, run[a].start, a === from ? floor : run[a - 1].end, run[b].end);
    const digits = run
      .slice(a, b + 1)
      .map((g) => g.digits)
      .join('');
    edits.push({ start, end: run[b].end, replacement: maskedDigits(digits, plus) });
    a = b + 1;
  }
  return edits;
}

/**
 * A deep copy of a JSON value with every string, and every object key, passed through
 * maskPhonesInText (with `options`). JSON numbers, booleans and null are copied as they are: every
 * phone field voxmask reads or writes is a string. Cycles are not supported (JSON values have none).
 *
 * @param value a JSON-safe value (what JSON.parse returns, or a record of host data).
 */
export function maskPhonesInJson<T>(value: T, options?: MaskTextOptions): T {
  const keep = options;
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return maskPhonesInText(v, keep);
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) out[maskPhonesInText(k, keep)] = walk(x);
      return out;
    }
    return v;
  };
  return walk(value) as T;
}
