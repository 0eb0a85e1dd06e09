import { randomLetterId } from '../orders/random-id';
import { internationalDigits } from '../../../contract/phone';
import { formatPoolRoute, poolRouteKey } from '../../../contract/pool-route';
import { KeyedLock } from '../orders/keyed-lock';
import type { KeyValueBackend } from '../orders/kv-backend';
import { ClaimBook } from './claims';
import { SessionConflictError, SessionNotFoundError } from './errors';
import { OwnClaim, PairAllocator } from './pair-allocation';
import { fallBackOnPin } from './pin-fallback';
import { poolStatus, PoolStatus } from './pool-status';
import { ClaimOf, claimsOf, claimValue, routeKeysOf, routeOf, sessionTtlS } from './session-entries';
import {
  ClaimValue,
  formatSessionOrder,
  parseSessionOrder,
  parseSessionRecord,
  SESSION_PREFIX,
  SessionRecord,
  sessionKey,
  sessionOrderKey,
} from './session-keys';
import { describeSessionChanges, prepareSession, PreparedSession, sessionEndS } from './session-plan';
import type { OpenSessionInput, OpenSessionResult, PinSession, PoolSession, SessionStoreOptions } from './session-types';

export type { OpenSessionInput, OpenSessionResult, PinFallback, PinSession, PoolSession, SessionStoreOptions } from './session-types';

/**
 * Pool sessions (issue 12 §1) in ApplicationStorage: for each pair of parties of an order a virtual
 * number from the pool; each party dials it and the pool-call scenario finds the other in one read of
 * `route:<number>:<caller>` (contract/pool-route.ts). Keys and values: session-keys.ts and
 * session-entries.ts; input checks: session-plan.ts; claiming numbers: pair-allocation.ts; an
 * exhausted pool: pin-fallback.ts. This class opens, extends, closes and reads sessions.
 *
 * Allocation rule, per pair: a number neither party holds or cools off on (so a party never holds two
 * sessions on one number, and after a session ends the same (number, party) pair waits `coolOffS`),
 * in the parties' country when possible, else any (pool-numbers.ts rankCandidates). Concurrency: a pair's
 * number is taken by the race-free claims of claims.ts (own key per session, a listing after the write,
 * deterministic tie-break), for both parties; a lost claim is released and the next number tried.
 * Routes are written only after every claim of the session is held, so a route always belongs to the
 * one session holding its (number, caller).
 *
 * Requests (Management API calls), 2-party session: 1 (order lookup) + 2 (each party's claims) + 2
 * (claim writes) + 2 (verifying listings) + 1 (session record) + 2 (routes) + 1 (order index) = 11,
 * whatever the number of active sessions; 3-party: 21. A listing is one request up to 50 claims a party.
 */
export class SessionStore {
  private readonly kv: KeyValueBackend;
  private readonly claims: ClaimBook;
  private readonly allocator: PairAllocator;
  private readonly now: () => number;
  private readonly newSessionId: () => string;
  private readonly locks = new KeyedLock();
  /** Digits of every pool and shared number: no party may be on one (a set, so the check costs one lookup per party). */
  private readonly virtualDigits: ReadonlySet<string>;

  constructor(private readonly options: SessionStoreOptions) {
    this.kv = options.kv;
    this.virtualDigits = new Set([
      ...options.pool.map((n) => n.digits),
      ...(options.sharedNumbers ?? []).map((n) => internationalDigits(n) ?? n),
    ]);
    this.now = options.now ?? Date.now;
    this.newSessionId = options.newSessionId ?? (() => randomLetterId('s'));
    this.claims = new ClaimBook({
      kv: options.kv,
      now: this.now,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      tieBreakRounds: options.tieBreakRounds,
      tieBreakWaitMs: options.tieBreakWaitMs,
    });
    this.allocator = new PairAllocator({
      claims: this.claims,
      pool: options.pool,
      coolOffS: options.coolOffS,
      maxClaimAttempts: options.maxClaimAttempts,
      now: this.now,
      random: options.random ?? Math.random,
    });
  }

