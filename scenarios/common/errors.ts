/** Small named errors of the masked-call scenario; their `name` is what the session log shows (logError). */

/** The caller's leg disconnected: every pending wait of the flow rejects with this. */
export class CallerGoneError extends Error {
  override name = 'CallerGoneError';
  constructor() {
    super('the caller hung up');
  }
}

/** A platform event the flow waits for did not arrive in time (e.g. Connected after answer()); `what` names it. */
export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
  constructor(what: string) {
    super(`timed out waiting for ${what}`);
  }
}

/** The message of anything thrown or rejected (platform errors are not always Error objects). */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
