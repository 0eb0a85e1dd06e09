/**
 * The order index: which PIN an order holds, so that seeding the same order again finds its PIN
 * instead of allocating a new one, and close/extend/lookup work by order id.
 *
 * Key: `orderpin:<orderId>` (namespace `orderpin`; order ids are 1–40 of A-Z a-z 0-9 _ -, so the key
 * stays within the 200-character, `[a-zA-Z0-9_\-:;.#+]` ApplicationStorage key rules, docs/platform.md#kv-limits).
 * Note that a prefix listing of `order` (without the colon) also matches `orderpin:` keys; list `order:`.
 *
 * Value: `{"v":1,"pin":"<digits>","deadline":<unix s>}`: the PIN, and the order's deadline (expected
 * delivery + grace, 0 when none) so a re-seed with a changed delivery time is seen as a change even
 * though the order record itself does not carry the time. Both keys get the same TTL.
 *
 * Written by the backend (src/backend/orders/order-store.ts); read by the click-to-call scenario, whose
 * custom data names an order by id. Pure TypeScript: no Node or VoxEngine globals.
 */

import { isValidPin } from './order-record';

/** Namespace of index keys. */
export const ORDER_INDEX_NAMESPACE = 'orderpin';

/** What the index holds for one order. */
export interface OrderIndexEntry {
  pin: string;
  /** Unix seconds; 0 = no expected delivery time was given. */
  deadline: number;
}

/** `orderpin:<orderId>`. */
export function orderIndexKey(orderId: string): string {
  return `${ORDER_INDEX_NAMESPACE}:${orderId}`;
}

/** The stored text of an index entry. */
export function formatOrderIndex(entry: OrderIndexEntry): string {
  return JSON.stringify({ v: 1, pin: entry.pin, deadline: entry.deadline });
}

/**
 * Reads an index value; undefined when it is not a version-1 entry with a valid PIN (isValidPin: 4–10
 * digits). A damaged entry is then treated as absent and overwritten by the next write.
 */
export function parseOrderIndex(text: string): OrderIndexEntry | undefined {
  try {
    const raw = JSON.parse(text) as { v?: unknown; pin?: unknown; deadline?: unknown };
    if (raw.v !== 1 || typeof raw.pin !== 'string' || !isValidPin(raw.pin)) return undefined;
    return { pin: raw.pin, deadline: typeof raw.deadline === 'number' ? raw.deadline : 0 };
  } catch {
    return undefined;
  }
}
