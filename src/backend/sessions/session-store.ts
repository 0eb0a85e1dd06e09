import { randomLetterId } from '../orders/random-id';
import { OrderRecord, PartyRole } from '../../../contract/order-record';
import { internationalDigits, maskPhone, samePhone } from '../../../contract/phone';
import { formatPoolRoute, PoolRoute, PoolRouteSettings, poolRouteKey } from '../../../contract/pool-route';
import { StoredJsonError } from '../../../contract/stored-json';
import { KV_MAX_TTL_S } from '../../../contract/storage-limits';
import { OrderInputError } from '../orders/errors';
import { KeyedLock } from '../orders/keyed-lock';
import type { KeyValueBackend } from '../orders/kv-backend';
import { OrderPartyInput, parseExpectedDelivery, prepareOrder } from '../orders/order-input';
import type { OrderStore } from '../orders/order-store';
import { ClaimBook, HeldClaim } from './claims';
import { PoolContentionError, PoolExhaustedError, SessionConflictError, SessionNotFoundError } from './errors';
import { countryOfNumber, PoolNumber, rankCandidates } from './pool-numbers';
import { poolStatus, PoolStatus } from './pool-status';
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

/** The PIN flow to fall back on when the pool has no number (`deploy.pool.fallbackToPin`). */
export interface PinFallback {
  /** Writes the order under a PIN (src/backend/orders). */
  orders: OrderStore;
  /** The shared PIN numbers (`deploy.numbers`), E.164. */
  sharedNumbers: readonly string[];
  /** The order store's `graceS`: the fallback order's deadline is the session's `expiresAt`. */
  graceS: number;
}

/** Settings of a SessionStore. */
export interface SessionStoreOptions {
  kv: KeyValueBackend;
  /** The pool (pool-numbers.ts resolvePool). */
  pool: readonly PoolNumber[];
  /** Seconds a (number, party) pair stays unused after its session ends. */
  coolOffS: number;
  /** Shared PIN numbers; a party may be on none of them, nor on a pool number. */
  sharedNumbers?: readonly string[];
  /** When set, an exhausted pool opens a PIN order instead of throwing PoolExhaustedError. */
  fallback?: PinFallback;
  /** ISO 3166 region for party phones without a country code; undefined = E.164 only. */
  defaultRegion?: string;
  /** Numbers tried per pair before PoolContentionError (default 5). */
  maxClaimAttempts?: number;
  /** Wall clock, epoch ms (default Date.now). */
  now?: () => number;
  /** Uniform in [0, 1), for the order of candidate numbers (default Math.random). */
  random?: () => number;
  /** Session id source (default `s` and 20 random letters, orders/random-id.ts). */
  newSessionId?: () => string;
  sleep?: (ms: number) => Promise<void>;
  /** Passed to ClaimBook (claims.ts): the tie-break's listings and wait. */
  tieBreakRounds?: number;
  tieBreakWaitMs?: number;
}

/** What openSession takes. */
export interface OpenSessionInput {
  /** The backend's order id (the order-record rules: 1–40 of A-Z a-z 0-9 _ -). */
  orderId: string;
  /** 2–3 parties, each role once; phones in any form libphonenumber-js reads (normalised to E.164). No labels: routes carry none. */
  parties: Omit<OrderPartyInput, 'label'>[];
  /** When the session ends: a Date, a zoned ISO 8601 string, or epoch ms. Routes live until then. */
  expiresAt: Date | string | number;
  /** Per-session call settings written into every route (contract/pool-route.ts). */
  settings?: PoolRouteSettings;
  /** Which pairs may call each other; default every pair of parties with different phones. */
  pairs?: [PartyRole, PartyRole][];
}

/** An active pool session. `expiresAt` and `createdAt` are Unix seconds; phones and numbers E.164. */
export interface PoolSession extends SessionRecord {
  mode: 'pool';
}

/** openSession's answer when it fell back on the PIN flow: every pair dials a shared number and enters `pin`. */
export interface PinSession {
  mode: 'pin';
  orderId: string;
  pin: string;
  /** The shared numbers to dial (deploy.numbers), E.164. */
  numbers: readonly string[];
  /** Unix seconds. */
  expiresAt: number;
}

/** openSession's answer: `status` says whether it opened a session now or found the same one active. */
export type OpenSessionResult = (PoolSession | PinSession) & { status: 'opened' | 'existing' };

/** A pair being allocated: the two parties with their canonical digits. */
interface PairPlan {
  roles: [PartyRole, PartyRole];
  parties: [Party, Party];
}

interface Party {
  role: PartyRole;
  phone: string;
  digits: string;
  country?: string;
}

