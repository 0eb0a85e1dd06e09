import type { ActiveOrder, OrderStore } from '../backend/orders';
import { DemoScriptError } from './demo-script';

/**
 * The seeded order `orderId`, for the script entry named by `where` (`call "…"`, `sessions`).
 * @throws DemoScriptError when the order is not active (rejected by the seeding, or never in the feed)
 */
export async function activeOrder(store: OrderStore, orderId: string, where: string): Promise<ActiveOrder> {
  const order = await store.lookupOrder(orderId);
  if (!order) throw new DemoScriptError(`${where}: order ${orderId} is not active (was it rejected by the seeding?)`);
  return order;
}
