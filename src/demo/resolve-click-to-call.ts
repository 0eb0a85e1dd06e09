import type { OrderStore } from '../backend/orders';
import type { ClickToCallDemo } from './demo-script';
import { DemoScriptError } from './demo-script';
import type { ResolvedCall } from './resolve-call';
import { activeOrder } from './seeded-orders';

/**
 * A scripted click-to-call (examples/call-script.json, `clickToCall`), resolved against the seeded
 * order: the phones of A (called first) and B, so the script's behaviours can be set on them, and what
 * the report shows (A as the "caller", the virtual number as what connects them).
 */
export interface ResolvedClickToCall extends Omit<ResolvedCall, 'spec' | 'callee'> {
  /** A's and B's phones, E.164. */
  phones: { from: string; to: string };
}

/**
 * @param virtualNumber the number the click-to-call scenario shows (scenario.clickToCall.virtualNumber)
 * @throws DemoScriptError when the order is not active or lacks one of the roles, or no virtual number is configured
 */
export async function resolveClickToCall(
  call: ClickToCallDemo,
  store: OrderStore,
  virtualNumber: string | null,
): Promise<ResolvedClickToCall> {
  const { order: orderId, from, to } = call.clickToCall;
  if (!virtualNumber)
    throw new DemoScriptError(`call "${call.name}": a click-to-call needs scenario.clickToCall.virtualNumber in the configuration`);
  const order = await activeOrder(store, orderId, `call "${call.name}"`);
  const phoneOf = (role: string): string => {
    const party = order.record.parties.find((p) => p.role === role);
    if (!party) throw new DemoScriptError(`call "${call.name}": order ${orderId} has no ${role}`);
    return party.phone;
  };
  const phones = { from: phoneOf(from), to: phoneOf(to) };
  return {
    from: phones.from,
    to: virtualNumber,
    callerRole: from,
    orderId: order.record.orderId,
    farEnds: order.record.parties.map((p) => p.phone).filter((p) => p !== phones.from),
    partyRoles: Object.fromEntries(order.record.parties.map((p) => [p.phone, p.role])),
    phones,
  };
}
