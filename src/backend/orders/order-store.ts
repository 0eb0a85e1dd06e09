import { ORDER_KEY_PREFIX, OrderRecord, orderKey, parseOrderRecord } from '../../../contract/order-record';
import { OrderNotFoundError, OrderUpdateRefusedError, PinSpaceExhaustedError, PinSpaceFullError } from './errors';
import { KeyedLock } from './keyed-lock';
import { knownCallerKeys, removeKnownCallers, writeKnownCallers } from './known-callers';
import { KeyValueBackend, KV_PAGE_SIZE, StoredValue } from './kv-backend';
import { BatchView, listBatchView, verifyBatch } from './order-batch';
import { describeOrderChanges } from './order-changes';
import { formatOrderIndex, orderIndexKey, OrderIndexEntry, parseOrderIndex } from './order-index';
import { deliveryDeadlineS, OrderInput, prepareOrder, PreparedOrder } from './order-input';
import type { ActiveOrder, BatchVerification, CreateOrderOptions, OrderStoreOptions, OrderWriteResult } from './order-store-types';
import { randomPin } from './pin';
import { assessPinSpace, DEFAULT_LOCKOUT_MAX_FAILURES, pinSpaceAdvice, PinSpaceReport } from './pin-space';
import { orderTtlS } from './ttl';

export { describeOrderChanges } from './order-changes';
export type {
  ActiveOrder,
  BatchVerification,
  CreateOrderOptions,
  OrderStoreOptions,
  OrderWriteResult,
  OrderWriteStatus,
} from './order-store-types';

/** How long a count of active orders outside a batch is trusted before it is read again, ms. */
const ACTIVE_COUNT_MAX_AGE_MS = 60_000;

/**
 * The backend's view of order sessions in ApplicationStorage (docs/platform.md#kv-methods):
 * `order:<pin>` holds the order record (contract/order-record.ts), `orderpin:<orderId>` the index
 * (order-index.ts). All writes are idempotent: creating the same order again keeps its PIN and writes
 * nothing when nothing changed.
 *
 * PIN uniqueness: a PIN is free when no live `order:<pin>` exists and no write in this process holds
 * it. ApplicationStorage has no compare-and-set (docs/platform.md#kv-consistency), so two separate
 * processes can pick the same free PIN at once; a batch (beginBatch … endBatch, what seedRows uses)
 * finds such a collision afterwards by listing the keys again and moves its own order to a new PIN
 * (endBatch, order-batch.ts). Outside a batch the check is a read right before the write.
 *
 * Requests: a new order outside a batch costs 4 (index read, PIN read, index write, record write). In a
 * batch the reads come from one listing of `order:` and `orderpin:` at the start (50 items a request)
 * and one at the end, so a new order costs its 2 writes, the minimum: the scenario needs the record
 * and idempotency by order id needs the index. An unchanged order costs nothing.
 *
 * PIN space: a new PIN is refused (PinSpaceFullError) when it would put the PIN space past the hard
 * limits of pin-space.ts; the active count comes from the batch, or outside one from a count of
 * `order:` keys at most ACTIVE_COUNT_MAX_AGE_MS old.
 *
 * Write order: the index before the record, so an interrupted create leaves an index whose PIN is
 * reused by the next attempt; close deletes the record before the index for the same reason.
 */
export class OrderStore {
  private readonly kv: KeyValueBackend;
  private readonly now: () => number;
  private readonly newPin: (length: number) => string;
  /** PINs being allocated right now in this process. */
  private readonly reservedPins = new Set<string>();
  /** Concurrent calls for one order id run one after another. */
  private readonly orderLocks = new KeyedLock();
  /** The batch in progress, if any. */
  private batch: BatchView | undefined;
  /** Active orders as last counted (or listed) and kept up to date by this store's own writes. */
  private active: { count: number; countedAtMs: number } | undefined;

  constructor(private readonly options: OrderStoreOptions) {
    this.kv = options.kv;
    this.now = options.now ?? Date.now;
    this.newPin = options.newPin ?? randomPin;
  }

  /**
   * The PIN space now: active orders (counted when the last count is older than a minute), the PIN
   * length and the lockout, with the level (pin-space.ts). 1 request at most.
   */
  async pinSpace(): Promise<PinSpaceReport> {
    return assessPinSpace(
      await this.activeCount(),
      this.options.pinLength,
      this.options.lockoutMaxFailures ?? DEFAULT_LOCKOUT_MAX_FAILURES,
    );
  }

