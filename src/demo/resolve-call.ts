import { routeCall } from '../../contract/routing';
import { randomPin } from '../backend/orders/pin';
import type { ActiveOrder, OrderStore } from '../backend/orders';
import type { InboundCallSpec, PartyAction } from '../sandbox/runtime';
import { DemoAction, DemoScriptError, type InboundDemoCall, type PoolTarget } from './demo-script';
import { activeOrder } from './seeded-orders';
import { type DemoSessions, poolNumberFor } from './demo-sessions';

/**
 * Turns a scripted demo call (examples/call-script.json) into the runtime's inbound call: the real
 * caller number of the named party, PINs looked up in the seeded orders, and who the scenario will
 * dial (so the script's callee behaviour can be set on that phone).
 */

/** A scripted call, resolved against the seeded orders. Numbers are E.164. */
export interface ResolvedCall {
  spec: InboundCallSpec;
  from: string;
  /** The virtual number dialed: the script's shared number, or the pool session's number of the pair. */
  to: string;
  callerRole: string | null;
  orderId: string | null;
  /** The phone the scenario will dial for this caller (undefined when the caller is not on the order). */
  callee?: string;
  /** Every phone of the order other than the caller's. */
  farEnds: string[];
  /** Role by phone number, for the report. */
  partyRoles: Record<string, string>;
}

/**
 * Turns a scripted call into an inbound call: real caller number, PINs from the seeded orders, and for a
 * call to a pool session (`to: {pool}`) the session's number for the caller's pair.
 */
export async function resolveCall(
  call: InboundDemoCall,
  store: OrderStore,
  pinLength: number,
  sessions: DemoSessions = new Map(),
): Promise<ResolvedCall> {
  let order: ActiveOrder | undefined;
  let from: string;
  if (typeof call.from === 'string') from = call.from;
  else {
    const { order: orderId, role } = call.from;
    order = await activeOrder(store, orderId, `call "${call.name}"`);
    const party = order.record.parties.find((p) => p.role === role);
    if (!party) throw new DemoScriptError(`call "${call.name}": order ${orderId} has no ${role}`);
    from = party.phone;
  }
  const pins = new Map<string, string>();
  for (const action of call.actions)
    if ('pressPin' in action) pins.set(action.pressPin, (await activeOrder(store, action.pressPin, `call "${call.name}"`)).pin);
  const unusedPins: string[] = [];
  for (const action of call.actions) if ('pressUnusedPin' in action) unusedPins.push(await unusedPinOf(store, pinLength, unusedPins));
  const route = order ? routeCall(order.record, from) : undefined;
  const callerRole = route?.kind === 'matched' || route?.kind === 'no_callee' ? route.caller.role : null;
  const parties = order?.record.parties ?? [];
  // A pool call reaches the party the pair names; a PIN call the one routeCall picks from the order.
  const to = typeof call.to === 'string' ? call.to : poolNumberFor(sessions, call.to, callerRole, call.name);
  const callee = typeof call.to === 'string' ? (route?.kind === 'matched' ? route.callee.phone : undefined) : poolCallee(call.to, parties);
  return {
    spec: { from, to, abandonAfterS: call.abandonAfterS, actions: call.actions.map((a) => toPartyAction(a, pins, unusedPins)) },
    from,
    to,
    callerRole,
    orderId: order?.record.orderId ?? null,
    callee,
    farEnds: parties.map((p) => p.phone).filter((p) => p !== from),
    partyRoles: Object.fromEntries(parties.map((p) => [p.phone, p.role])),
  };
}

/** The phone of the party a pool call targets, when the caller's order has that role. */
function poolCallee(target: PoolTarget, parties: readonly { role: string; phone: string }[]): string | undefined {
  return parties.find((p) => p.role === target.pool.callee)?.phone;
}

/** The runtime action for a scripted one; `unusedPins` are consumed in order by `pressUnusedPin` actions. */
function toPartyAction(action: DemoAction, pins: Map<string, string>, unusedPins: string[]): PartyAction {
  if ('pressUnusedPin' in action) return { press: unusedPins.shift()!, gapMs: action.gapMs };
  if ('pressPin' in action) return { press: `${pins.get(action.pressPin)!}${action.then ?? ''}`, gapMs: action.gapMs };
  return action;
}

/** A random PIN of `length` digits that no active order uses (checked through the order store) and not in `taken`. */
async function unusedPinOf(store: OrderStore, length: number, taken: readonly string[]): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const pin = randomPin(length);
    if (!taken.includes(pin) && !(await store.lookupPin(pin))) return pin;
  }
  throw new DemoScriptError(`no unused ${length}-digit PIN found in 100 draws; are nearly all PINs taken?`);
}
