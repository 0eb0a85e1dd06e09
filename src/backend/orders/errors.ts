/** Errors of the backend orders library (src/backend/orders/). */

/** An order that cannot be written as given. `field` is a path such as `parties[1].phone` or `expectedDeliveryAt`. */
export class OrderInputError extends Error {
  override name = 'OrderInputError';
  constructor(
    readonly field: string,
    /** The problem in words (phone numbers in it are masked). */
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/** No free PIN was found in `attempts` tries: the PIN space of this length is (nearly) full of active orders. */
export class PinSpaceExhaustedError extends Error {
  override name = 'PinSpaceExhaustedError';
  constructor(
    readonly orderId: string,
    readonly pinLength: number,
    readonly attempts: number,
  ) {
    super(`no free ${pinLength}-digit PIN for order ${orderId} after ${attempts} tries; raise scenario.pin.length or close delivered orders`);
  }
}

/** The order is not active (never created, closed, or expired). */
export class OrderNotFoundError extends Error {
  override name = 'OrderNotFoundError';
  constructor(readonly orderId: string) {
    super(`order ${orderId} is not active`);
  }
}

/** A seed file that cannot be read at all (missing, unknown format, bad CSV header). */
export class SeedFileError extends Error {
  override name = 'SeedFileError';
  constructor(
    readonly file: string,
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}
