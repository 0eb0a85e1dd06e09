import { createHmac, timingSafeEqual } from 'node:crypto';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import type { CallResult } from '../../../contract/call-result';
import {
  formatSignature,
  parseSignature,
  SIGNATURE_HEADER,
  SIGNATURE_TOLERANCE_S,
  signingInput,
  TIMESTAMP_HEADER,
} from '../../../contract/signature';
import { KV_MAX_TTL_S } from '../../../contract/storage-limits';
import resultSchema from '../../../schemas/call-result.schema.json';
import { ResultRejectedError, ResultVerifierOptionError } from './errors';

/**
 * The backend side of the result signature (scheme: contract/signature.ts, docs/scenario.md):
 * HMAC-SHA256 over `v1:<timestamp>:<body>` with the shared secret, compared in constant time, with
 * the timestamp inside ±toleranceS of the backend's clock, then the body checked against
 * schemas/call-result.schema.json. Dead letters (docs/results.md) are checked the same way except for
 * the clock: they are days old, so their timestamp must be no older than `maxAgeS` instead.
 */

let compiledValidator: ValidateFunction<CallResult> | undefined;

/** The body validator, compiled on first use (so loading this module, e.g. with the CLI, costs no schema compile). */
function validateBody(): ValidateFunction<CallResult> {
  compiledValidator ??= new Ajv2020({ allErrors: false, strict: true }).compile<CallResult>(resultSchema);
  return compiledValidator;
}

export interface SignedRequest {
  /** Request headers; names are matched case-insensitively. */
  headers: Record<string, string | string[] | undefined>;
  /** The raw request body exactly as received (UTF-8). */
  body: string;
}

export interface VerifyOptions {
  /** The shared secret (the value of the application secret named in results.secretName); not empty or white space. */
  secret: string;
  /** The verifier's clock, epoch ms (default Date.now()); a finite number when given. */
  nowMs?: number;
  /** Accepted clock difference, seconds (default 300); a finite number ≥ 0. */
  toleranceS?: number;
}

/** Oldest dead letter accepted by default, in seconds: the platform's longest TTL (90 days), so any configured results.deadLetterTtlS is covered. */
export const DEAD_LETTER_MAX_AGE_S = KV_MAX_TTL_S;

/** Options of verifyDeadLetter. */
export interface DeadLetterVerifyOptions extends VerifyOptions {
  /**
   * Oldest signature accepted, in seconds before now (default DEAD_LETTER_MAX_AGE_S); a finite number
   * > 0. collectDeadLetters bounds it by its replay guard's retention, so an accepted dead letter can
   * never be "new" twice. `toleranceS` then only bounds how far in the future a timestamp may lie.
   */
  maxAgeS?: number;
}

/**
 * Verifies a signed result request and returns the parsed result.
 * @throws ResultVerifierOptionError naming the option: empty or white-space secret, a tolerance or
 *   clock that is not a finite number (NaN, Infinity), a negative tolerance
 * @throws ResultRejectedError: missing/bad/stale timestamp, missing/bad signature (401), not JSON (400),
 *   body not matching the schema (422, message names the field)
 */
export function verifySignedResult(request: SignedRequest, options: VerifyOptions): CallResult {
  const { secret, nowS, toleranceS } = checkedOptions(options);
  const timestampS = timestampOf(request);
  if (Math.abs(nowS - timestampS) > toleranceS) {
    throw new ResultRejectedError(
      'stale_timestamp',
      `header ${TIMESTAMP_HEADER} is ${nowS - timestampS} s away from now; at most ${toleranceS} s allowed`,
    );
  }
  return verifiedBody(request, timestampS, secret);
}

/**
 * Verifies a signed request taken from a dead letter: the same HMAC and body checks as
 * verifySignedResult, but the timestamp may be up to `maxAgeS` old (and at most `toleranceS` in the
 * future) instead of within ±toleranceS.
 * @throws ResultVerifierOptionError like verifySignedResult, or for a `maxAgeS` that is not a finite number > 0
 * @throws ResultRejectedError like verifySignedResult (`stale_timestamp` when older than maxAgeS or in the future)
 */
export function verifySignedDeadLetter(request: SignedRequest, options: DeadLetterVerifyOptions): CallResult {
  const { secret, nowS, toleranceS, maxAgeS } = checkedDeadLetterOptions(options);
  const timestampS = timestampOf(request);
  if (timestampS - nowS > toleranceS)
    throw new ResultRejectedError(
      'stale_timestamp',
      `header ${TIMESTAMP_HEADER} lies ${timestampS - nowS} s in the future; at most ${toleranceS} s allowed`,
    );
  if (nowS - timestampS > maxAgeS)
    throw new ResultRejectedError('stale_timestamp', `the dead letter was signed ${nowS - timestampS} s ago; at most ${maxAgeS} s allowed`);
  return verifiedBody(request, timestampS, secret);
}