/** A claim this call wrote and still owns. */
interface OwnClaim {
  partyDigits: string;
  numberDigits: string;
}

/**
 * Pool sessions (issue 12 §1) in ApplicationStorage: for each pair of parties of an order a virtual
 * number from the pool; each party dials it and the pool-call scenario finds the other in one read of
 * `route:<number>:<caller>` (contract/pool-route.ts). Keys and values: session-keys.ts.
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
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly newSessionId: () => string;
  private readonly locks = new KeyedLock();
  /** Digits of every pool and shared number: no party may be on one (a set, so the check costs one lookup per party). */
  private readonly virtualDigits: ReadonlySet<string>;
  /** `<party digits>:<number digits>` being claimed by a call in this process right now. */
  private readonly inFlight = new Set<string>();

  constructor(private readonly options: SessionStoreOptions) {
    this.kv = options.kv;
    this.virtualDigits = new Set([
      ...options.pool.map((n) => n.digits),
      ...(options.sharedNumbers ?? []).map((n) => internationalDigits(n) ?? n),
    ]);
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    this.newSessionId = options.newSessionId ?? (() => randomLetterId('s'));
    this.claims = new ClaimBook({
      kv: options.kv,
      now: this.now,
      sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      tieBreakRounds: options.tieBreakRounds,
      tieBreakWaitMs: options.tieBreakWaitMs,
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
    const prepared = this.prepare(input);
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
    const endS = this.endOf(expiresAt);
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

  private prepare(input: OpenSessionInput): PreparedSession {
    if (typeof input !== 'object' || input === null) throw new OrderInputError('(session)', 'must be an object');
    const parties = Array.isArray(input.parties) ? input.parties : [];
    parties.forEach((p, i) => {
      if (typeof p === 'object' && p !== null && 'label' in p)
        throw new OrderInputError(`parties[${i}].label`, 'pool routes carry no labels (contract/pool-route.ts); leave it out');
    });
    const order = prepareOrder(
      { orderId: input.orderId, parties: input.parties },
      { graceS: 0, defaultRegion: this.options.defaultRegion },
    );
    const record = JSON.parse(order.text) as OrderRecord;
    record.parties.forEach((p, i) => {
      if (this.virtualDigits.has(internationalDigits(p.phone) as string)) {
        throw new OrderInputError(
          `parties[${i}].phone`,
          `${p.phone} is a virtual number of this application (deploy.numbers or deploy.pool.numbers); the ${p.role} must be reached on a phone of their own`,
        );
      }
    });
    const expiresAt = this.endOf(input.expiresAt);
    const partyList: Party[] = record.parties.map((p) => {
      const country = countryOfNumber(p.phone);
      return { role: p.role, phone: p.phone, digits: internationalDigits(p.phone) as string, ...(country ? { country } : {}) };
    });
    const pairs = resolvePairs(partyList, input.pairs);
    const settings = input.settings;
    // Check the settings now, before any claim: formatPoolRoute refuses what the scenario would refuse.
    if (settings !== undefined) {
      try {
        formatPoolRoute(routeOf('s', record.orderId, pairs[0].parties[0], pairs[0].parties[1], expiresAt, settings));
      } catch (err) {
        if (err instanceof StoredJsonError) throw new OrderInputError(err.field || 'settings', err.problem);
        throw err;
      }
    }
    return { orderId: record.orderId, parties: partyList, pairs, expiresAt, ...(settings ? { settings } : {}) };
  }

  /** Unix s of `value`, in the future and leaving room for the cool-off within the 90-day TTL limit. */
  private endOf(value: Date | string | number): number {
    const ms = parseExpectedDelivery(value, 'expiresAt');
    if (ms === undefined) throw new OrderInputError('expiresAt', 'is required');
    const endS = Math.floor(ms / 1000);
    const ttlS = endS - this.nowS();
    if (ttlS <= 0) throw new OrderInputError('expiresAt', `lies ${-ttlS} s in the past`);
    const room = KV_MAX_TTL_S - this.options.coolOffS;
    if (ttlS > room)
      throw new OrderInputError(
        'expiresAt',
        `is ${ttlS} s ahead; with the cool-off of ${this.options.coolOffS} s at most ${room} s fit in ApplicationStorage's 90-day TTL (docs/platform.md#kv-ttl)`,
      );
    return endS;
  }

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
      const held = await this.heldNumbers(prepared.parties);
      const claimed = await this.claimPairs(record, prepared.pairs, held, owned);
      if (!(claimed instanceof Map)) {
        await this.releaseAll(owned, sessionId);
        return this.fallBack(prepared, claimed, held);
      }
      record.pairs = prepared.pairs.map((pair) => ({ roles: pair.roles, number: claimed.get(pair)!.number }));
      await this.writeSession(record, []);
      return { ...record, mode: 'pool' };
    } catch (err) {
      await this.releaseAll(owned, sessionId).catch(() => undefined); // best effort; an orphan claim only blocks its pair until it expires
      throw err;
    }
  }

  /** Numbers each party holds or cools off on (any session), by party digits: 1 listing per distinct phone. */
  private async heldNumbers(parties: readonly Party[]): Promise<Map<string, Set<string>>> {
    const phones = [...new Set(parties.map((p) => p.digits))];
    const listed = await Promise.all(phones.map((d) => this.claims.holdings(d)));
    return new Map(phones.map((d, i) => [d, new Set(listed[i].map((c: HeldClaim) => c.numberDigits))]));
  }

  /**
   * Claims a number for every pair at once: picks one per pair (none a party already holds, cools off
   * on, or got for another pair of this session), writes all claims, then verifies with one listing per
   * party (ClaimBook.verify). A pair that lost either claim releases both and picks again, up to
   * maxClaimAttempts rounds. `held` gains every number claimed. Returns the number of each pair, or
   * the first pair for which no number is free.
   * @throws PoolContentionError when pairs still lose after maxClaimAttempts rounds
   */
  private async claimPairs(
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
          this.random,
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

  /** Writes the claims of `picks`, verifies them (one listing per party), releases the pairs that lost; returns those pairs. */
  private async claimRound(record: SessionRecord, picks: Map<PairPlan, PoolNumber>, owned: OwnClaim[]): Promise<PairPlan[]> {
    const slots = [...picks].flatMap(([pair, number]) =>
      pair.parties.map((party) => ({ pair, party, number, slot: `${party.digits}:${number.digits}` })),
    );
    slots.forEach((s) => this.inFlight.add(s.slot));
    try {
      const ttlS = this.ttlOf(record) + this.options.coolOffS;
      const claimedAtMs = this.now();
      await Promise.all(
        slots.map(({ party, number }) => {
          owned.push({ partyDigits: party.digits, numberDigits: number.digits });
          return this.claims.write(party.digits, number.digits, claimValue(record, party.role, claimedAtMs), ttlS);
        }),
      );
      const byParty = new Map<string, string[]>();
      for (const { party, number } of slots) byParty.set(party.digits, [...(byParty.get(party.digits) ?? []), number.digits]);
      const results = await Promise.all(
        [...byParty].map(async ([digits, numbers]) => [digits, await this.claims.verify(digits, numbers, record.sessionId)] as const),
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
            return this.claims.release(party.digits, number.digits, record.sessionId);
          }),
        ),
      );
      return losers;
    } finally {
      slots.forEach((s) => this.inFlight.delete(s.slot));
    }
  }

  /** The exhausted pool: a PIN order when configured, else PoolExhaustedError naming the party. */
  private async fallBack(prepared: PreparedSession, pair: PairPlan, held: Map<string, Set<string>>): Promise<PinSession> {
    const fallback = this.options.fallback;
    if (!fallback) {
      const poolDigits = new Set(this.options.pool.map((n) => n.digits));
      const counts = pair.parties.map((p) => [...held.get(p.digits)!].filter((d) => poolDigits.has(d)).length);
      const worst = counts[1] > counts[0] ? 1 : 0;
      const alone = counts[worst] >= poolDigits.size;
      const party = pair.parties[worst];
      throw new PoolExhaustedError(
        prepared.orderId,
        party.role,
        counts[worst],
        poolDigits.size,
        party.phone,
        alone ? undefined : pair.parties[1 - worst].role,
      );
    }
    const deliveryS = prepared.expiresAt - fallback.graceS;
    const written = await fallback.orders.createOrder({
      orderId: prepared.orderId,
      parties: prepared.parties.map((p) => ({ role: p.role, phone: p.phone })),
      expectedDeliveryAt: deliveryS * 1000,
    });
    return { mode: 'pin', orderId: prepared.orderId, pin: written.pin, numbers: fallback.sharedNumbers, expiresAt: prepared.expiresAt };
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

  private async releaseAll(owned: OwnClaim[], sessionId: string): Promise<void> {
    const all = owned.splice(0);
    await Promise.all(all.map((c) => this.claims.release(c.partyDigits, c.numberDigits, sessionId)));
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
    return Math.max(1, record.expiresAt - this.nowS());
  }

  private nowS(): number {
    return Math.floor(this.now() / 1000);
  }
}