  /**
   * Starts a batch of about `rows` createOrder calls (seedRows does this): counts the active orders
   * (1 request) and, when listing them costs fewer requests than the per-order reads it saves (2 a
   * row), lists `order:` and `orderpin:` once, so that the batch's new orders cost 2 writes each.
   * @returns the PIN space at the start
   * @throws Error when a batch is already in progress on this store
   */
  async beginBatch(rows: number): Promise<PinSpaceReport> {
    if (this.batch) throw new Error('a batch is already in progress on this OrderStore; call endBatch first');
    const report = await this.pinSpace();
    if (2 * Math.ceil(report.active / KV_PAGE_SIZE) + 2 <= 2 * rows) {
      this.batch = await listBatchView(this.kv);
      this.active = { count: this.batch.records.size, countedAtMs: this.now() };
    }
    return report;
  }

  /**
   * Ends the batch: lists `order:` and `orderpin:` again and checks every order the batch wrote. An
   * order whose PIN now holds another order's record lost a collision with another writer and moves to
   * a new PIN; an order whose PIN is also named by another writer's new index moves too (that writer's
   * record came or will come to the same PIN), and the record it left there is deleted if it is still
   * ours, so no PIN answers with the wrong order. Repeats while something moved (at most 3 rounds).
   * Without a listed batch there is nothing to check.
   * @throws PinSpaceExhaustedError | PinSpaceFullError when a moved order finds no PIN; API errors
   */
  async endBatch(): Promise<BatchVerification> {
    const batch = this.batch;
    this.batch = undefined;
    if (!batch || batch.written.size === 0) return { moved: [], othersOnOurPins: [] };
    return verifyBatch(this.kv, batch, async (orderId, w, taken) => {
      const pin = await this.allocatePin(orderId, taken);
      await this.storeReserved({ ...w.entry, pin }, orderId, w.text, w.ttlS, batch);
      return pin;
    });
  }

  /**
   * Creates the order session on dispatch, or re-seeds it idempotently.
   * The same order id with other parties (a courier reassigned), labels, settings or delivery time is
   * rewritten under the same PIN and reported `updated` with its `changes`.
   * @throws OrderInputError for invalid input (bad phone, unknown field, unknown role, a party on a
   *   virtual number, all parties on one phone, deadline in the past, …); OrderUpdateRefusedError
   *   (allowUpdate false); PinSpaceExhaustedError; PlatformApiError/PlatformTransportError after retries
   */
  async createOrder(input: OrderInput, options: CreateOrderOptions = {}): Promise<OrderWriteResult> {
    const prepared = prepareOrder(input, {
      graceS: this.options.graceS,
      defaultRegion: this.options.defaultRegion,
      virtualNumbers: this.options.virtualNumbers,
    });
    const ttlS = orderTtlS(prepared.deadlineS, this.now(), this.options.defaultTtlS);
    return this.locked(prepared.orderId, () => this.write(prepared, ttlS, options.allowUpdate ?? true));
  }

  /**
   * Closes the order on delivery: deletes `order:<pin>` and the index, so the PIN stops working at once.
   * @returns whether an active order was closed, and its PIN
   */
  closeOrder(orderId: string): Promise<{ closed: boolean; pin?: string }> {
    return this.locked(orderId, async () => {
      const index = await this.readIndex(orderId);
      if (!index) return { closed: false };
      const active = await this.lookupPin(index.pin);
      const owned = active?.record.orderId === orderId;
      if (owned) await this.kv.delete(orderKey(index.pin));
      if (owned && this.options.knownCallers) await removeKnownCallers(this.kv, active.record);
      await this.kv.delete(orderIndexKey(orderId));
      if (owned && this.active) this.active.count = Math.max(0, this.active.count - 1);
      if (this.batch) {
        if (owned) this.batch.records.delete(index.pin);
        this.batch.indexes.delete(orderId);
        this.batch.written.delete(orderId);
      }
      return owned ? { closed: true, pin: index.pin } : { closed: false };
    });
  }