/**
 * Signs a body the way the scenario does; returns the two headers. For replaying dead-lettered results
 * and for tests. `timestampS` in Unix seconds.
 * @throws ResultVerifierOptionError for an empty or white-space secret
 */
export function signResultBody(body: string, secret: string, timestampS: number): Record<string, string> {
  checkSecret(secret);
  return { [TIMESTAMP_HEADER]: String(timestampS), [SIGNATURE_HEADER]: formatSignature(hmacHex(secret, signingInput(timestampS, body))) };
}

function checkSecret(secret: unknown): asserts secret is string {
  if (typeof secret !== 'string' || secret.trim() === '') {
    throw new ResultVerifierOptionError(
      'secret',
      'is empty; with an empty secret anyone could sign results. Pass the value of the application secret named by scenario.results.secretName',
    );
  }
}

/**
 * Checks dead-letter verification options without a request, so a drain fails before it reads anything.
 * @throws ResultVerifierOptionError like verifySignedDeadLetter
 */
export function checkedDeadLetterOptions(options: DeadLetterVerifyOptions): {
  secret: string;
  nowS: number;
  toleranceS: number;
  maxAgeS: number;
} {
  const checked = checkedOptions(options);
  const maxAgeS = options.maxAgeS ?? DEAD_LETTER_MAX_AGE_S;
  if (typeof maxAgeS !== 'number' || !Number.isFinite(maxAgeS) || maxAgeS <= 0)
    throw new ResultVerifierOptionError('maxAgeS', `must be a finite number of seconds > 0, got ${String(maxAgeS)}`);
  return { ...checked, maxAgeS };
}

function checkedOptions(options: VerifyOptions): { secret: string; nowS: number; toleranceS: number } {
  if (typeof options !== 'object' || options === null)
    throw new ResultVerifierOptionError('options', 'must be an object with at least `secret`');
  checkSecret(options.secret);
  const nowMs = options.nowMs ?? Date.now();
  if (typeof nowMs !== 'number' || !Number.isFinite(nowMs))
    throw new ResultVerifierOptionError('nowMs', `must be a finite epoch time in ms, got ${String(nowMs)}`);
  const toleranceS = options.toleranceS ?? SIGNATURE_TOLERANCE_S;
  if (typeof toleranceS !== 'number' || !Number.isFinite(toleranceS) || toleranceS < 0) {
    throw new ResultVerifierOptionError('toleranceS', `must be a finite number of seconds ≥ 0, got ${String(toleranceS)}`);
  }
  return { secret: options.secret, nowS: Math.floor(nowMs / 1000), toleranceS };
}

function timestampOf(request: SignedRequest): number {
  const timestampText = header(request.headers, TIMESTAMP_HEADER);
  if (timestampText === undefined) throw new ResultRejectedError('missing_timestamp', `header ${TIMESTAMP_HEADER} is missing`);
  if (!/^[0-9]{1,12}$/.test(timestampText))
    throw new ResultRejectedError('bad_timestamp', `header ${TIMESTAMP_HEADER} must be Unix seconds`);
  return Number(timestampText);
}

function verifiedBody(request: SignedRequest, timestampS: number, secret: string): CallResult {
  const signatureText = header(request.headers, SIGNATURE_HEADER);
  if (signatureText === undefined) throw new ResultRejectedError('missing_signature', `header ${SIGNATURE_HEADER} is missing`);
  const given = parseSignature(signatureText);
  if (given === null) throw new ResultRejectedError('bad_signature', `header ${SIGNATURE_HEADER} must be v1=<64 hex digits>`);
  if (typeof request.body !== 'string') throw new ResultRejectedError('not_json', 'body must be the raw request text');
  const expected = hmacHex(secret, signingInput(timestampS, request.body));
  if (!timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'))) {
    throw new ResultRejectedError('bad_signature', `header ${SIGNATURE_HEADER} does not match the body`);
  }
  return validatedBody(request.body);
}

/**
 * The body parsed and checked against schemas/call-result.schema.json (no signature involved).
 * @throws ResultRejectedError `not_json` or `invalid_body` (naming the field)
 */
export function validatedBody(body: string): CallResult {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (err) {
    throw new ResultRejectedError('not_json', `body is not JSON: ${(err as Error).message}`);
  }
  const validate = validateBody();
  if (!validate(parsed)) {
    const issue = validate.errors?.[0];
    throw new ResultRejectedError('invalid_body', `body field "${issue?.instancePath || '/'}" ${issue?.message ?? 'is invalid'}`);
  }
  return parsed;
}

function hmacHex(secret: string, input: string): string {
  return createHmac('sha256', secret).update(input, 'utf8').digest('hex');
}

function header(headers: SignedRequest['headers'], name: string): string | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}
