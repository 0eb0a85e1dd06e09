/**
 * Typed errors of the Management API layer (src/platform/). Each carries the method (`cmd`) it came
 * from so a log line or a test can tell which call failed.
 *
 * Platform facts (docs/platform.md#mapi-errors): the client *resolves* with
 * `{error: {msg, code}}` on an API error (HTTP 200), *rejects* with an axios error carrying
 * `response.status` on a non-2xx answer, and rejects with the Node error (`code` such as
 * `ECONNREFUSED`) when the transport fails.
 */

/** An error the Management API answered: `{error: {code, msg}}` in the body and/or a non-2xx status. */
export class PlatformApiError extends Error {
  override name = 'PlatformApiError';
  constructor(
    /** The Management API method, e.g. `SetKeyValueItem`. */
    readonly method: string,
    /** The platform error code (docs/platform.md#error-codes), when the body carried one. */
    readonly code: number | undefined,
    /** The HTTP status when it was not 2xx (e.g. 429, 503); undefined for a 200 `{error}` answer. */
    readonly httpStatus: number | undefined,
    /** The platform's own message (`error.msg`), or the HTTP error text. */
    readonly detail: string,
    /** How many attempts were made before giving up (1 = no retry). */
    readonly attempts = 1,
  ) {
    super(
      `${method} failed${code !== undefined ? ` with code ${code}` : ''}${
        httpStatus !== undefined ? ` (HTTP ${httpStatus})` : ''
      }: ${detail}${attempts > 1 ? ` after ${attempts} attempts` : ''}`,
    );
  }
}

/** The request never got an answer: connection refused or reset, DNS failure, TLS failure, timeout. */
export class PlatformTransportError extends Error {
  override name = 'PlatformTransportError';
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
export class PlatformRequestError extends Error {
  override name = 'PlatformRequestError';
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
export class CredentialsError extends Error {
  override name = 'CredentialsError';
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
export class PlatformResponseError extends Error {
  override name = 'PlatformResponseError';
  constructor(
    readonly method: string,
    /** What was expected and what came, in words. */
    readonly problem: string,
  ) {
    super(`${method} returned an unexpected body: ${problem}`);
  }
}