  /**
   * Extends (or shortens) an active order to a new expected delivery time, keeping its PIN and record.
   * @param expectedDeliveryAt Date, zoned ISO 8601 string, or epoch ms
   * @throws OrderNotFoundError when the order is not active; OrderInputError for a bad or past time
   */
  async extendOrder(orderId: string, expectedDeliveryAt: Date | string | number): Promise<OrderWriteResult> {
    const deadlineS = deliveryDeadlineS(expectedDeliveryAt, this.options.graceS);
    const ttlS = orderTtlS(deadlineS, this.now(), this.options.defaultTtlS);
    return this.locked(orderId, async () => {
      const index = await this.readIndex(orderId);
      const stored = index ? await this.kv.get(orderKey(index.pin)) : undefined;
      const record = stored ? tryParse(stored.value) : undefined;
      if (!index || !stored || record?.orderId !== orderId) throw new OrderNotFoundError(orderId);
      await this.store({ pin: index.pin, deadline: deadlineS ?? 0 }, orderId, stored.value, ttlS);
      return { orderId, pin: index.pin, status: 'updated', ttlS };
    });
  }

  /** The active order with this id, or undefined. */
  async lookupOrder(orderId: string): Promise<ActiveOrder | undefined> {
    const index = await this.readIndex(orderId);
    if (!index) return undefined;
    const active = await this.lookupPin(index.pin);
    return active?.record.orderId === orderId ? active : undefined;
  }

  /**
   * Every active order (all `order:<pin>` items), for a backend that wants to see what is callable.
   * Items under `order:` that are not valid order records are listed in `unreadable` by key, not dropped.
   */
  async activeOrders(): Promise<{ orders: ActiveOrder[]; unreadable: string[] }> {
    const orders: ActiveOrder[] = [];
    const unreadable: string[] = [];
    for (const item of await this.kv.list(ORDER_KEY_PREFIX)) {
      const record = tryParse(item.value);
      if (record) orders.push({ pin: item.key.slice(ORDER_KEY_PREFIX.length), record, expiresAt: item.expiresAt });
      else unreadable.push(item.key);
    }
    return { orders, unreadable };
  }

  /** The active order behind a PIN, or undefined (also when the stored value is not a valid record). */
  async lookupPin(pin: string): Promise<ActiveOrder | undefined> {
    const stored = await this.kv.get(orderKey(pin));
    const record = stored ? tryParse(stored.value) : undefined;
    return stored && record ? { pin, record, expiresAt: stored.expiresAt } : undefined;
  }

  private async write(prepared: PreparedOrder, ttlS: number, allowUpdate: boolean): Promise<OrderWriteResult> {
    const { orderId } = prepared;
    const entry = (pin: string): OrderIndexEntry => ({ pin, deadline: prepared.deadlineS ?? 0 });
    const index = await this.indexOf(orderId);
    if (index) {
      const stored = await this.recordAt(index.pin);
      const current = stored ? tryParse(stored.value) : undefined;
      const owner = current?.orderId;
      if (owner === orderId && stored?.value === prepared.text && index.deadline === entry(index.pin).deadline) {
        // An order seeded before the index was switched on gets its entries now (knownCallers), so a re-seed completes it.
        if (this.options.knownCallers && current && stored) await this.completeKnownCallers(current, index.pin, stored.expiresAt);
        return { orderId, pin: index.pin, status: 'unchanged' };
      }
      // Keep the PIN when the record is ours, or when an interrupted earlier write left the index without its record.
      if (owner === orderId || (!stored && !this.reservedPins.has(index.pin))) {
        const changes =
          current && owner === orderId
            ? describeOrderChanges(current, index.deadline, JSON.parse(prepared.text) as OrderRecord, entry(index.pin).deadline)
            : [];
        if (!allowUpdate && changes.length > 0) throw new OrderUpdateRefusedError(orderId, changes);
        await this.storeReserved(entry(index.pin), orderId, prepared.text, ttlS);
        if (this.options.knownCallers && current && owner === orderId)
          await removeKnownCallers(this.kv, current, JSON.parse(prepared.text) as OrderRecord);
        return { orderId, pin: index.pin, status: 'updated', ttlS, changes };
      }
      // Otherwise the indexed PIN now belongs to another order: allocate anew.
    }
    const pin = await this.allocatePin(orderId);
    await this.storeReserved(entry(pin), orderId, prepared.text, ttlS);
    if (this.active) this.active.count += 1;
    return { orderId, pin, status: 'created', ttlS };
  }

