/**
 * The backend's own ApplicationStorage keys for pool sessions (the scenario reads only the route keys of
 * contract/pool-route.ts). All keys stay within 200 characters of `[A-Za-z0-9_\-:]`
 * (docs/platform.md#kv-limits):
 *
 * | key | value | TTL |
 * |---|---|---|
 * | `poolclaim:<party digits>:<number digits>:<sessionId>` | ClaimValue: this session holds, or cools off on, the number for that party | session + cool-off; cool-off after a close |
 * | `poolsession:<sessionId>` | SessionRecord: parties, the number of each pair, settings | until `expiresAt` |
 * | `poolorder:<orderId>` | `{"v":1,"sessionId":…}`: the order's session, for idempotent opens | until `expiresAt` |
 *
 * Claims are keyed party first, so one prefix listing (`poolclaim:<party digits>:`) shows every number a
 * party holds or cools off on: the allocator's one read per party.
 */
import { PARTY_ROLES, PartyRole } from '../../../contract/order-record';
import { isE164 } from '../../../contract/phone';
import { PoolRouteSettings } from '../../../contract/pool-route';

export const CLAIM_PREFIX = 'poolclaim:';
export const SESSION_PREFIX = 'poolsession:';
export const SESSION_ORDER_PREFIX = 'poolorder:';

/** What a claim key holds. Times: `claimedAtMs` epoch ms; `expiresAt`, `closedAt` Unix s. */
export interface ClaimValue {
  v: 1;
  sessionId: string;
  orderId: string;
  role: PartyRole;
  claimedAtMs: number;
  /** When the session ends (Unix s); the claim lives cool-off seconds longer. */
  expiresAt: number;
  /** Set when the session was closed early (Unix s): from then on the claim only cools off. */
  closedAt?: number;
}

/** One pair of parties that may call each other, and the virtual number both dial. */
export interface SessionPair {
  roles: [PartyRole, PartyRole];
  /** E.164 virtual number of the pool. */
  number: string;
}

/** The stored session. `parties[].phone` is E.164; times are Unix s. */
export interface SessionRecord {
  v: 1;
  sessionId: string;
  orderId: string;
  createdAt: number;
  expiresAt: number;
  parties: { role: PartyRole; phone: string }[];
  pairs: SessionPair[];
  settings?: PoolRouteSettings;
}

/** `poolclaim:<party digits>:` — every claim of one party. */
export function partyClaimPrefix(partyDigits: string): string {
  return `${CLAIM_PREFIX}${partyDigits}:`;
}

/** `poolclaim:<party digits>:<number digits>:` — every session's claim of one party on one number. */
export function pairClaimPrefix(partyDigits: string, numberDigits: string): string {
  return `${CLAIM_PREFIX}${partyDigits}:${numberDigits}:`;
}

/** `poolclaim:<party digits>:<number digits>:<sessionId>`. */
export function claimKey(partyDigits: string, numberDigits: string, sessionId: string): string {
  return `${pairClaimPrefix(partyDigits, numberDigits)}${sessionId}`;
}

/** The parts of a claim key, or undefined for another key. */
export function parseClaimKey(key: string): { partyDigits: string; numberDigits: string; sessionId: string } | undefined {
  const match = /^poolclaim:([0-9]{6,15}):([0-9]{6,15}):([A-Za-z0-9_-]{1,40})$/.exec(key);
  return match ? { partyDigits: match[1], numberDigits: match[2], sessionId: match[3] } : undefined;
}

export function sessionKey(sessionId: string): string {
  return `${SESSION_PREFIX}${sessionId}`;
}

export function sessionOrderKey(orderId: string): string {
  return `${SESSION_ORDER_PREFIX}${orderId}`;
}

/** Reads a claim value; undefined when damaged (a damaged claim still blocks its number: its key is what counts). */
export function parseClaimValue(text: string): ClaimValue | undefined {
  const raw = parseObject(text);
  if (!raw || raw.v !== 1 || typeof raw.sessionId !== 'string' || typeof raw.orderId !== 'string') return undefined;
  if (!isRole(raw.role) || !isCount(raw.claimedAtMs) || !isCount(raw.expiresAt)) return undefined;
  const claim: ClaimValue = {
    v: 1,
    sessionId: raw.sessionId,
    orderId: raw.orderId,
    role: raw.role,
    claimedAtMs: raw.claimedAtMs,
    expiresAt: raw.expiresAt,
  };
  if (isCount(raw.closedAt)) claim.closedAt = raw.closedAt;
  return claim;
}

/** Reads a session record; undefined when damaged. */
export function parseSessionRecord(text: string): SessionRecord | undefined {
  const raw = parseObject(text);
  if (!raw || raw.v !== 1 || typeof raw.sessionId !== 'string' || typeof raw.orderId !== 'string') return undefined;
  if (!isCount(raw.createdAt) || !isCount(raw.expiresAt) || !Array.isArray(raw.parties) || !Array.isArray(raw.pairs)) return undefined;
  const parties = raw.parties as unknown[];
  const pairs = raw.pairs as unknown[];
  const partiesOk = parties.every((p) => isObject(p) && isRole(p.role) && typeof p.phone === 'string' && isE164(p.phone));
  const pairsOk = pairs.every(
    (p) =>
      isObject(p) &&
      Array.isArray(p.roles) &&
      p.roles.length === 2 &&
      p.roles.every(isRole) &&
      typeof p.number === 'string' &&
      isE164(p.number),
  );
  if (!partiesOk || !pairsOk) return undefined;
  const record: SessionRecord = {
    v: 1,
    sessionId: raw.sessionId,
    orderId: raw.orderId,
    createdAt: raw.createdAt,
    expiresAt: raw.expiresAt,
    parties: parties as SessionRecord['parties'],
    pairs: pairs as SessionPair[],
  };
  if (isObject(raw.settings)) record.settings = raw.settings as PoolRouteSettings;
  return record;
}

/** Reads the session id of a `poolorder:` value; undefined when damaged. */
export function parseSessionOrder(text: string): string | undefined {
  const raw = parseObject(text);
  return raw && raw.v === 1 && typeof raw.sessionId === 'string' ? raw.sessionId : undefined;
}

export function formatSessionOrder(sessionId: string): string {
  return JSON.stringify({ v: 1, sessionId });
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const raw: unknown = JSON.parse(text);
    return isObject(raw) ? raw : undefined;
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isRole(value: unknown): value is PartyRole {
  return typeof value === 'string' && (PARTY_ROLES as readonly string[]).includes(value);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}