  /**
   * Opens the session of an order: one pool number per pair, the routes, the session record. Opening
   * the same order again with the same parties, pairs, settings and end returns the active session
   * (`status: 'existing'`, no write).
   * @throws OrderInputError naming the field (bad order id, phone, role, pair, settings, expiresAt past
   *   or beyond 90 days minus the cool-off, a party on a virtual number); SessionConflictError (the
   *   order has an active session with other data); PoolExhaustedError (no fallback configured);
   *   PoolContentionError; Management API errors
   */
  async openSession(input: OpenSessionInput): Promise<OpenSessionResult> {
    const prepared = prepareSession(input, {
      virtualDigits: this.virtualDigits,
      defaultRegion: this.options.defaultRegion,
      coolOffS: this.options.coolOffS,
      nowS: this.nowS(),
    });
    return this.locks.run(`order:${prepared.orderId}`, async () => {
      const existing = await this.sessionOfOrder(prepared.orderId);
      if (existing) {
        const changes = describeSessionChanges(existing, prepared);
        if (changes.length > 0) throw new SessionConflictError(prepared.orderId, existing.sessionId, changes);
        return { ...existing, mode: 'pool' as const, status: 'existing' as const };
      }
      const opened = await this.open(prepared);
      return { ...opened, status: 'opened' as const };
    });
  }

  /**
   * Closes a session: its routes are deleted at once (calls to its numbers stop connecting), its claims
   * cool off for `coolOffS`, its record goes.
   * @returns whether an active session was closed
   */
  closeSession(sessionId: string): Promise<{ closed: boolean }> {
    return this.locks.run(`session:${sessionId}`, async () => {
      const record = await this.readSession(sessionId);
      if (!record) return { closed: false };
      const nowS = this.nowS();
      await Promise.all(routeKeysOf(record).map((key) => this.kv.delete(key)));
      await Promise.all(
        claimsOf(record).map(({ party, numberDigits, role }) => {
          if (this.options.coolOffS === 0) return this.claims.release(party.digits, numberDigits, sessionId);
          const value: ClaimValue = { ...claimValue(record, role), closedAt: nowS };
          return this.claims.write(party.digits, numberDigits, value, this.options.coolOffS);
        }),
      );
      await this.kv.delete(sessionKey(sessionId));
      const index = await this.kv.get(sessionOrderKey(record.orderId));
      if (index && parseSessionOrder(index.value) === sessionId) await this.kv.delete(sessionOrderKey(record.orderId));
      return { closed: true };
    });
  }

  /**
   * Moves the end of an active session (later or earlier), keeping its numbers: routes, claims and the
   * record are rewritten with the new TTL.
   * @throws SessionNotFoundError; OrderInputError (field `expiresAt`)
   */
  extendSession(sessionId: string, expiresAt: Date | string | number): Promise<PoolSession> {
    const endS = sessionEndS(expiresAt, this.nowS(), this.options.coolOffS);
    return this.locks.run(`session:${sessionId}`, async () => {
      const record = await this.readSession(sessionId);
      if (!record) throw new SessionNotFoundError(sessionId);
      const extended: SessionRecord = { ...record, expiresAt: endS };
      await this.writeSession(extended, claimsOf(extended));
      return { ...extended, mode: 'pool' };
    });
  }

  /** The active session with this id, or undefined. 1 request. */
  async getSession(sessionId: string): Promise<PoolSession | undefined> {
    const record = await this.readSession(sessionId);
    return record && { ...record, mode: 'pool' };
  }

  /** The active session of an order, or undefined. 2 requests. */
  async findSession(orderId: string): Promise<PoolSession | undefined> {
    const record = await this.sessionOfOrder(orderId);
    return record && { ...record, mode: 'pool' };
  }

