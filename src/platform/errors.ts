/**
 * Typed errors of the Management API layer (src/platform/). Each carries the method (`cmd`) it came
 * from so a log line or a test can tell which call failed.
 *
 * Platform facts (docs/platform.md#mapi-errors): the client *resolves* with
 * `{error: {msg, code}}` on an API error (HTTP 200), *rejects* with an axios error carrying
 * `response.status` on a non-2xx answer, and rejects with the Node error (`code` such as
 * `ECONNREFUSED`) when the transport fails.
 */

import { EXIT, VoxmaskError } from '../errors';

/** An error the Management API answered: `{error: {code, msg}}` in the body and/or a non-2xx status. */
export class PlatformApiError extends VoxmaskError {
  override name = 'PlatformApiError';
  readonly code = 'E_PLATFORM_API';
  constructor(
    /** The Management API method, e.g. `SetKeyValueItem`. */
    readonly method: string,
    /** The platform's numeric error code (docs/platform.md#error-codes), when the body carried one; `code` is voxmask's. */
    readonly platformCode: number | undefined,
    /** The HTTP status when it was not 2xx (e.g. 429, 503); undefined for a 200 `{error}` answer. */
    readonly httpStatus: number | undefined,
    /** The platform's own message (`error.msg`), or the HTTP error text. */
    readonly detail: string,
    /** How many attempts were made before giving up (1 = no retry). */
    readonly attempts = 1,
  ) {
    super(
      `${method} failed${platformCode !== undefined ? ` with code ${platformCode}` : ''}${
        httpStatus !== undefined ? ` (HTTP ${httpStatus})` : ''
      }: ${detail}${attempts > 1 ? ` after ${attempts} attempts` : ''}`,
    );
  }
}

/** The request never got an answer: connection refused or reset, DNS failure, TLS failure, timeout. */
export class PlatformTransportError extends VoxmaskError {
  override name = 'PlatformTransportError';
  readonly code = 'E_PLATFORM_UNREACHABLE';
  /** Worth retrying later: the platform was not reached. */
  override readonly exitCode = EXIT.UNAVAILABLE;
  constructor(
    readonly method: string,
    /** The Node error code, e.g. `ECONNREFUSED`, `DEPTH_ZERO_SELF_SIGNED_CERT`, `ETIMEDOUT`. */
    readonly errno: string,
    /** The underlying error's message. */
    readonly detail: string,
    /** How many attempts were made before giving up (1 = no retry). */
    readonly attempts = 1,
  ) {
    super(`${method} could not reach the Management API (${errno}): ${detail}${attempts > 1 ? ` after ${attempts} attempts` : ''}`);
  }
}

/** A request our own code refused to send because a field is unusable (e.g. a list item containing `;`). */
export class PlatformRequestError extends VoxmaskError {
  override name = 'PlatformRequestError';
  readonly code = 'E_PLATFORM_REQUEST';
  constructor(
    readonly method: string,
    /** The request field at fault. */
    readonly field: string,
    problem: string,
  ) {
    super(`${method}: request field "${field}" ${problem}`);
  }
}

/** A credentials file that is missing, unreadable, not JSON, or not a service-account key. */
export class CredentialsError extends VoxmaskError {
  override name = 'CredentialsError';
  readonly code = 'E_CREDENTIALS';
  constructor(
    /** The file that was (or would have been) read. */
    readonly file: string,
    /** What is wrong with it, in words. */
    readonly problem: string,
  ) {
    super(`credentials file ${file}: ${problem}`);
  }
}

/** The Management API answered 2xx, but the body does not have the documented shape. */
export class PlatformResponseError extends VoxmaskError {
  override name = 'PlatformResponseError';
  readonly code = 'E_PLATFORM_RESPONSE';
  constructor(
    readonly method: string,
    /** What was expected and what came, in words. */
    readonly problem: string,
  ) {
    super(`${method} returned an unexpected body: ${problem}`);
  }
}