/** A session validated and ready to allocate. */
interface PreparedSession {
  orderId: string;
  parties: Party[];
  pairs: PairPlan[];
  expiresAt: number;
  settings?: PoolRouteSettings;
}

/** One claim of a session: the party, its role and the number's digits. */
interface ClaimOf {
  party: { digits: string };
  role: PartyRole;
  numberDigits: string;
}

/** The pairs of a session: those requested (checked), or every pair of parties with different phones. */
function resolvePairs(parties: Party[], requested: [PartyRole, PartyRole][] | undefined): PairPlan[] {
  const byRole = new Map(parties.map((p) => [p.role, p]));
  const wanted: [PartyRole, PartyRole][] =
    requested ?? parties.flatMap((a, i) => parties.slice(i + 1).map((b) => [a.role, b.role] as [PartyRole, PartyRole]));
  if (!Array.isArray(wanted)) throw new OrderInputError('pairs', 'must be an array of [role, role]');
  const seen = new Set<string>();
  const pairs: PairPlan[] = [];
  wanted.forEach((pair, i) => {
    if (!Array.isArray(pair) || pair.length !== 2)
      throw new OrderInputError(`pairs[${i}]`, 'must be two roles, e.g. ["courier", "customer"]');
    const [a, b] = pair.map((role) => byRole.get(role));
    if (!a || !b) throw new OrderInputError(`pairs[${i}]`, `names a role the order does not have (${pair.join(', ')})`);
    if (a.role === b.role) throw new OrderInputError(`pairs[${i}]`, `pairs ${a.role} with itself`);
    const same = samePhone(a.phone, b.phone);
    if (same && requested)
      throw new OrderInputError(
        `pairs[${i}]`,
        `the ${a.role} and the ${b.role} share one phone (${maskPhone(a.phone)}); they cannot call each other`,
      );
    if (same) return;
    const id = [a.role, b.role].sort().join('+');
    if (seen.has(id)) throw new OrderInputError(`pairs[${i}]`, `repeats the pair ${a.role}, ${b.role}`);
    seen.add(id);
    pairs.push({ roles: [a.role, b.role], parties: [a, b] });
  });
  if (pairs.length === 0) throw new OrderInputError('pairs', 'leaves no pair of parties who may call each other');
  return pairs;
}

