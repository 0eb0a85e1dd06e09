/**
 * The route of a pool session (issue 12 §1): what the pool-call scenario reads, in one
 * ApplicationStorage.get, when a caller dials a virtual number of the number pool.
 *
 * Key: `route:<dialed digits>:<caller digits>`, both canonical international digits without `+`
 * (contract/phone.ts internationalDigits), e.g. `route:4930500000101:4915112345678`. One key per
 * (virtual number, caller): the backend writes one for each party of a session that may dial that
 * number. At most 6 + 15 + 1 + 15 = 37 characters of `[0-9:a-z]`, within the 200-character,
 * `[a-zA-Z0-9_\-:;.#+]` key rules (docs/platform.md#kv-limits).
 *
 * Value (JSON, at most 2000 characters, docs/platform.md#kv-limits):
 * ```json
 * {"v":1,"sessionId":"s-8f2k","orderId":"A-1042","callerRole":"courier","calleeRole":"customer",
 *  "callee":"+4930123456789","expiresAt":1767225600,
 *  "settings":{"callTimeLimitS":900,"ringTimeoutS":30,"record":true}}
 * ```
 * `callee` is the E.164 number the scenario dials; `expiresAt` is Unix seconds and the key's TTL is
 * `expiresAt - now` (docs/platform.md#kv-ttl), so an expired route is normally gone; a reader still
 * checks isPoolRouteLive because expiry is not promised to the second.
 *
 * Pure TypeScript: no Node or VoxEngine globals (bundled into the pool-call scenario).
 */
import { MAX_CALL_S_MAX, MAX_CALL_S_MIN, PARTY_ROLES, PartyRole } from './order-record';
import { countryCodeOf, internationalDigits, isE164 } from './phone';
import { KV_MAX_VALUE_LENGTH } from './storage-limits';
import {
  checkVersion,
  orderIdField,
  formatChecked,
  integerField,
  oneOfField,
  parseJsonObject,
  patternField,
  problemAt,
  StoredJsonResult,
} from './stored-json';

/** Namespace of route keys. */
export const POOL_ROUTE_NAMESPACE = 'route';
/** Key prefix of every route: `route:`. */
export const POOL_ROUTE_PREFIX = `${POOL_ROUTE_NAMESPACE}:`;
/** Format version, written in `v`. */
export const POOL_ROUTE_VERSION = 1;
/** Session ids: 1–40 of A-Z a-z 0-9 _ -. */
export const SESSION_ID_PATTERN_SOURCE = '^[A-Za-z0-9_-]{1,40}$';
/** Ring timeout bounds, in seconds: an outgoing call fails with 408 after 60 s anyway (docs/platform.md#session-limits). */
export const RING_TIMEOUT_S_MIN = 5;
export const RING_TIMEOUT_S_MAX = 60;

/** Per-session call settings; absent = the scenario's configured default. */
export interface PoolRouteSettings {
  /** Longest bridged call, in seconds (30–14,400, as an order's maxCallS). */
  callTimeLimitS?: number;
  /** How long the callee may ring, in seconds (5–60). */
  ringTimeoutS?: number;
  /** Record the bridged call. */
  record?: boolean;
}

/** Version 1 of a route value. */
export interface PoolRoute {
  v: 1;
  sessionId: string;
  orderId: string;
  /** Role of the party who dials this virtual number. */
  callerRole: PartyRole;
  /** Role of the party the scenario dials. */
  calleeRole: PartyRole;
  /** E.164 number (with `+`) of the party to dial; never spoken, shown or logged unmasked. */
  callee: string;
  /** When the session ends, Unix seconds. */
  expiresAt: number;
  settings?: PoolRouteSettings;
}

const SESSION_ID_RE = new RegExp(SESSION_ID_PATTERN_SOURCE, 'u');
const E164_RULE = { test: isE164 };
/** Latest expiresAt accepted: the year 9999, in Unix seconds (a larger value is a unit mistake, e.g. ms). */
const MAX_EXPIRES_AT_S = 253_402_300_799;

/**
 * The route key of a caller on a dialed virtual number: `route:<dialed digits>:<caller digits>`.
 * Returns null when either number cannot be read (a withheld caller ID, a SIP URI): such a caller has no route.
 *
 * @param dialedE164 the virtual number dialed (E.164; `destination` of CallAlerting may lack the `+`)
 * @param callerE164 the caller ID or party phone (any form contract/phone.ts internationalDigits reads)
 * @param defaultCountry country calling code digits (e.g. `'49'`) resolving a caller ID in national
 *   form; undefined = the dialed number's own code (a national form is relative to the network the call
 *   arrives on); null = national forms are not resolved
 */
