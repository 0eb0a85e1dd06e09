import { KV_MAX_TTL_S } from '../../../contract/storage-limits';
import { OrderInputError } from './errors';

/**
 * The TTL to write for an order, in seconds: until its deadline (expected delivery + grace) when it
 * has one, else `defaultTtlS`; capped at the platform maximum of 7,776,000 s.
 * @param deadlineS Unix seconds, or undefined
 * @param nowMs wall-clock epoch ms
 * @throws OrderInputError (field `expectedDeliveryAt`) when the deadline has already passed
 */
export function orderTtlS(deadlineS: number | undefined, nowMs: number, defaultTtlS: number): number {
  if (deadlineS === undefined) return Math.min(defaultTtlS, KV_MAX_TTL_S);
  const ttl = deadlineS - Math.floor(nowMs / 1000);
  if (ttl <= 0)
    throw new OrderInputError('expectedDeliveryAt', `plus the grace period lies ${-ttl} s in the past; the order would expire at once`);
  return Math.min(ttl, KV_MAX_TTL_S);
}
