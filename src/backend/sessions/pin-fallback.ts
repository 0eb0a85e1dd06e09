/**
 * What openSession does when the pool has no number left for a pair: open the order under a PIN on
 * the shared numbers (`deploy.pool.fallbackToPin`), or, without a fallback, throw PoolExhaustedError
 * naming the party that holds the most numbers.
 */
import { PoolExhaustedError } from './errors';
import type { PoolNumber } from './pool-numbers';
import type { PairPlan, PreparedSession } from './session-plan';
import type { PinFallback, PinSession } from './session-types';

/**
 * The exhausted pool: a PIN order when `fallback` is set, else PoolExhaustedError naming the party.
 * `pair` is the pair no number was free for; `held` the numbers each party holds, by party digits.
 * @throws PoolExhaustedError without a fallback; the order store's errors with one
 */
export async function fallBackOnPin(
  prepared: PreparedSession,
  pair: PairPlan,
  held: Map<string, Set<string>>,
  pool: readonly PoolNumber[],
  fallback: PinFallback | undefined,
): Promise<PinSession> {
  if (!fallback) {
    const poolDigits = new Set(pool.map((n) => n.digits));
    const counts = pair.parties.map((p) => [...held.get(p.digits)!].filter((d) => poolDigits.has(d)).length);
    const worst = counts[1] > counts[0] ? 1 : 0;
    const alone = counts[worst] >= poolDigits.size;
    const party = pair.parties[worst];
    throw new PoolExhaustedError(
      prepared.orderId,
      party.role,
      counts[worst],
      poolDigits.size,
      party.phone,
      alone ? undefined : pair.parties[1 - worst].role,
    );
  }
  const deliveryS = prepared.expiresAt - fallback.graceS;
  const written = await fallback.orders.createOrder({
    orderId: prepared.orderId,
    parties: prepared.parties.map((p) => ({ role: p.role, phone: p.phone })),
    expectedDeliveryAt: deliveryS * 1000,
  });
  return { mode: 'pin', orderId: prepared.orderId, pin: written.pin, numbers: fallback.sharedNumbers, expiresAt: prepared.expiresAt };
}