export function poolRouteKey(dialedE164: string, callerE164: string, defaultCountry?: string | null): string | null {
  const dialed = internationalDigits(dialedE164);
  if (dialed === null) return null;
  const caller = internationalDigits(callerE164, defaultCountry === undefined ? countryCodeOf(dialedE164) : defaultCountry);
  return caller === null ? null : `${POOL_ROUTE_PREFIX}${dialed}:${caller}`;
}

/** `route:<dialed digits>:`, the prefix of every route on one virtual number; null when the number cannot be read. */
export function poolRoutePrefix(dialedE164: string): string | null {
  const dialed = internationalDigits(dialedE164);
  return dialed === null ? null : `${POOL_ROUTE_PREFIX}${dialed}:`;
}

/**
 * Reads a stored route value, lenient-but-checked (contract/stored-json.ts): unknown fields are
 * ignored, every field above is checked (session and order id layout, roles of contract/order-record.ts
 * and different from each other, callee E.164, expiresAt a positive integer of seconds, settings in range).
 * Returns `{ ok: true, value }` with a fresh object of known fields, or `{ ok: false, field, problem }`.
 */
export function parsePoolRoute(text: string): StoredJsonResult<PoolRoute> {
  const parsed = parseJsonObject(text, KV_MAX_VALUE_LENGTH, 'pool route');
  if (!parsed.ok) return parsed;
  const obj = parsed.value;
  const version = checkVersion(obj, POOL_ROUTE_VERSION);
  if (version) return version;
  const sessionId = patternField(obj, 'sessionId', SESSION_ID_RE, '1-40 of A-Z a-z 0-9 _ -');
  if (!sessionId.ok) return sessionId;
  const orderId = orderIdField(obj);
  if (!orderId.ok) return orderId;
  const callerRole = oneOfField(obj, 'callerRole', PARTY_ROLES);
  if (!callerRole.ok) return callerRole;
  const calleeRole = oneOfField(obj, 'calleeRole', PARTY_ROLES);
  if (!calleeRole.ok) return calleeRole;
  if (calleeRole.value === callerRole.value) return problemAt('calleeRole', `is the caller's own role "${callerRole.value}"`);
  const callee = patternField(obj, 'callee', E164_RULE, 'E.164 with a leading + (7-15 digits)');
  if (!callee.ok) return callee;
  if (obj.expiresAt === undefined) return problemAt('expiresAt', 'is required');
  const expiresAt = integerField(obj, 'expiresAt', 'expiresAt', 1, MAX_EXPIRES_AT_S, 'Unix seconds');
  if (!expiresAt.ok) return expiresAt;
  const route: PoolRoute = {
    v: 1,
    sessionId: sessionId.value,
    orderId: orderId.value,
    callerRole: callerRole.value,
    calleeRole: calleeRole.value,
    callee: callee.value,
    expiresAt: expiresAt.value as number,
  };
  if (obj.settings !== undefined) {
    const settings = parseSettings(obj.settings);
    if (!settings.ok) return settings;
    route.settings = settings.value;
  }
  return { ok: true, value: route };
}

function parseSettings(value: unknown): StoredJsonResult<PoolRouteSettings> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return problemAt('settings', 'must be a JSON object');
  const obj = value as Record<string, unknown>;
  const settings: PoolRouteSettings = {};
  const limit = integerField(obj, 'callTimeLimitS', 'settings.callTimeLimitS', MAX_CALL_S_MIN, MAX_CALL_S_MAX, 'seconds');
  if (!limit.ok) return limit;
  if (limit.value !== undefined) settings.callTimeLimitS = limit.value;
  const ring = integerField(obj, 'ringTimeoutS', 'settings.ringTimeoutS', RING_TIMEOUT_S_MIN, RING_TIMEOUT_S_MAX, 'seconds');
  if (!ring.ok) return ring;
  if (ring.value !== undefined) settings.ringTimeoutS = ring.value;
  if (obj.record !== undefined) {
    if (typeof obj.record !== 'boolean') return problemAt('settings.record', 'must be true or false');
    settings.record = obj.record;
  }
  return { ok: true, value: settings };
}

/**
 * The JSON text of `route`, checked by parsePoolRoute (one validator for writer and reader).
 * @throws StoredJsonError (contract/stored-json.ts) naming the first bad field
 */
export function formatPoolRoute(route: PoolRoute): string {
  return formatChecked(route, 'pool route', parsePoolRoute);
}

/** True while `route` has not expired: `expiresAt` (Unix s) lies after `nowS` (Unix s). */
export function isPoolRouteLive(route: Pick<PoolRoute, 'expiresAt'>, nowS: number): boolean {
  return route.expiresAt > nowS;
}
