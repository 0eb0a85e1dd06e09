/**
 * Taking a pool number for every pair of a session being opened: the numbers each party already holds
 * or cools off on, a pick per pair (pool-numbers.ts rankCandidates), the race-free claims of claims.ts
 * for both parties, and the retry of pairs that lost a claim. Writes only claims; the session record
 * and routes are session-store.ts's.
 */
import { PoolContentionError } from './errors';
import type { ClaimBook, HeldClaim } from './claims';
import { PoolNumber, rankCandidates } from './pool-numbers';
import { claimValue, sessionTtlS } from './session-entries';
import type { SessionRecord } from './session-keys';
import type { PairPlan, Party } from './session-plan';

/** A claim this open wrote and still owns. */
export interface OwnClaim {
  partyDigits: string;
  numberDigits: string;
}

/** What a PairAllocator works with (from SessionStoreOptions). */
export interface PairAllocatorOptions {
  claims: ClaimBook;
  pool: readonly PoolNumber[];
  /** Seconds a (number, party) pair stays unused after its session ends: added to the claims' TTL. */
  coolOffS: number;
  /** Rounds before PoolContentionError (default 5). */
  maxClaimAttempts?: number;
  /** Wall clock, epoch ms. */
  now: () => number;
  /** Uniform in [0, 1), for the order of candidate numbers. */
  random: () => number;
}

/** Claims pool numbers for the pairs of sessions being opened; one per SessionStore, so that its opens see each other's claims in flight. */
export class PairAllocator {
  /** `<party digits>:<number digits>` being claimed by a call in this process right now. */
  private readonly inFlight = new Set<string>();

  constructor(private readonly options: PairAllocatorOptions) {}

  /** Numbers each party holds or cools off on (any session), by party digits: 1 listing per distinct phone. */
  async heldNumbers(parties: readonly Party[]): Promise<Map<string, Set<string>>> {
    const phones = [...new Set(parties.map((p) => p.digits))];
    const listed = await Promise.all(phones.map((d) => this.options.claims.holdings(d)));
    return new Map(phones.map((d, i) => [d, new Set(listed[i].map((c: HeldClaim) => c.numberDigits))]));
  }

  /**
   * Claims a number for every pair at once: picks one per pair (none a party already holds, cools off
   * on, or got for another pair of this session), writes all claims, then verifies with one listing per
   * party (ClaimBook.verify). A pair that lost either claim releases both and picks again, up to
   * maxClaimAttempts rounds. `held` gains every number claimed; `owned` every claim written and kept.
   * Returns the number of each pair, or the first pair for which no number is free.
   * @throws PoolContentionError when pairs still lose after maxClaimAttempts rounds
   */
  async claimPairs(
    record: SessionRecord,
    pairs: readonly PairPlan[],
    held: Map<string, Set<string>>,
    owned: OwnClaim[],
  ): Promise<Map<PairPlan, PoolNumber> | PairPlan> {
    const attempts = this.options.maxClaimAttempts ?? 5;
    const chosen = new Map<PairPlan, PoolNumber>();
    const lost = new Map<PairPlan, Set<string>>(pairs.map((pair) => [pair, new Set<string>()]));
    let pending = [...pairs];
    for (let attempt = 0; attempt < attempts && pending.length > 0; attempt++) {
      const picks = new Map<PairPlan, PoolNumber>();
      for (const pair of pending) {
        const blocked = new Set([...lost.get(pair)!, ...pair.parties.flatMap((p) => [...held.get(p.digits)!])]);
        const number = rankCandidates(
          this.options.pool,
          pair.parties.map((p) => p.country),
          blocked,
          this.options.random,
        ).find((n) => pair.parties.every((p) => !this.inFlight.has(`${p.digits}:${n.digits}`)));
        if (!number) {
          for (const [other, n] of picks) for (const p of other.parties) held.get(p.digits)!.delete(n.digits);
          return pair;
        }
        picks.set(pair, number);
        for (const p of pair.parties) held.get(p.digits)!.add(number.digits);
      }
      pending = await this.claimRound(record, picks, owned);
      for (const [pair, number] of picks) {
        if (!pending.includes(pair)) chosen.set(pair, number);
        else {
          lost.get(pair)!.add(number.digits);
          for (const p of pair.parties) held.get(p.digits)!.delete(number.digits);
        }
      }
    }
    if (pending.length > 0) throw new PoolContentionError(record.orderId, attempts);
    return chosen;
  }

  /** Releases every claim in `owned` (emptying it). */
  async releaseAll(owned: OwnClaim[], sessionId: string): Promise<void> {
    const all = owned.splice(0);
    await Promise.all(all.map((c) => this.options.claims.release(c.partyDigits, c.numberDigits, sessionId)));
  }

  /** Writes the claims of `picks`, verifies them (one listing per party), releases the pairs that lost; returns those pairs. */
  private async claimRound(record: SessionRecord, picks: Map<PairPlan, PoolNumber>, owned: OwnClaim[]): Promise<PairPlan[]> {
    const claims = this.options.claims;
    const slots = [...picks].flatMap(([pair, number]) =>
      pair.parties.map((party) => ({ pair, party, number, slot: `${party.digits}:${number.digits}` })),
    );
    slots.forEach((s) => this.inFlight.add(s.slot));
    try {
      const ttlS = sessionTtlS(record, this.options.now()) + this.options.coolOffS;
      const claimedAtMs = this.options.now();
      await Promise.all(
        slots.map(({ party, number }) => {
          owned.push({ partyDigits: party.digits, numberDigits: number.digits });
          return claims.write(party.digits, number.digits, claimValue(record, party.role, claimedAtMs), ttlS);
        }),
      );
      const byParty = new Map<string, string[]>();
      for (const { party, number } of slots) byParty.set(party.digits, [...(byParty.get(party.digits) ?? []), number.digits]);
      const results = await Promise.all(
        [...byParty].map(async ([digits, numbers]) => [digits, await claims.verify(digits, numbers, record.sessionId)] as const),
      );
      const won = new Map(results);
      const losers = [...picks]
        .filter(([pair, number]) => !pair.parties.every((p) => won.get(p.digits)!.has(number.digits)))
        .map(([pair]) => pair);
      await Promise.all(
        losers.flatMap((pair) =>
          pair.parties.map((party) => {
            const number = picks.get(pair)!;
            removeOwn(owned, party.digits, number.digits);
            return claims.release(party.digits, number.digits, record.sessionId);
          }),
        ),
      );
      return losers;
    } finally {
      slots.forEach((s) => this.inFlight.delete(s.slot));
    }
  }
}

function removeOwn(owned: OwnClaim[], partyDigits: string, numberDigits: string): void {
  const i = owned.findIndex((c) => c.partyDigits === partyDigits && c.numberDigits === numberDigits);
  if (i >= 0) owned.splice(i, 1);
}
