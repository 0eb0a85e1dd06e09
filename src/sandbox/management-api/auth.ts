import jwt from 'jsonwebtoken';
import type { KeyObject } from 'node:crypto';
import { ApiCode, ApiError } from './errors';

/** Longest accepted token lifetime `exp - iat`, seconds (AUTH: "up to iat+3600"). */
export const MAX_TOKEN_TTL_S = 3600;
/** Clock skew tolerated on `iat` and `exp`, seconds (inferred). */
export const CLOCK_SKEW_S = 5;

/** What a token is checked against: the account id (`iss`) and its service-account key (`kid`). */
export interface AuthAccount {
  accountId: number;
  keyId: string;
  publicKey: KeyObject;
}

/**
 * Verifies `Authorization: Bearer <JWT>` as the platform does (docs/platform.md#jwt-auth): RS256, `kid` =
 * the key id, `iss` = exactly the account id (a JSON number, or its canonical decimal string: no
 * spaces, signs, leading zeros, exponent or hex), `iat` and `exp` NumericDates with `exp - iat ≤ 3600`,
 * `iat` not in the future and `exp` not past (±5 s skew), an `nbf` (when present) a NumericDate not in
 * the future, and no `crit` header (no JWS extension is understood, RFC 7515 §4.1.11); on real time `nowMs`.
 * Throws ApiError: 100 no/malformed header, bad signature, wrong account or not yet valid (`nbf`); 447
 * not a JWT, missing or malformed claims, or a `crit` header; 433 unknown key id; 455 issued in the
 * future; 456 expired; 454 lifetime over 3600 s.
 */
export function verifyAuthorization(header: string | undefined, account: AuthAccount, nowMs: number): void {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) throw new ApiError(ApiCode.AUTHORIZATION_FAILED, 'Authorization failed: no "Authorization: Bearer <JWT>" header');
  const token = match[1];

  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload !== 'object')
    throw new ApiError(ApiCode.INVALID_TOKEN_FORMAT, 'Invalid token format: not a JWT with a JSON payload');
  if ('crit' in decoded.header)
    throw new ApiError(
      ApiCode.INVALID_TOKEN_FORMAT,
      'Invalid token format: a crit header names extensions the sandbox does not understand',
    );
  if (decoded.header.alg !== 'RS256')
    throw new ApiError(ApiCode.INVALID_TOKEN_FORMAT, `Invalid token format: alg is ${decoded.header.alg}, RS256 is required`);
  if (decoded.header.kid !== account.keyId)
    throw new ApiError(ApiCode.INVALID_KEY_ID, `Invalid key id: kid "${String(decoded.header.kid)}" is not a key of this account`);

  try {
    jwt.verify(token, account.publicKey, { algorithms: ['RS256'], ignoreExpiration: true, ignoreNotBefore: true });
  } catch (err) {
    throw new ApiError(ApiCode.AUTHORIZATION_FAILED, `Authorization failed: ${(err as Error).message}`);
  }

  const { iss, iat, exp, nbf } = decoded.payload as { iss?: unknown; iat?: unknown; exp?: unknown; nbf?: unknown };
  if (!isNumericDate(iat) || !isNumericDate(exp))
    throw new ApiError(ApiCode.INVALID_TOKEN_FORMAT, 'Invalid token format: iat and exp must be NumericDates');
  if (nbf !== undefined && !isNumericDate(nbf))
    throw new ApiError(ApiCode.INVALID_TOKEN_FORMAT, 'Invalid token format: nbf must be a NumericDate');
  if (!issuedBy(iss, account.accountId))
    throw new ApiError(
      ApiCode.AUTHORIZATION_FAILED,
      `Authorization failed: iss ${JSON.stringify(iss)} is not account ${account.accountId}`,
    );
  const nowS = nowMs / 1000;
  if (nbf !== undefined && nbf > nowS + CLOCK_SKEW_S)
    throw new ApiError(
      ApiCode.AUTHORIZATION_FAILED,
      `Authorization failed: the token is not valid before nbf ${nbf} (now ${Math.floor(nowS)})`,
    );
  if (iat > nowS + CLOCK_SKEW_S)
    throw new ApiError(ApiCode.TOKEN_ISSUED_IN_FUTURE, `Token issued in the future: iat ${iat} is after now ${Math.floor(nowS)}`);
  if (exp <= nowS - CLOCK_SKEW_S) throw new ApiError(ApiCode.TOKEN_EXPIRED, `Token expired: exp ${exp} is before now ${Math.floor(nowS)}`);
  if (exp - iat > MAX_TOKEN_TTL_S || exp <= iat) {
    throw new ApiError(ApiCode.INVALID_TOKEN_TTL, `Invalid token TTL: exp - iat is ${exp - iat} s; it must be 1..${MAX_TOKEN_TTL_S}`);
  }
}

/** A JWT NumericDate: a finite JSON number of seconds (RFC 7519 docs/platform.md#management-api). */
function isNumericDate(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Whether `iss` is exactly `accountId`: the same JSON number, or its canonical decimal string. */
function issuedBy(iss: unknown, accountId: number): boolean {
  if (typeof iss === 'number') return iss === accountId;
  return typeof iss === 'string' && iss === String(accountId);
}
