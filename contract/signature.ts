/**
 * How call results are signed (scenario side: Crypto.hmac_sha256; backend side: node:crypto).
 * Pure TypeScript; the HMAC itself is computed by the caller.
 *
 * Scheme, version 1:
 * - `X-Voxmask-Timestamp`: Unix time in seconds when the request was signed;
 * - `X-Voxmask-Signature`: `v1=` + lowercase hex HMAC-SHA256(secret, `v1:<timestamp>:<body>`), where
 *   `<body>` is the exact request body (UTF-8 JSON) and the secret is the application secret named in
 *   the scenario configuration (results.secretName).
 * The backend recomputes the HMAC, compares in constant time, rejects timestamps more than
 * SIGNATURE_TOLERANCE_S away from its clock (replay window) and de-duplicates by `resultId`.
 * Every retry is signed afresh with a new timestamp.
 */

export const SIGNATURE_VERSION = 'v1';
export const SIGNATURE_HEADER = 'X-Voxmask-Signature';
export const TIMESTAMP_HEADER = 'X-Voxmask-Timestamp';
/** Default accepted clock difference between signer and verifier, in seconds. */
export const SIGNATURE_TOLERANCE_S = 300;

/** The string that is HMACed: `v1:<timestampS>:<body>`. */
export function signingInput(timestampS: number, body: string): string {
  return `${SIGNATURE_VERSION}:${timestampS}:${body}`;
}

/** Header value for a hex HMAC: `v1=<hex>`. */
export function formatSignature(hexHmac: string): string {
  return `${SIGNATURE_VERSION}=${hexHmac.toLowerCase()}`;
}

/** The hex HMAC inside a `v1=<hex>` header value, or null when the value is not of that form. */
export function parseSignature(headerValue: string | undefined): string | null {
  if (typeof headerValue !== 'string') return null;
  const match = /^v1=([0-9a-f]{64})$/.exec(headerValue.trim().toLowerCase());
  return match ? match[1] : null;
}

/** The two signature headers of a signed result, by their exact names (TIMESTAMP_HEADER, SIGNATURE_HEADER). */
export interface SignatureHeaders {
  /** Unix time of signing, in seconds, as decimal digits. */
  [TIMESTAMP_HEADER]: string;
  /** `v1=<64 lowercase hex digits>` (formatSignature). */
  [SIGNATURE_HEADER]: string;
}

/**
 * The headers that sign a body: `timestampS` (Unix seconds) and the hex HMAC of
 * `signingInput(timestampS, body)` computed by the caller (Crypto.hmac_sha256 or node:crypto).
 */
export function signatureHeaders(timestampS: number, hexHmac: string): SignatureHeaders {
  return { [TIMESTAMP_HEADER]: String(timestampS), [SIGNATURE_HEADER]: formatSignature(hexHmac) };
}