  /**
   * Reserves a PIN with no live order behind it, after checking the PIN-space limits. In a batch (or
   * with `taken`) a PIN is free when the listing does not hold it: no read; otherwise one read per try.
   * The caller releases the reservation after writing.
   * @throws PinSpaceFullError past the hard limits; PinSpaceExhaustedError after maxPinAttempts taken PINs
   */
  private async allocatePin(orderId: string, taken: ReadonlySet<string> | undefined = this.batch?.taken): Promise<string> {
    const { pinLength, maxPinAttempts } = this.options;
    const after = assessPinSpace(
      (await this.activeCount()) + 1,
      pinLength,
      this.options.lockoutMaxFailures ?? DEFAULT_LOCKOUT_MAX_FAILURES,
    );
    if (after.level === 'refuse') throw new PinSpaceFullError(orderId, after, pinSpaceAdvice(after));
    for (let attempt = 0; attempt < maxPinAttempts; attempt++) {
      const pin = this.newPin(pinLength);
      if (this.reservedPins.has(pin) || taken?.has(pin)) continue;
      this.reservedPins.add(pin);
      if (taken || (await this.kv.get(orderKey(pin))) === undefined) return pin;
      this.reservedPins.delete(pin);
    }
    throw new PinSpaceExhaustedError(orderId, pinLength, maxPinAttempts);
  }

  /** Writes index and record while holding the PIN's in-process reservation, then releases it. */
  private async storeReserved(
    index: OrderIndexEntry,
    orderId: string,
    recordText: string,
    ttlS: number,
    batch = this.batch,
  ): Promise<void> {
    this.reservedPins.add(index.pin);
    try {
      await this.store(index, orderId, recordText, ttlS, batch);
    } finally {
      this.reservedPins.delete(index.pin);
    }
  }

  /** Index first, then record (see the class comment), then the known-caller entries when kept; keeps the batch view current. */
  private async store(index: OrderIndexEntry, orderId: string, recordText: string, ttlS: number, batch = this.batch): Promise<void> {
    const indexText = formatOrderIndex(index);
    await this.kv.set(orderIndexKey(orderId), indexText, ttlS);
    await this.kv.set(orderKey(index.pin), recordText, ttlS);
    if (this.options.knownCallers) await writeKnownCallers(this.kv, JSON.parse(recordText) as OrderRecord, index.pin, ttlS);
    if (batch) {
      batch.indexes.set(orderId, indexText);
      batch.records.set(index.pin, { value: recordText, expiresAt: Math.floor(this.now() / 1000) + ttlS });
      batch.taken.add(index.pin);
      batch.written.set(orderId, { pin: index.pin, text: recordText, ttlS, entry: index });
    }
  }

  /** Writes the known-caller entries of an unchanged order that lacks any (1 read per phone, a write per missing one). */
  private async completeKnownCallers(record: OrderRecord, pin: string, expiresAt: number): Promise<void> {
    const ttlS = expiresAt - Math.floor(this.now() / 1000);
    if (ttlS <= 0) return;
    const present = await Promise.all(knownCallerKeys(record).map(async ({ key }) => (await this.kv.get(key)) !== undefined));
    if (present.every(Boolean)) return;
    await writeKnownCallers(this.kv, record, pin, ttlS);
  }

  /** The index entry of an order: from the batch when one is listed, else one read. */
  private async indexOf(orderId: string): Promise<OrderIndexEntry | undefined> {
    if (!this.batch) return this.readIndex(orderId);
    const text = this.batch.indexes.get(orderId);
    return text === undefined ? undefined : parseOrderIndex(text);
  }

  /** The live item at `order:<pin>`: from the batch when one is listed (expired ones dropped), else one read. */
  private async recordAt(pin: string): Promise<StoredValue | undefined> {
    if (!this.batch) return this.kv.get(orderKey(pin));
    const item = this.batch.records.get(pin);
    return item && item.expiresAt > this.now() / 1000 ? item : undefined;
  }

  /** Active orders: the batch's or the last count while fresh, else a count of `order:` keys (1 request, kv.count). */
  private async activeCount(): Promise<number> {
    if (!this.active || (!this.batch && this.now() - this.active.countedAtMs > ACTIVE_COUNT_MAX_AGE_MS)) {
      const count = this.kv.count ? await this.kv.count(ORDER_KEY_PREFIX) : (await this.kv.list(ORDER_KEY_PREFIX)).length;
      this.active = { count, countedAtMs: this.now() };
    }
    return this.active.count;
  }

  private async readIndex(orderId: string): Promise<OrderIndexEntry | undefined> {
    const stored = await this.kv.get(orderIndexKey(orderId));
    return stored ? parseOrderIndex(stored.value) : undefined;
  }

  private locked<T>(orderId: string, task: () => Promise<T>): Promise<T> {
    return this.orderLocks.run(orderId, task);
  }
}

function tryParse(text: string): OrderRecord | undefined {
  try {
    return parseOrderRecord(text);
  } catch {
    return undefined;
  }
}
