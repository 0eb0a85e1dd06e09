/** Errors of the backend orders library (src/backend/orders/). */
import { maskPhonesInText } from '../../../contract/mask-text';
import type { PinSpaceReport } from './pin-space';
import { VoxmaskError } from '../../errors';

/**
 * An order that cannot be written as given. `field` is a path such as `parties[1].phone` or
 * `expectedDeliveryAt`. The message and `reason` show phone numbers masked (contract/mask-text.ts
 * maskPhonesInText, digits of any script) whatever the caller passed in; `revealedReason` keeps them in full, for a tool that
 * was asked on purpose to show numbers (`voxmask seed --show-numbers`).
 */
export class OrderInputError extends VoxmaskError {
  override name = 'OrderInputError';
  readonly code = 'E_ORDER_INPUT';
  /** The problem in words, phone numbers masked. */
  readonly reason: string;
  /** The problem in words with numbers in full; never print it unless the user asked for numbers. */
  readonly revealedReason: string;
  constructor(
    readonly field: string,
    reason: string,
  ) {
    const masked = maskPhonesInText(reason);
    super(`${maskPhonesInText(field)}: ${masked}`);
    this.reason = masked;
    this.revealedReason = reason;
  }
}

/**
 * createOrder with `allowUpdate: false` met an active order with the same id whose parties, labels,
 * settings or delivery time differ. `changes` lists them, phone numbers masked.
 */
export class OrderUpdateRefusedError extends VoxmaskError {
  override name = 'OrderUpdateRefusedError';
  readonly code = 'E_ORDER_UPDATE_REFUSED';
  constructor(
    readonly orderId: string,
    readonly changes: readonly string[],
  ) {
    super(
      `order ${maskPhonesInText(orderId)} is already active with other data (${changes.join('; ')}); updates are refused (--no-update)`,
    );
  }
}

/** No free PIN was found in `attempts` tries: the PIN space of this length is (nearly) full of active orders. */
export class PinSpaceExhaustedError extends VoxmaskError {
  override name = 'PinSpaceExhaustedError';
  readonly code = 'E_PIN_SPACE_EXHAUSTED';
  constructor(
    readonly orderId: string,
    readonly pinLength: number,
    readonly attempts: number,
  ) {
    super(
      `no free ${pinLength}-digit PIN for order ${orderId} after ${attempts} tries; raise scenario.pin.length or close delivered orders`,
    );
  }
}

/**
 * A new PIN was refused because the PIN space is past its hard limit (pin-space.ts PIN_SPACE_LIMITS):
 * with `report.active` orders a guesser would succeed too often, or the space is more than half full.
 * The message carries the figures and the advice (longer PINs, fewer active orders, more numbers).
 */
export class PinSpaceFullError extends VoxmaskError {
  override name = 'PinSpaceFullError';
  readonly code = 'E_PIN_SPACE_FULL';
  constructor(
    readonly orderId: string,
    readonly report: PinSpaceReport,
    advice: string,
  ) {
    super(
      `no new PIN for order ${maskPhonesInText(orderId)}: ${report.active} active order(s) in 10^${report.pinLength} PINs give a guesser ${(report.guessProbability * 100).toFixed(1)} % within the lockout (${report.maxFailures} failures); ${advice}`,
    );
  }
}

/** The order is not active (never created, closed, or expired). */
export class OrderNotFoundError extends VoxmaskError {
  override name = 'OrderNotFoundError';
  readonly code = 'E_ORDER_NOT_FOUND';
  constructor(readonly orderId: string) {
    super(`order ${maskPhonesInText(orderId)} is not active`);
  }
}

/** A seed file that cannot be read at all (missing, empty, unknown format, bad CSV header). Numbers in `problem` are masked. */
export class SeedFileError extends VoxmaskError {
  override name = 'SeedFileError';
  readonly code = 'E_SEED_FILE';
  readonly problem: string;
  constructor(
    readonly file: string,
    problem: string,
  ) {
    const masked = maskPhonesInText(problem);
    super(`${file}: ${masked}`);
    this.problem = masked;
  }
}
