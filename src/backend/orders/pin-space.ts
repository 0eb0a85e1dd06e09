/**
 * The PIN space as a number (README "Sizing the PIN space"). A caller who guesses PINs gets
 * `lockout.maxFailures` failed guesses per window before the scenario locks the caller ID (docs/scenario.md
 * "Brute-force defence"); with `active` orders among 10^length PINs each guess hits an order with
 * probability active / 10^length, so within the budget a guesser succeeds with probability at most
 * maxFailures × active / 10^length (union bound). The seeder prints it, warns above
 * PIN_SPACE_LIMITS.warnGuessProbability and refuses to allocate a new PIN above the hard limits.
 */
import { PIN_MAX_LENGTH, PIN_MIN_LENGTH } from '../../../contract/order-record';
import { scenarioConfigSchema } from '../../config/scenario';

/** The scenario's default `lockout.maxFailures` (failed guesses per caller ID per window). */
export const DEFAULT_LOCKOUT_MAX_FAILURES: number = scenarioConfigSchema.parse({}).lockout.maxFailures;

/**
 * Thresholds, as fractions: warn when a guesser's chance within the lockout budget exceeds 1 %;
 * refuse a new PIN when it would exceed 10 %, or when more than half of all PINs are taken (random
 * allocation then needs many tries and the space is one burst from full).
 */
export const PIN_SPACE_LIMITS = { warnGuessProbability: 0.01, refuseGuessProbability: 0.1, refuseOccupancy: 0.5 } as const;

/** Occupancy of the PIN space and what it means. Probabilities and occupancy are fractions in [0, 1]. */
export interface PinSpaceReport {
  /** Active orders (live `order:<pin>` items). */
  active: number;
  pinLength: number;
  /** `lockout.maxFailures` of the scenario. */
  maxFailures: number;
  /** active / 10^pinLength. */
  occupancy: number;
  /** min(1, maxFailures × active / 10^pinLength): a guesser's chance within one lockout budget. */
  guessProbability: number;
  /** `ok`; `warn` above the warning threshold; `refuse` when no new PIN will be allocated. */
  level: 'ok' | 'warn' | 'refuse';
}

/**
 * Assesses `active` orders in a PIN space of `pinLength` digits against a lockout of `maxFailures`.
 * @throws RangeError naming the argument when a count is negative or not an integer, or the length is outside 4–10
 */
export function assessPinSpace(active: number, pinLength: number, maxFailures: number = DEFAULT_LOCKOUT_MAX_FAILURES): PinSpaceReport {
  if (!Number.isInteger(active) || active < 0) throw new RangeError(`active orders must be a non-negative integer, got ${active}`);
  if (!Number.isInteger(pinLength) || pinLength < PIN_MIN_LENGTH || pinLength > PIN_MAX_LENGTH)
    throw new RangeError(`pinLength must be an integer ${PIN_MIN_LENGTH}-${PIN_MAX_LENGTH}, got ${pinLength}`);
  if (!Number.isInteger(maxFailures) || maxFailures < 0)
    throw new RangeError(`maxFailures must be a non-negative integer, got ${maxFailures}`);
  const occupancy = active / 10 ** pinLength;
  const guessProbability = Math.min(1, maxFailures * occupancy);
  const refuse = guessProbability > PIN_SPACE_LIMITS.refuseGuessProbability || occupancy > PIN_SPACE_LIMITS.refuseOccupancy;
  const level = refuse ? 'refuse' : guessProbability > PIN_SPACE_LIMITS.warnGuessProbability ? 'warn' : 'ok';
  return { active, pinLength, maxFailures, occupancy, guessProbability, level };
}

/**
 * The shortest PIN length (4–10) that keeps `active` orders at or under the warning threshold with a
 * lockout of `maxFailures`; undefined when even 10 digits do not.
 */
export function minPinLength(active: number, maxFailures: number = DEFAULT_LOCKOUT_MAX_FAILURES): number | undefined {
  for (let length = PIN_MIN_LENGTH; length <= PIN_MAX_LENGTH; length++) {
    if (assessPinSpace(active, length, maxFailures).level === 'ok') return length;
  }
  return undefined;
}

/** What to do about a crowded PIN space, in one sentence. */
export function pinSpaceAdvice(report: PinSpaceReport): string {
  const length = minPinLength(report.active, report.maxFailures);
  const longer =
    length === undefined ? 'PINs cannot grow past 10 digits' : `raise scenario.pin.length to ${Math.max(length, report.pinLength + 1)}`;
  return `${longer}, close delivered orders (closeOrder), or spread the orders over more virtual numbers, each with its own application (each then holds fewer orders)`;
}

/** The report as printed by `voxmask seed`: one line, plus the advice unless the level is `ok`. */
export function formatPinSpace(report: PinSpaceReport): string[] {
  const percent = (x: number) => `${(x * 100).toFixed(x < 0.001 ? 4 : 2)} %`;
  const line = `PIN space: ${report.active} active order(s) in 10^${report.pinLength} PINs (occupancy ${percent(report.occupancy)}); a guesser's chance within the lockout (${report.maxFailures} failures): ${percent(report.guessProbability)}`;
  if (report.level === 'ok') return [line];
  const verdict =
    report.level === 'warn'
      ? `warning: above ${percent(PIN_SPACE_LIMITS.warnGuessProbability)}`
      : `new PINs refused: above ${percent(PIN_SPACE_LIMITS.refuseGuessProbability)} guess chance or ${percent(PIN_SPACE_LIMITS.refuseOccupancy)} occupancy`;
  return [line, `  ${verdict}; ${pinSpaceAdvice(report)}`];
}
