import { maskPhone } from '../../../contract/phone';
import type { KeyValueBackend } from '../orders/kv-backend';
import type { PoolNumber } from './pool-numbers';
import { CLAIM_PREFIX, parseClaimKey, parseClaimValue } from './session-keys';
import { SIZING_RULE } from './sizing';

/** Use of one pool number: parties holding it in an active session, and parties cooling off on it. */
export interface PoolNumberUse {
  /** E.164. */
  number: string;
  country?: string;
  /** Distinct active sessions on the number. */
  sessions: number;
  /** Parties that hold the number in an active session (each may dial it). */
  active: number;
  /** Parties in their cool-off on it (session closed or expired less than the cool-off ago). */
  coolingOff: number;
}

/** What `voxmask pool status` shows. */
export interface PoolStatus {
  numbers: PoolNumberUse[];
  /** Claims on numbers no longer in the pool configuration (they expire by themselves), by number digits. */
  retired: { digits: string; claims: number }[];
  /** The party holding the most numbers (active or cooling off), phone masked: the figure the sizing rule compares with the pool. */
  busiestParty?: { phone: string; held: number };
  poolSize: number;
  sizingRule: string;
}

/**
 * The use of every pool number, from one listing of all claims (`poolclaim:`, 50 a request: 100,000
 * two-party sessions are 200,000 claims, 4,000 requests; an occasional operator's view, not a hot path).
 * @param nowS Unix seconds
 */
export async function poolStatus(kv: KeyValueBackend, pool: readonly PoolNumber[], nowS: number): Promise<PoolStatus> {
  const use = new Map(
    pool.map((n) => [
      n.digits,
      { number: n.number, ...(n.country ? { country: n.country } : {}), sessions: new Set<string>(), active: 0, coolingOff: 0 },
    ]),
  );
  const retired = new Map<string, number>();
  const heldByParty = new Map<string, number>();
  for (const item of await kv.list(CLAIM_PREFIX)) {
    const key = parseClaimKey(item.key);
    if (!key) continue;
    heldByParty.set(key.partyDigits, (heldByParty.get(key.partyDigits) ?? 0) + 1);
    const entry = use.get(key.numberDigits);
    if (!entry) {
      retired.set(key.numberDigits, (retired.get(key.numberDigits) ?? 0) + 1);
      continue;
    }
    const value = parseClaimValue(item.value);
    if (value && value.closedAt === undefined && value.expiresAt > nowS) {
      entry.active += 1;
      entry.sessions.add(key.sessionId);
    } else entry.coolingOff += 1;
  }
  let busiest: { phone: string; held: number } | undefined;
  for (const [digits, held] of heldByParty) if (!busiest || held > busiest.held) busiest = { phone: maskPhone(`+${digits}`), held };
  return {
    numbers: [...use.values()].map((u) => ({ ...u, sessions: u.sessions.size })),
    retired: [...retired].map(([digits, claims]) => ({ digits, claims })),
    ...(busiest ? { busiestParty: busiest } : {}),
    poolSize: pool.length,
    sizingRule: SIZING_RULE,
  };
}
