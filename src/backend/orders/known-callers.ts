import { formatKnownCaller, knownCallerKey } from '../../../contract/known-caller';
import { OrderRecord, PartyRole } from '../../../contract/order-record';
import type { KeyValueBackend } from './kv-backend';

/**
 * The known-caller index of an order (contract/known-caller.ts), kept by OrderStore when
 * `pin.skipForKnownCaller` is on: one `knowncaller:<phone digits>:<orderId>` key per distinct phone of
 * the order, holding the party's role and the order's PIN, with the order's TTL.
 *
 * Race-free without compare-and-set (docs/platform.md#kv-consistency): each (caller, order) has its own
 * key, so writers of different orders never touch each other's entries, and the scenario checks the
 * caller against the order record itself, so an entry left behind by a writer that lost a race (or a
 * party removed a moment ago) can never route a caller to an order they are not on.
 */

/**
 * The index keys of an order, one per distinct phone, with the role of the first party on that phone
 * (contract/routing.ts matches the first party too).
 */
export function knownCallerKeys(record: OrderRecord): { key: string; role: PartyRole }[] {
  const keys = new Map<string, PartyRole>();
  for (const party of record.parties) {
    const key = knownCallerKey(party.phone, record.orderId);
    if (key !== null && !keys.has(key)) keys.set(key, party.role);
  }
  return [...keys].map(([key, role]) => ({ key, role }));
}

/** Writes every entry of the order (its PIN included) for `ttlS` seconds: 1 request per distinct phone, in parallel. */
export async function writeKnownCallers(kv: KeyValueBackend, record: OrderRecord, pin: string, ttlS: number): Promise<void> {
  await Promise.all(
    knownCallerKeys(record).map(({ key, role }) => kv.set(key, formatKnownCaller({ v: 1, orderId: record.orderId, role, pin }), ttlS)),
  );
}

/**
 * Deletes the entries of `before`'s phones that `after` no longer has (a courier reassigned, a party
 * removed); with `after` undefined (the order closed), every entry of `before`.
 */
export async function removeKnownCallers(kv: KeyValueBackend, before: OrderRecord, after?: OrderRecord): Promise<void> {
  const kept = new Set(after ? knownCallerKeys(after).map((e) => e.key) : []);
  await Promise.all(
    knownCallerKeys(before)
      .filter((e) => !kept.has(e.key))
      .map((e) => kv.delete(e.key)),
  );
}
