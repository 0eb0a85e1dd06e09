import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { internationalDigits, isE164 } from '../../../contract/phone';

/** A virtual number of the pool, resolved: E.164, its canonical digits and the country it counts as. */
export interface PoolNumber {
  /** E.164 with `+`. */
  number: string;
  /** internationalDigits(number): the form in ApplicationStorage keys. */
  digits: string;
  /** ISO 3166 alpha-2, or undefined when neither configured nor known for the number. */
  country?: string;
}

/** A pool number as configured (`deploy.pool.numbers`): E.164 and an optional country. */
export interface PoolNumberInput {
  number: string;
  country?: string;
}

/**
 * The ISO 3166 alpha-2 country of an E.164 number (libphonenumber-js's full metadata: `+1 212…` is US,
 * `+1 416…` CA), or undefined when the number matches no country's plan.
 */
export function countryOfNumber(e164: string): string | undefined {
  return parsePhoneNumberFromString(e164)?.country;
}

/**
 * Resolves the configured pool: each number's digits, and its country (configured, or countryOfNumber).
 * @throws RangeError naming the entry (`pool.numbers[2]`) for a number that is not E.164 or listed twice
 */
export function resolvePool(numbers: readonly PoolNumberInput[]): PoolNumber[] {
  const seen = new Set<string>();
  return numbers.map((entry, i) => {
    const digits = isE164(entry.number) ? internationalDigits(entry.number) : null;
    if (digits === null) throw new RangeError(`pool.numbers[${i}].number must be E.164 with a leading +`);
    if (seen.has(digits)) throw new RangeError(`pool.numbers[${i}].number is listed twice`);
    seen.add(digits);
    const country = entry.country ?? countryOfNumber(entry.number);
    return country === undefined ? { number: entry.number, digits } : { number: entry.number, digits, country };
  });
}

/**
 * The pool numbers a pair may use, best first: numbers in the country of both parties, then of one,
 * then the rest ("prefer a number in the party's country"); within a rank in random order, so that two
 * allocators working at once rarely pick the same number (and a busy pool wears evenly).
 * @param blocked digits of numbers either party holds or cools off on, or that this session already gave either of them
 * @param random uniform in [0, 1)
 */
export function rankCandidates(
  pool: readonly PoolNumber[],
  countries: readonly (string | undefined)[],
  blocked: ReadonlySet<string>,
  random: () => number,
): PoolNumber[] {
  const byScore: PoolNumber[][] = [];
  for (const n of pool) {
    if (blocked.has(n.digits)) continue;
    const score = countries.filter((c) => c !== undefined && c === n.country).length;
    (byScore[score] ??= []).push(n);
  }
  const ranked: PoolNumber[] = [];
  for (let score = byScore.length - 1; score >= 0; score--) ranked.push(...shuffle(byScore[score] ?? [], random));
  return ranked;
}

/** Fisher–Yates, in place. */
function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