  /** Every active session (a listing of `poolsession:`, 50 a request); keys whose value is damaged are listed in `unreadable`. */
  async listSessions(): Promise<{ sessions: PoolSession[]; unreadable: string[] }> {
    const sessions: PoolSession[] = [];
    const unreadable: string[] = [];
    for (const item of await this.kv.list(SESSION_PREFIX)) {
      const record = parseSessionRecord(item.value);
      if (record) sessions.push({ ...record, mode: 'pool' });
      else unreadable.push(item.key);
    }
    return { sessions, unreadable };
  }

  /** Use per pool number and the busiest party (pool-status.ts): one listing of every claim. */
  status(): Promise<PoolStatus> {
    return poolStatus(this.kv, this.options.pool, this.nowS());
  }

  // ---- opening

  private async open(prepared: PreparedSession): Promise<PoolSession | PinSession> {
    const sessionId = this.newSessionId();
    const owned: OwnClaim[] = [];
    try {
      const record: SessionRecord = {
        v: 1,
        sessionId,
        orderId: prepared.orderId,
        createdAt: this.nowS(),
        expiresAt: prepared.expiresAt,
        parties: prepared.parties.map((p) => ({ role: p.role, phone: p.phone })),
        pairs: [],
        ...(prepared.settings ? { settings: prepared.settings } : {}),
      };
      const held = await this.allocator.heldNumbers(prepared.parties);
      const claimed = await this.allocator.claimPairs(record, prepared.pairs, held, owned);
      if (!(claimed instanceof Map)) {
        await this.allocator.releaseAll(owned, sessionId);
        return fallBackOnPin(prepared, claimed, held, this.options.pool, this.options.fallback);
      }
      record.pairs = prepared.pairs.map((pair) => ({ roles: pair.roles, number: claimed.get(pair)!.number }));
      await this.writeSession(record, []);
      return { ...record, mode: 'pool' };
    } catch (err) {
      await this.allocator.releaseAll(owned, sessionId).catch(() => undefined); // best effort; an orphan claim only blocks its pair until it expires
      throw err;
    }
  }

  /**
   * Writes the record, then `claims` (when extending; open has written its own), then every route, then
   * the order's index: all with the session's TTL (claims: plus the cool-off). The record comes first so
   * that closeSession finds whatever a failed write left behind.
   */
  private async writeSession(record: SessionRecord, claims: ClaimOf[]): Promise<void> {
    const ttlS = this.ttlOf(record);
    await this.kv.set(sessionKey(record.sessionId), JSON.stringify(record), ttlS);
    await Promise.all(
      claims.map(({ party, numberDigits, role }) =>
        this.claims.write(party.digits, numberDigits, claimValue(record, role), ttlS + this.options.coolOffS),
      ),
    );
    const byRole = new Map(record.parties.map((p) => [p.role, p]));
    await Promise.all(
      record.pairs.flatMap((pair) =>
        [0, 1].map((i) => {
          const caller = byRole.get(pair.roles[i])!;
          const callee = byRole.get(pair.roles[1 - i])!;
          const route = routeOf(record.sessionId, record.orderId, caller, callee, record.expiresAt, record.settings);
          return this.kv.set(poolRouteKey(pair.number, caller.phone) as string, formatPoolRoute(route), ttlS);
        }),
      ),
    );
    await this.kv.set(sessionOrderKey(record.orderId), formatSessionOrder(record.sessionId), ttlS);
  }

  private async readSession(sessionId: string): Promise<SessionRecord | undefined> {
    const stored = await this.kv.get(sessionKey(sessionId));
    const record = stored ? parseSessionRecord(stored.value) : undefined;
    return record && record.sessionId === sessionId ? record : undefined;
  }

  private async sessionOfOrder(orderId: string): Promise<SessionRecord | undefined> {
    const index = await this.kv.get(sessionOrderKey(orderId));
    const sessionId = index ? parseSessionOrder(index.value) : undefined;
    const record = sessionId === undefined ? undefined : await this.readSession(sessionId);
    return record?.orderId === orderId ? record : undefined;
  }

  private ttlOf(record: SessionRecord): number {
    return sessionTtlS(record, this.now());
  }

  private nowS(): number {
    return Math.floor(this.now() / 1000);
  }
}
