import { createHmac, timingSafeEqual } from 'node:crypto';
import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import type { CallResult } from '../../../contract/call-result';
import { formatSignature, parseSignature, SIGNATURE_HEADER, SIGNATURE_TOLERANCE_S, signingInput, TIMESTAMP_HEADER } from '../../../contract/signature';
import resultSchema from '../../../schemas/call-result.schema.json';
import { ResultRejectedError } from './errors';

/**
 * The backend side of the result signature (scheme: contract/signature.ts, docs/scenario.md):
 * HMAC-SHA256 over `v1:<timestamp>:<body>` with the shared secret, compared in constant time, with
 * the timestamp inside ±toleranceS of the backend's clock, then the body checked against
 * schemas/call-result.schema.json.
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
  /** The shared secret (the value of the application secret named in results.secretName). */
  secret: string;
  /** The verifier's clock, epoch ms (default Date.now()). */
  nowMs?: number;
  /** Accepted clock difference, seconds (default 300). */
  toleranceS?: number;
}

/**
 * Verifies a signed result request and returns the parsed result.
 * Throws ResultRejectedError: missing/bad/stale timestamp, missing/bad signature (401), not JSON (400),
 * body not matching the schema (422, message names the field).
 */
export function verifySignedResult(request: SignedRequest, options: VerifyOptions): CallResult {
  const nowS = Math.floor((options.nowMs ?? Date.now()) / 1000);
  const toleranceS = options.toleranceS ?? SIGNATURE_TOLERANCE_S;
  const timestampText = header(request.headers, TIMESTAMP_HEADER);
  if (timestampText === undefined) throw new ResultRejectedError('missing_timestamp', `header ${TIMESTAMP_HEADER} is missing`);
  if (!/^[0-9]{1,12}$/.test(timestampText)) throw new ResultRejectedError('bad_timestamp', `header ${TIMESTAMP_HEADER} must be Unix seconds`);
  const timestampS = Number(timestampText);
  if (Math.abs(nowS - timestampS) > toleranceS) {
    throw new ResultRejectedError('stale_timestamp', `header ${TIMESTAMP_HEADER} is ${nowS - timestampS} s away from now; at most ${toleranceS} s allowed`);
  }
  const signatureText = header(request.headers, SIGNATURE_HEADER);
  if (signatureText === undefined) throw new ResultRejectedError('missing_signature', `header ${SIGNATURE_HEADER} is missing`);
  const given = parseSignature(signatureText);
  if (given === null) throw new ResultRejectedError('bad_signature', `header ${SIGNATURE_HEADER} must be v1=<64 hex digits>`);
  const expected = hmacHex(options.secret, signingInput(timestampS, request.body));
  if (!timingSafeEqual(Buffer.from(given, 'hex'), Buffer.from(expected, 'hex'))) {
    throw new ResultRejectedError('bad_signature', `header ${SIGNATURE_HEADER} does not match the body`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(request.body);
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

/**
 * Signs a body the way the scenario does; returns the two headers. For replaying dead-lettered results
 * and for tests. `timestampS` in Unix seconds.
 */
export function signResultBody(body: string, secret: string, timestampS: number): Record<string, string> {
  return { [TIMESTAMP_HEADER]: String(timestampS), [SIGNATURE_HEADER]: formatSignature(hmacHex(secret, signingInput(timestampS, body))) };
}

function hmacHex(secret: string, input: string): string {
  return createHmac('sha256', secret).update(input, 'utf8').digest('hex');
}

function header(headers: SignedRequest['headers'], name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== wanted || value === undefined) continue;
    return Array.isArray(value) ? value[0] : value;
  }
  return undefined;
}
