/**
 * The shapes a SessionStore (session-store.ts) takes and answers: its settings, the input of
 * openSession and the sessions it returns, pool or PIN fallback. Types only, so that callers (the CLI,
 * report.ts) can name them without loading the store.
 */
import type { PartyRole } from '../../../contract/order-record';
import type { PoolRouteSettings } from '../../../contract/pool-route';
import type { KeyValueBackend } from '../orders/kv-backend';
import type { OrderPartyInput } from '../orders/order-input';
import type { OrderStore } from '../orders/order-store';
import type { PoolNumber } from './pool-numbers';
import type { SessionRecord } from './session-keys';

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
