import { ORDER_KEY_PREFIX, OrderRecord, orderKey, parseOrderRecord, PARTY_ROLES } from '../../../contract/order-record';
import { maskPhone } from '../../../contract/phone';
import { OrderNotFoundError, OrderUpdateRefusedError, PinSpaceExhaustedError } from './errors';
import type { KeyValueBackend } from './kv-backend';
import { formatOrderIndex, orderIndexKey, OrderIndexEntry, parseOrderIndex } from './order-index';
import { deliveryDeadlineS, OrderInput, prepareOrder, PreparedOrder, SETTINGS_FIELDS } from './order-input';
import { randomPin } from './pin';
import { orderTtlS } from './ttl';

/** Settings of an OrderStore. */
export interface OrderStoreOptions {
  kv: KeyValueBackend;
  /** Digits per PIN (the scenario's `scenario.pin.length`, 4–10). */
  pinLength: number;
  /** Seconds an order stays callable after its expected delivery time. */
  graceS: number;
  /** TTL in seconds for orders without an expected delivery time. */
  defaultTtlS: number;
  /** Fresh PINs tried before PinSpaceExhaustedError. */
  maxPinAttempts: number;
  /** ISO 3166 region for phone numbers without a country code; undefined = E.164 only. */
  defaultRegion?: string;
  /** The application's virtual numbers (E.164): orders with a party on one of them are refused (order-input.ts checkRoutable). */
  virtualNumbers?: readonly string[];
  /** Wall clock, epoch ms (default Date.now). */
  now?: () => number;
  /** PIN source (default randomPin, CSPRNG). */
  newPin?: (length: number) => string;
}

/** `created`: a new PIN was allocated; `updated`: the order kept its PIN and was rewritten; `unchanged`: nothing written. */
export type OrderWriteStatus = 'created' | 'updated' | 'unchanged';

/** Outcome of createOrder/extendOrder. */
export interface OrderWriteResult {
  orderId: string;
  pin: string;
  status: OrderWriteStatus;
  /** TTL written, in seconds (undefined when nothing was written). */
  ttlS?: number;
  /**
   * For `updated` over an active order: what changed, one phrase each, phone numbers masked
   * (`courier phone +49********678 → +49********679`, `restaurant added`, `expected delivery …`).
   * Empty when the earlier write had been interrupted (index without record).
   */
  changes?: string[];
}

/** Options of one createOrder call. */
export interface CreateOrderOptions {
  /**
   * false: an active order with the same id but other data is refused with OrderUpdateRefusedError
   * instead of being rewritten under its PIN (`voxmask seed --no-update`). Default true.
   */
  allowUpdate?: boolean;
}

/** An active order as lookupOrder/lookupPin return it. `expiresAt` is Unix seconds on the platform's clock. */
export interface ActiveOrder {
  pin: string;
  record: OrderRecord;
  expiresAt: number;
}

