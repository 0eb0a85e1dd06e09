import type { PartyRole } from '../../contract/order-record';
import type { OrderStore } from '../backend/orders';
import type { PoolSession, SessionStore } from '../backend/sessions';
import { DemoScriptError, type DemoSession, type PoolTarget } from './demo-script';
import { activeOrder } from './seeded-orders';

/**
 * The demo's pool sessions (issue 12 §1): opened for seeded orders with the backend library, as a
 * backend opens one when an order is dispatched, and closed again where the script says so. Calls then
 * dial the session's numbers (`to: {pool: {order, callee}}`).
 */

/** How long the demo's sessions last, s: longer than any demo run. */
const SESSION_LIFETIME_S = 2 * 3600;

/** The sessions a demo run opened, by order id (closed ones too: their numbers are what a caller still has). */
export type DemoSessions = ReadonlyMap<string, PoolSession>;

/**
 * Opens one pool session per entry of `sessions` for the seeded order of that id (its parties, every
 * pair), or takes the order's session that is still active, then closes those marked `close`. `nowMs`
 * is the sandbox's clock (epoch ms).
 * @throws DemoScriptError when an order is not active or the pool answers with the PIN fallback
 *   (the demo's pool is sized for its sessions); the session store's errors otherwise (PoolExhaustedError…)
 */
export async function openDemoSessions(
  sessions: readonly DemoSession[],
  orders: OrderStore,
  pool: SessionStore,
  nowMs: number,
): Promise<DemoSessions> {
  const opened = new Map<string, PoolSession>();
  for (const entry of sessions) {
    const order = await activeOrder(orders, entry.order, 'sessions');
    // A run with --keep finds the sessions of the last run still active: the backend would keep them too.
    const active = await pool.findSession(order.record.orderId);
    if (active) {
      opened.set(entry.order, active);
      continue;
    }
    const session = await pool.openSession({
      orderId: order.record.orderId,
      parties: order.record.parties.map(({ role, phone }) => ({ role, phone })),
      expiresAt: nowMs + SESSION_LIFETIME_S * 1000,
    });
    if (session.mode !== 'pool')
      throw new DemoScriptError(`sessions: the pool had no number for order ${entry.order} (deploy.pool.numbers is too small)`);
    opened.set(entry.order, session);
  }
  for (const entry of sessions) if (entry.close) await pool.closeSession(opened.get(entry.order)!.sessionId);
  return opened;
}

/**
 * The pool number `callerRole` dials to reach `target.pool.callee` in the session of `target.pool.order`.
 * @throws DemoScriptError when the script names a session it did not open or a pair the session lacks
 */
export function poolNumberFor(sessions: DemoSessions, target: PoolTarget, callerRole: PartyRole | null, callName: string): string {
  const { order, callee } = target.pool;
  const session = sessions.get(order);
  if (!session) throw new DemoScriptError(`call "${callName}": no session was opened for order ${order} (add it to "sessions")`);
  const pair =
    callerRole === callee
      ? undefined
      : session.pairs.find((p) => p.roles.includes(callee) && (callerRole === null || p.roles.includes(callerRole)));
  if (!pair) throw new DemoScriptError(`call "${callName}": the session of order ${order} has no pair ${callerRole ?? '?'} <-> ${callee}`);
  return pair.number;
}
