/**
 * How many numbers a pool needs (issue 12 §1). A party may not hold two sessions on one number (the
 * route key is (number, caller), contract/pool-route.ts), and a number it used stays out of its reach
 * for the cool-off after the session ends. So the party that holds the most numbers at once sets the
 * size; the total number of sessions does not (200 numbers serve 100,000 sessions of distinct parties).
 */

/** The sizing rule in one sentence, as errors and `voxmask pool status` print it. */
export const SIZING_RULE =
  'a pool needs as many numbers as the busiest party holds at once: (its most sessions open at the same time + its sessions ended within the cool-off) × (parties per order − 1)';

/** Inputs of poolNumbersNeeded. */
export interface PoolSizingInput {
  /** The most sessions one party (often a restaurant) has open at the same time. */
  peakSessionsPerParty: number;
  /** Sessions of that party that end within one cool-off period (deploy.pool.coolOffS) at the peak. */
  sessionsEndedWithinCoolOff: number;
  /** Parties per order: 2, or 3 (each pair gets its own number, so a party of a 3-party order holds 2). */
  partiesPerOrder: 2 | 3;
}

/**
 * Numbers the pool needs: (peakSessionsPerParty + sessionsEndedWithinCoolOff) × (partiesPerOrder − 1).
 * @throws RangeError naming a field that is not a non-negative integer, or partiesPerOrder other than 2 or 3
 */
export function poolNumbersNeeded(input: PoolSizingInput): number {
  for (const field of ['peakSessionsPerParty', 'sessionsEndedWithinCoolOff'] as const) {
    const n = input[field];
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`${field} must be a non-negative integer, got ${n}`);
  }
  if (input.partiesPerOrder !== 2 && input.partiesPerOrder !== 3)
    throw new RangeError(`partiesPerOrder must be 2 or 3, got ${String(input.partiesPerOrder)}`);
  return (input.peakSessionsPerParty + input.sessionsEndedWithinCoolOff) * (input.partiesPerOrder - 1);
}
