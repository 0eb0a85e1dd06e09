/**
 * What a session record (session-keys.ts) puts in ApplicationStorage besides itself: the claim of each
 * party on each of its numbers, the route each caller finds (contract/pool-route.ts) and their keys,
 * and how long they live. Pure functions of the record; session-store.ts and pair-allocation.ts write
 * and delete what they describe.
 */
import type { PartyRole } from '../../../contract/order-record';
import { internationalDigits } from '../../../contract/phone';
import { PoolRoute, PoolRouteSettings, poolRouteKey } from '../../../contract/pool-route';
import type { ClaimValue, SessionRecord } from './session-keys';

/** One claim of a session: the party, its role and the number's digits. */
export interface ClaimOf {
  party: { digits: string };
  role: PartyRole;
  numberDigits: string;
}

/** The route a caller gets: whom to dial and until when (contract/pool-route.ts). */
export function routeOf(
  sessionId: string,
  orderId: string,
  caller: { role: PartyRole },
  callee: { role: PartyRole; phone: string },
  expiresAt: number,
  settings: PoolRouteSettings | undefined,
): PoolRoute {
  return {
    v: 1,
    sessionId,
    orderId,
    callerRole: caller.role,
    calleeRole: callee.role,
    callee: callee.phone,
    expiresAt,
    ...(settings ? { settings } : {}),
  };
}

/** The claim value of one party; `claimedAtMs` defaults to the session's creation, so a rewrite (extend, close) never looks like a new contender. */
export function claimValue(record: SessionRecord, role: PartyRole, claimedAtMs = record.createdAt * 1000): ClaimValue {
  return { v: 1, sessionId: record.sessionId, orderId: record.orderId, role, claimedAtMs, expiresAt: record.expiresAt };
}

/** Every (party, number) claim of a session: two per pair. */
export function claimsOf(record: SessionRecord): ClaimOf[] {
  const byRole = new Map(record.parties.map((p) => [p.role, p]));
  return record.pairs.flatMap((pair) =>
    pair.roles.map((role) => ({
      party: { digits: internationalDigits(byRole.get(role)!.phone) as string },
      role,
      numberDigits: internationalDigits(pair.number) as string,
    })),
  );
}

/** Every route key of a session: two per pair. */
export function routeKeysOf(record: SessionRecord): string[] {
  const byRole = new Map(record.parties.map((p) => [p.role, p]));
  return record.pairs.flatMap((pair) => pair.roles.map((role) => poolRouteKey(pair.number, byRole.get(role)!.phone) as string));
}

/** Seconds the session's entries live from `nowMs` (epoch ms): until its end, at least 1. */
export function sessionTtlS(record: SessionRecord, nowMs: number): number {
  return Math.max(1, record.expiresAt - Math.floor(nowMs / 1000));
}
