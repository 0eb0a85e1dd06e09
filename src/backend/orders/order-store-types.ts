/**
 * The shapes an OrderStore (order-store.ts) takes and answers: its settings, the options of
 * createOrder, the outcome of a write and of a batch, an active order. Types only.
 */
import type { OrderRecord } from '../../../contract/order-record';
import type { KeyValueBackend } from './kv-backend';

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
  /** The scenario's `lockout.maxFailures` (failed guesses per caller ID per window), for the PIN-space limits (pin-space.ts); default 5. */
  lockoutMaxFailures?: number;
  /**
   * Keep the known-caller index (contract/known-caller.ts, known-callers.ts) with every order: the
   * scenario's `pin.skipForKnownCaller`. One more write per distinct phone of an order written, one
   * delete per phone that leaves an order; default false.
   */
  knownCallers?: boolean;
}

/** What endBatch found: orders of this batch moved to a new PIN, and other writers' orders that met one of ours on a PIN. */
export interface BatchVerification {
  /** Order ids of this batch rewritten under a new PIN (or rewritten under theirs when their record had vanished). */
  moved: string[];
  /** Order ids of another writer whose index names a PIN this batch wrote: if such an order does not answer, seed it again. */
  othersOnOurPins: string[];
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