/**
 * The backend's view of order sessions in ApplicationStorage (management-api.md §2.5):
 * `order:<pin>` holds the order record (contract/order-record.ts), `orderpin:<orderId>` the index
 * (order-index.ts). All writes are idempotent: creating the same order again keeps its PIN and writes
 * nothing when nothing changed.
 *
 * PIN uniqueness: a PIN is free when no live `order:<pin>` exists and no write in this process holds
 * it. ApplicationStorage has no compare-and-set (voxengine-runtime.md §5 "Consistency"), so two
 * separate processes could, with probability about 1/10^length per pair of simultaneous allocations,
 * pick the same PIN; run one seeder per application at a time.
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
  /** Per-order chains, so concurrent calls for one order id run one after another. */
  private readonly orderLocks = new Map<string, Promise<unknown>>();

  constructor(private readonly options: OrderStoreOptions) {
    this.kv = options.kv;
    this.now = options.now ?? Date.now;
    this.newPin = options.newPin ?? randomPin;
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
    const prepared = prepareOrder(input, { graceS: this.options.graceS, defaultRegion: this.options.defaultRegion, virtualNumbers: this.options.virtualNumbers });
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
      const owned = (await this.lookupPin(index.pin))?.record.orderId === orderId;
      if (owned) await this.kv.delete(orderKey(index.pin));
      await this.kv.delete(orderIndexKey(orderId));
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
    const index = await this.readIndex(orderId);
    if (index) {
      const stored = await this.kv.get(orderKey(index.pin));
      const current = stored ? tryParse(stored.value) : undefined;
      const owner = current?.orderId;
      if (owner === orderId && stored?.value === prepared.text && index.deadline === entry(index.pin).deadline) {
        return { orderId, pin: index.pin, status: 'unchanged' };
      }
      // Keep the PIN when the record is ours, or when an interrupted earlier write left the index without its record.
      if (owner === orderId || (!stored && !this.reservedPins.has(index.pin))) {
        const changes = current && owner === orderId ? describeOrderChanges(current, index.deadline, JSON.parse(prepared.text) as OrderRecord, entry(index.pin).deadline) : [];
        if (!allowUpdate && changes.length > 0) throw new OrderUpdateRefusedError(orderId, changes);
        await this.storeReserved(entry(index.pin), orderId, prepared.text, ttlS);
        return { orderId, pin: index.pin, status: 'updated', ttlS, changes };
      }
      // Otherwise the indexed PIN now belongs to another order: allocate anew.
    }
    const pin = await this.allocatePin(orderId);
    await this.storeReserved(entry(pin), orderId, prepared.text, ttlS);
    return { orderId, pin, status: 'created', ttlS };
  }

  /** Reserves a PIN with no live order behind it. The caller releases the reservation after writing. */
  private async allocatePin(orderId: string): Promise<string> {
    const { pinLength, maxPinAttempts } = this.options;
    for (let attempt = 0; attempt < maxPinAttempts; attempt++) {
      const pin = this.newPin(pinLength);
      if (this.reservedPins.has(pin)) continue;
      this.reservedPins.add(pin);
      if ((await this.kv.get(orderKey(pin))) === undefined) return pin;
      this.reservedPins.delete(pin);
    }
    throw new PinSpaceExhaustedError(orderId, pinLength, maxPinAttempts);
  }

  /** Writes index and record while holding the PIN's in-process reservation, then releases it. */
  private async storeReserved(index: OrderIndexEntry, orderId: string, recordText: string, ttlS: number): Promise<void> {
    this.reservedPins.add(index.pin);
    try {
      await this.store(index, orderId, recordText, ttlS);
    } finally {
      this.reservedPins.delete(index.pin);
    }
  }

  private async store(index: OrderIndexEntry, orderId: string, recordText: string, ttlS: number): Promise<void> {
    await this.kv.set(orderIndexKey(orderId), formatOrderIndex(index), ttlS);
    await this.kv.set(orderKey(index.pin), recordText, ttlS);
  }

  private async readIndex(orderId: string): Promise<OrderIndexEntry | undefined> {
    const stored = await this.kv.get(orderIndexKey(orderId));
    return stored ? parseOrderIndex(stored.value) : undefined;
  }

  private locked<T>(orderId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.orderLocks.get(orderId) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    this.orderLocks.set(orderId, settled);
    void settled.then(() => {
      if (this.orderLocks.get(orderId) === settled) this.orderLocks.delete(orderId);
    });
    return next;
  }
}

/**
 * What differs between the active record and the one about to be written, one phrase per change,
 * phone numbers masked (maskPhone): parties added, removed or re-pointed, labels, settings, and the
 * deadline (Unix seconds, 0 = none).
 */
export function describeOrderChanges(before: OrderRecord, beforeDeadlineS: number, after: OrderRecord, afterDeadlineS: number): string[] {
  const changes: string[] = [];
  for (const role of PARTY_ROLES) {
    const was = before.parties.find((p) => p.role === role);
    const is = after.parties.find((p) => p.role === role);
    if (!was && !is) continue;
    if (!was) changes.push(`${role} added (${maskPhone(is!.phone)})`);
    else if (!is) changes.push(`${role} removed (was ${maskPhone(was.phone)})`);
    else {
      if (was.phone !== is.phone) changes.push(`${role} phone ${maskPhone(was.phone)} → ${maskPhone(is.phone)}`);
      if (was.label !== is.label) changes.push(`${role} label ${JSON.stringify(was.label ?? null)} → ${JSON.stringify(is.label ?? null)}`);
    }
  }
  for (const key of SETTINGS_FIELDS) {
    const was = before.settings?.[key];
    const is = after.settings?.[key];
    if (was !== is) changes.push(`settings.${key} ${JSON.stringify(was ?? null)} → ${JSON.stringify(is ?? null)}`);
  }
  if (beforeDeadlineS !== afterDeadlineS) changes.push(`deadline ${deadlineText(beforeDeadlineS)} → ${deadlineText(afterDeadlineS)}`);
  return changes;
}

function deadlineText(deadlineS: number): string {
  return deadlineS === 0 ? 'none' : new Date(deadlineS * 1000).toISOString();
}

function tryParse(text: string): OrderRecord | undefined {
  try {
    return parseOrderRecord(text);
  } catch {
    return undefined;
  }
}
