/**
 * Checking what openSession is given before anything is written: the parties (normalised, none on a
 * virtual number), the pairs that may call each other, the end (within the 90-day TTL limit less the
 * cool-off) and the settings, into a PreparedSession; and what differs between an active session and
 * a new open of the same order. No storage access.
 */
import { OrderRecord, PartyRole } from '../../../contract/order-record';
import { internationalDigits, maskPhone, samePhone } from '../../../contract/phone';
import { formatPoolRoute, PoolRouteSettings } from '../../../contract/pool-route';
import { StoredJsonError } from '../../../contract/stored-json';
import { KV_MAX_TTL_S } from '../../../contract/storage-limits';
import { OrderInputError } from '../orders/errors';
import { parseExpectedDelivery, prepareOrder } from '../orders/order-input';
import { countryOfNumber } from './pool-numbers';
import { routeOf } from './session-entries';
import type { SessionRecord } from './session-keys';
import type { OpenSessionInput } from './session-types';

/** A party of a session with its canonical digits and, when known, its country (ISO 3166). */
export interface Party {
  role: PartyRole;
  phone: string;
  digits: string;
  country?: string;
}

/** A pair being allocated: the two parties with their canonical digits. */
export interface PairPlan {
  roles: [PartyRole, PartyRole];
  parties: [Party, Party];
}

/** A session validated and ready to allocate. `expiresAt` in Unix seconds. */
export interface PreparedSession {
  orderId: string;
  parties: Party[];
  pairs: PairPlan[];
  expiresAt: number;
  settings?: PoolRouteSettings;
}

/** What prepareSession checks against. */
export interface PlanContext {
  /** Digits of every pool and shared number: no party may be on one. */
  virtualDigits: ReadonlySet<string>;
  /** ISO 3166 region for party phones without a country code; undefined = E.164 only. */
  defaultRegion?: string;
  /** Seconds a (number, party) pair stays unused after its session ends. */
  coolOffS: number;
  /** Now, Unix seconds. */
  nowS: number;
}

/**
 * Checks and normalises openSession's input.
 * @throws OrderInputError naming the field (order id, phone, role, label, pair, settings, expiresAt,
 *   a party on a virtual number)
 */
export function prepareSession(input: OpenSessionInput, context: PlanContext): PreparedSession {
  if (typeof input !== 'object' || input === null) throw new OrderInputError('(session)', 'must be an object');
  const parties = Array.isArray(input.parties) ? input.parties : [];
  parties.forEach((p, i) => {
    if (typeof p === 'object' && p !== null && 'label' in p)
      throw new OrderInputError(`parties[${i}].label`, 'pool routes carry no labels (contract/pool-route.ts); leave it out');
  });
  const order = prepareOrder({ orderId: input.orderId, parties: input.parties }, { graceS: 0, defaultRegion: context.defaultRegion });
  const record = JSON.parse(order.text) as OrderRecord;
  record.parties.forEach((p, i) => {
    if (context.virtualDigits.has(internationalDigits(p.phone) as string)) {
      throw new OrderInputError(
        `parties[${i}].phone`,
        `${p.phone} is a virtual number of this application (deploy.numbers or deploy.pool.numbers); the ${p.role} must be reached on a phone of their own`,
      );
    }
  });
  const expiresAt = sessionEndS(input.expiresAt, context.nowS, context.coolOffS);
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

/**
 * Unix s of `value` (a Date, a zoned ISO 8601 string or epoch ms), in the future and leaving room for
 * the cool-off of `coolOffS` within the 90-day TTL limit.
 * @throws OrderInputError (field `expiresAt`)
 */
export function sessionEndS(value: Date | string | number, nowS: number, coolOffS: number): number {
  const ms = parseExpectedDelivery(value, 'expiresAt');
  if (ms === undefined) throw new OrderInputError('expiresAt', 'is required');
  const endS = Math.floor(ms / 1000);
  const ttlS = endS - nowS;
  if (ttlS <= 0) throw new OrderInputError('expiresAt', `lies ${-ttlS} s in the past`);
  const room = KV_MAX_TTL_S - coolOffS;
  if (ttlS > room)
    throw new OrderInputError(
      'expiresAt',
      `is ${ttlS} s ahead; with the cool-off of ${coolOffS} s at most ${room} s fit in ApplicationStorage's 90-day TTL (docs/platform.md#kv-ttl)`,
    );
  return endS;
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

/** What differs between the active session and a new open of the same order, phones masked; empty when nothing does. */
export function describeSessionChanges(existing: SessionRecord, wanted: PreparedSession): string[] {
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
