import { VoxmaskError } from '../../errors';

/** Codes of a refused result; `status` is the HTTP status the webhook should answer with. */
export type ResultRejectCode =
  'missing_timestamp' | 'bad_timestamp' | 'stale_timestamp' | 'missing_signature' | 'bad_signature' | 'not_json' | 'invalid_body';

const STATUS: Readonly<Record<ResultRejectCode, 400 | 401 | 422>> = {
  missing_timestamp: 401,
  bad_timestamp: 401,
  stale_timestamp: 401,
  missing_signature: 401,
  bad_signature: 401,
  not_json: 400,
  invalid_body: 422,
};

/** A result request the backend must refuse. The scenario does not retry 4xx answers (they go to the dead letter). */
export class ResultRejectedError extends VoxmaskError {
  override name = 'ResultRejectedError';
  readonly status: 400 | 401 | 422;
  constructor(
    readonly code: ResultRejectCode,
    message: string,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

/**
 * The verifier itself is set up wrongly (an empty secret would let anyone forge results; a NaN or
 * negative tolerance would switch the replay window off). Not the sender's fault, so not a
 * ResultRejectedError: a webhook should answer 500 (the scenario retries, then dead-letters) and log it.
 */
export class ResultVerifierOptionError extends VoxmaskError {
  override name = 'ResultVerifierOptionError';
  readonly code = 'E_RESULT_VERIFIER_OPTION';
  constructor(
    /** The option, e.g. `secret`, `toleranceS`, `retentionS`. */
    readonly option: string,
    readonly problem: string,
  ) {
    super(`${option}: ${problem}`);
  }
}
