/** Small named errors of the masked-call scenario; each carries a machine-readable code. */

/** The caller's leg disconnected: every pending wait of the flow rejects with this. */
export class CallerGoneError extends Error {
  override name = 'CallerGoneError';
  readonly code = 'caller_gone';
  constructor() {
    super('the caller hung up');
  }
}

/** An ApplicationStorage operation rejected or timed out. `op` is get/put/remove. */
export class StorageFailedError extends Error {
  override name = 'StorageFailedError';
  readonly code = 'storage_failed';
  constructor(
    readonly op: 'get' | 'put' | 'remove',
    cause: string,
  ) {
    super(`ApplicationStorage.${op} failed: ${cause}`);
  }
}

/** A platform event the flow waits for did not arrive in time (e.g. Connected after answer()). */
export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
  readonly code = 'wait_timeout';
  constructor(readonly what: string) {
    super(`timed out waiting for ${what}`);
  }
}

/** The message of anything thrown or rejected (platform errors are not always Error objects). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
