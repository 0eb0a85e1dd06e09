import { routeCall } from '../../contract/routing';
import type { OrderStore } from '../backend/orders';

/**
 * A call script for `voxmask call --sandbox` that a newcomer can run against the sandbox `voxmask start`
 * leaves running: the courier of a seeded order dials the first virtual number and enters that
 * order's real PIN; the other party answers, talks 20 s and hangs up. Written next to the sandbox state
 * (its PIN exists only there) and meant to be edited: other callers, PINs, callee behaviours.
 * Returns undefined when the order is not active.
 */
export async function tryCallScript(store: OrderStore, orderId: string, virtualNumber: string): Promise<object | undefined> {
  const order = await store.lookupOrder(orderId);
  const caller = order?.record.parties.find((p) => p.role === 'courier') ?? order?.record.parties[0];
  if (!order || !caller) return undefined;
  const route = routeCall(order.record, caller.phone);
  if (route.kind !== 'matched') return undefined;
  return {
    description: `Order ${orderId} (PIN ${order.pin}): its ${caller.role} calls ${virtualNumber} and is bridged to the ${route.callee.role}. Run: npx voxmask call --sandbox <host> <this file>. Edit it to try other callers, PINs and callee behaviours (docs/runtime.md, "Call scripts").`,
    phones: { [route.callee.phone]: { answer: { afterS: 4, actions: [{ waitS: 20 }, { hangup: true }] } } },
    calls: [{ from: caller.phone, to: virtualNumber, actions: [{ waitUntilHeard: 'order number' }, { press: order.pin }, { waitS: 60 }] }],
  };
}