/** The route a caller gets: whom to dial and until when (contract/pool-route.ts). */
function routeOf(
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
function claimValue(record: SessionRecord, role: PartyRole, claimedAtMs = record.createdAt * 1000): ClaimValue {
  return { v: 1, sessionId: record.sessionId, orderId: record.orderId, role, claimedAtMs, expiresAt: record.expiresAt };
}

/** Every (party, number) claim of a session: two per pair. */
function claimsOf(record: SessionRecord): ClaimOf[] {
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
function routeKeysOf(record: SessionRecord): string[] {
  const byRole = new Map(record.parties.map((p) => [p.role, p]));
  return record.pairs.flatMap((pair) => pair.roles.map((role) => poolRouteKey(pair.number, byRole.get(role)!.phone) as string));
}

function removeOwn(owned: OwnClaim[], partyDigits: string, numberDigits: string): void {
  const i = owned.findIndex((c) => c.partyDigits === partyDigits && c.numberDigits === numberDigits);
  if (i >= 0) owned.splice(i, 1);
}

/** What differs between the active session and a new open of the same order, phones masked. */
function describeSessionChanges(existing: SessionRecord, wanted: PreparedSession): string[] {
  const changes: string[] = [];
  const roles = new Set([...existing.parties.map((p) => p.role), ...wanted.parties.map((p) => p.role)]);
  for (const role of roles) {
    const was = existing.parties.find((p) => p.role === role);
    const is = wanted.parties.find((p) => p.role === role);
    if (!was) changes.push(`${role} added`);
    else if (!is) changes.push(`${role} removed`);
    else if (!samePhone(was.phone, is.phone)) changes.push(`${role} phone ${maskPhone(was.phone)} → ${maskPhone(is.phone)}`);
  }
  const pairIds = (pairs: { roles: [PartyRole, PartyRole] }[]) =>
    pairs
      .map((p) => [...p.roles].sort().join('+'))
      .sort()
      .join(', ');
  if (pairIds(existing.pairs) !== pairIds(wanted.pairs)) changes.push(`pairs ${pairIds(existing.pairs)} → ${pairIds(wanted.pairs)}`);
  if (JSON.stringify(existing.settings ?? {}) !== JSON.stringify(wanted.settings ?? {})) changes.push('settings');
  if (existing.expiresAt !== wanted.expiresAt)
    changes.push(
      `expiresAt ${new Date(existing.expiresAt * 1000).toISOString()} → ${new Date(wanted.expiresAt * 1000).toISOString()} (extendSession moves it)`,
    );
  return changes;
}
