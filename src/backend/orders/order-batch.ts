/**
 * Batches of order writes (OrderStore.beginBatch … endBatch, what seedRows uses): the view a batch
 * starts from (one listing of `order:` and `orderpin:`), and the check at its end that finds orders
 * of the batch that met another writer's order on one PIN. ApplicationStorage has no compare-and-set
 * (docs/platform.md#kv-consistency), so collisions are found afterwards; moving an order to a new PIN
 * is the store's (order-store.ts), called back from here.
 */
import { ORDER_KEY_PREFIX, orderKey } from '../../../contract/order-record';
import type { KeyValueBackend, StoredValue } from './kv-backend';
import { ORDER_INDEX_NAMESPACE, OrderIndexEntry, parseOrderIndex } from './order-index';
import type { BatchVerification } from './order-store-types';

/** `orderpin:`, the prefix of every index key. */
const ORDER_INDEX_PREFIX = `${ORDER_INDEX_NAMESPACE}:`;
/** Verification rounds of endBatch (each lists the keys again only when the previous one moved an order). */
const VERIFY_ROUNDS = 3;

/** An order this batch wrote: its PIN, record text, TTL (s) and index entry. */
export interface WrittenOrder {
  pin: string;
  text: string;
  ttlS: number;
  entry: OrderIndexEntry;
}

/** What a batch (beginBatch … endBatch) knows, so that a new order costs its two writes and no read. */
export interface BatchView {
  /** `order:` items by PIN, as listed at the start and written since. */
  records: Map<string, StoredValue>;
  /** Index values by order id, as listed at the start and written since. */
  indexes: Map<string, string>;
  /** PIN of each index entry listed at the start (to tell a foreign index that appeared later). */
  startIndexPins: Map<string, string | undefined>;
  /** PINs not to hand out: live records, PINs named by an index (an interrupted write keeps its PIN), written in this batch. */
  taken: Set<string>;
  /** What this batch wrote, by order id. */
  written: Map<string, WrittenOrder>;
}

/** The view a batch starts from: one listing of `order:` and one of `orderpin:` (50 items a request). */
export async function listBatchView(kv: KeyValueBackend): Promise<BatchView> {
  const records = new Map(
    (await kv.list(ORDER_KEY_PREFIX)).map(
      (i) => [i.key.slice(ORDER_KEY_PREFIX.length), { value: i.value, expiresAt: i.expiresAt }] as const,
    ),
  );
  const indexes = new Map((await kv.list(ORDER_INDEX_PREFIX)).map((i) => [i.key.slice(ORDER_INDEX_PREFIX.length), i.value] as const));
  const startIndexPins = new Map([...indexes].map(([orderId, text]) => [orderId, parseOrderIndex(text)?.pin] as const));
  const taken = new Set([...records.keys(), ...[...startIndexPins.values()].filter((pin): pin is string => pin !== undefined)]);
  return { records, indexes, startIndexPins, taken, written: new Map() };
}

/**
 * Checks every order `batch` wrote against a new listing of `order:` and `orderpin:`. An order whose
 * PIN now holds another order's record lost a collision with another writer and moves to a new PIN;
 * an order whose PIN is also named by another writer's new index moves too (that writer's record came
 * or will come to the same PIN), and the record it left there is deleted if it is still ours, so no
 * PIN answers with the wrong order. Repeats while something moved (at most VERIFY_ROUNDS rounds).
 * `move` rewrites an order under a new PIN, none of `taken`, and returns that PIN.
 * @throws whatever `move` throws (PinSpaceExhaustedError | PinSpaceFullError); API errors
 */
export async function verifyBatch(
  kv: KeyValueBackend,
  batch: BatchView,
  move: (orderId: string, written: WrittenOrder, taken: ReadonlySet<string>) => Promise<string>,
): Promise<BatchVerification> {
  const result: BatchVerification = { moved: [], othersOnOurPins: [] };
  for (let round = 0; round < VERIFY_ROUNDS; round++) {
    const records = new Map((await kv.list(ORDER_KEY_PREFIX)).map((i) => [i.key.slice(ORDER_KEY_PREFIX.length), i.value] as const));
    const pinsOfIndexes = new Map<string, string>();
    const ordersByPin = new Map<string, string[]>();
    for (const item of await kv.list(ORDER_INDEX_PREFIX)) {
      const orderId = item.key.slice(ORDER_INDEX_PREFIX.length);
      const pin = parseOrderIndex(item.value)?.pin;
      if (pin === undefined) continue;
      pinsOfIndexes.set(orderId, pin);
      ordersByPin.set(pin, [...(ordersByPin.get(pin) ?? []), orderId]);
    }
    let changed = false;
    const taken = new Set([...batch.taken, ...records.keys(), ...pinsOfIndexes.values()]);
    for (const [orderId, w] of [...batch.written]) {
      const current = records.get(w.pin);
      if (pinsOfIndexes.get(orderId) !== w.pin) {
        batch.written.delete(orderId); // closed or rewritten by someone else since: no longer ours to check
        continue;
      }
      const others = (ordersByPin.get(w.pin) ?? []).filter(
        (id) => id !== orderId && !batch.written.has(id) && batch.startIndexPins.get(id) !== w.pin,
      );
      if (current === w.text && others.length === 0) continue;
      changed = true;
      result.othersOnOurPins.push(...others.filter((id) => !result.othersOnOurPins.includes(id)));
      if (!result.moved.includes(orderId)) result.moved.push(orderId);
      if (current === undefined && others.length === 0) {
        await kv.set(orderKey(w.pin), w.text, w.ttlS); // our record vanished under our own index: put it back
        continue;
      }
      taken.add(await move(orderId, w, taken));
      if (current === w.text && (await kv.get(orderKey(w.pin)))?.value === w.text) await kv.delete(orderKey(w.pin));
    }
    if (!changed) break;
  }
  return result;
}
