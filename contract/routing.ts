/**
 * Who is called when a party of an order calls the virtual number. Pure TypeScript.
 *
 * The caller is matched by caller ID against the order's parties by canonical digits
 * (contract/phone.ts internationalDigits: `+49…`, `0049…`, `+0049…` and the national `0…` resolved
 * with the dialed number's country code are one number);
 * the caller's role then picks the callee from CALL_TARGETS: the first role in the list that the order
 * has, skipping any party that shares the caller's own phone (a restaurant that delivers itself must
 * never be connected to itself).
 */
import { OrderParty, OrderRecord, PartyRole } from './order-record';
import { samePhone } from './phone';

/** For each caller role, the roles to call, in order of preference. */
export const CALL_TARGETS: Readonly<Record<PartyRole, readonly PartyRole[]>> = {
  courier: ['customer', 'restaurant'],
  customer: ['courier', 'restaurant'],
  restaurant: ['courier', 'customer'],
};

/** Result of matching a caller against an order. */
export type RouteDecision =
  | { kind: 'matched'; caller: OrderParty; callee: OrderParty }
  /** The caller ID matches none of the order's parties (or is withheld). */
  | { kind: 'caller_not_on_order' }
  /** The caller matches, but the order has nobody else to call. */
  | { kind: 'no_callee'; caller: OrderParty };

/**
 * Matches `callerId` (as delivered by the platform: any format internationalDigits reads) against
 * `order` and picks the callee. The first party (in record order) whose phone is the caller ID's number
 * is the caller. `defaultCountryCode` (digits, e.g. `'49'`; the dialed virtual number's code in the
 * scenario) resolves a caller ID in national form; without it a national form matches nobody.
 */
export function routeCall(order: OrderRecord, callerId: string, defaultCountryCode?: string | null): RouteDecision {
  const caller = order.parties.find((p) => samePhone(p.phone, callerId, defaultCountryCode));
  if (!caller) return { kind: 'caller_not_on_order' };
  for (const role of CALL_TARGETS[caller.role]) {
    const callee = order.parties.find((p) => p.role === role && !samePhone(p.phone, callerId, defaultCountryCode));
    if (callee) return { kind: 'matched', caller, callee };
  }
  return { kind: 'no_callee', caller };
}
