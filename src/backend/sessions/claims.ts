import type { KeyValueBackend } from '../orders/kv-backend';
import { claimKey, ClaimValue, parseClaimKey, parseClaimValue, partyClaimPrefix } from './session-keys';

/** One claim found by a listing: the number, the session holding it, and its value (undefined when damaged). */
export interface HeldClaim {
  numberDigits: string;
  sessionId: string;
  value?: ClaimValue;
}

/** Settings of a ClaimBook. */
export interface ClaimBookOptions {
  kv: KeyValueBackend;
  /** Wall clock, epoch ms. */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** Listings a contender with the lowest session id makes while younger contenders withdraw (default 3). */
  tieBreakRounds?: number;
  /** Wait between those listings, ms (default 250: about two Management API round trips). */
  tieBreakWaitMs?: number;
}

/** A claim younger than this (ms) may still be a contender deciding; an older one is settled and never yields. */
export const CONTENTION_WINDOW_MS = 10_000;

/**
 * Claims of (party, virtual number) pairs in ApplicationStorage, safe without compare-and-set
 * (docs/platform.md#kv-consistency).
 *
 * Each session writes its OWN key, `poolclaim:<party>:<number>:<sessionId>` (session-keys.ts), so no
 * write ever overwrites another session's claim; then it lists `poolclaim:<party>:<number>:` and
 * holds the number only when the listing shows its own claim and no other (verify).
 *
 * Why two sessions X and Y can never both hold one (party, number): their two claim writes happen in
 * some order, say X's first. Y lists after its own write, so after X's write, and sees X's claim,
 * unless X deleted it first, which X does only when it lost. So Y holds only if X lost. (This assumes
 * what a listing after a write shows that write and every earlier one, as the sandbox's store does;
 * the platform documents no weaker behaviour, docs/platform.md#kv-consistency.)
 *
 * Deterministic tie-break, for progress only: when both see each other, the one with the larger session
 * id gives up at once and the smaller lists again (tieBreakRounds times, tieBreakWaitMs apart), so
 * it wins once the other's claim is gone. A contender yields only to claims younger than
 * CONTENTION_WINDOW_MS; an older claim is a settled session and the newcomer gives up. The safety
 * argument above never depends on the tie-break: the winner is always alone in its listing.
 */
export class ClaimBook {
  private readonly rounds: number;
  private readonly waitMs: number;

  constructor(private readonly options: ClaimBookOptions) {
    this.rounds = options.tieBreakRounds ?? 3;
    this.waitMs = options.tieBreakWaitMs ?? 250;
  }

  /** Every live claim of one party (1 listing request for up to 50 claims), any session. */
  async holdings(partyDigits: string): Promise<HeldClaim[]> {
    const items = await this.options.kv.list(partyClaimPrefix(partyDigits));
    const held: HeldClaim[] = [];
    for (const item of items) {
      const key = parseClaimKey(item.key);
      if (!key) continue;
      const value = parseClaimValue(item.value);
      held.push(
        value
          ? { numberDigits: key.numberDigits, sessionId: key.sessionId, value }
          : { numberDigits: key.numberDigits, sessionId: key.sessionId },
      );
    }
    return held;
  }

  /** Writes this session's claim (its own key) for `ttlS` seconds (1 request). */
  async write(partyDigits: string, numberDigits: string, value: ClaimValue, ttlS: number): Promise<void> {
    await this.options.kv.set(claimKey(partyDigits, numberDigits, value.sessionId), JSON.stringify(value), ttlS);
  }

  /**
   * The numbers of `numberDigits` that `sessionId` now holds for the party: its claim is listed and no
   * other session's claim on that number is, after the tie-break (see the class comment). 1 listing
   * request of the party's claims (50 a page), more only while a younger contender withdraws.
   */
  async verify(partyDigits: string, numberDigits: readonly string[], sessionId: string): Promise<Set<string>> {
    const won = new Set<string>();
    let open = [...numberDigits];
    for (let round = 0; open.length > 0; round++) {
      const listed = await this.holdings(partyDigits);
      const nowMs = this.options.now();
      const waiting: string[] = [];
      for (const number of open) {
        const onNumber = listed.filter((c) => c.numberDigits === number);
        // Our claim not visible: others may not see it either, so it cannot hold.
        if (!onNumber.some((c) => c.sessionId === sessionId)) continue;
        const others = onNumber.filter((c) => c.sessionId !== sessionId);
        if (others.length === 0) won.add(number);
        else if (
          round < this.rounds &&
          others.every(
            (o) =>
              o.sessionId > sessionId &&
              o.value !== undefined &&
              o.value.closedAt === undefined &&
              nowMs - o.value.claimedAtMs < CONTENTION_WINDOW_MS,
          )
        ) {
          waiting.push(number);
        }
      }
      open = waiting;
      if (open.length > 0) await this.options.sleep(this.waitMs);
    }
    return won;
  }

  /** Deletes this session's claim (1 request). */
  async release(partyDigits: string, numberDigits: string, sessionId: string): Promise<void> {
    await this.options.kv.delete(claimKey(partyDigits, numberDigits, sessionId));
  }
}
