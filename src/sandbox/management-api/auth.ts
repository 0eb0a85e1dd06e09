import jwt from 'jsonwebtoken';
import type { KeyObject } from 'node:crypto';
import { ApiCode, ApiError } from './errors';

/** Longest accepted token lifetime `exp - iat`, seconds (AUTH: "up to iat+3600"). */
export const MAX_TOKEN_TTL_S = 3600;
/** Clock skew tolerated on `iat` and `exp`, seconds [I]. */
export const CLOCK_SKEW_S = 5;

/** What a token is checked against: the account id (`iss`) and its service-account key (`kid`). */
export interface AuthAccount {
  accountId: number;
  keyId: string;
  publicKey: KeyObject;
}

/**
 * Verifies `Authorization: Bearer <JWT>` as the platform does (management-api.md §1.3): RS256, `kid` =
 * the key id, `iss` = the account id (number or numeric string), `iat` and `exp` NumericDates with
 * `exp - iat ≤ 3600`, `iat` not in the future and `exp` not past (±5 s skew), on real time `nowMs`.
 * Throws ApiError: 100 no/malformed header, bad signature or wrong account; 447 not a JWT or missing
 * claims; 433 unknown key id; 455 issued in the future; 456 expired; 454 lifetime over 3600 s.
 */
export function verifyAuthorization(header: string | undefined, account: AuthAccount, nowMs: number): void {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  if (!match) throw new ApiError(ApiCode.AUTHORIZATION_FAILED, 'Authorization failed: no "Authorization: Bearer <JWT>" header');
  const token = match[1];

  const decoded = jwt.decode(token, { complete: true });
  if (!decoded || typeof decoded.payload !== 'object') throw new ApiError(ApiCode.INVALID_TOKEN_FORMAT, 'Invalid token format: not a JWT with a JSON payload');
  if (decoded.header.alg !== 'RS256') throw new ApiError(ApiCode.INVALID_TOKEN_FORMAT, `Invalid token format: alg is ${decoded.header.alg}, RS256 is required`);
  if (decoded.header.kid !== account.keyId) throw new ApiError(ApiCode.INVALID_KEY_ID, `Invalid key id: kid "${String(decoded.header.kid)}" is not a key of this account`);

  try {
    jwt.verify(token, account.publicKey, { algorithms: ['RS256'], ignoreExpiration: true, ignoreNotBefore: true });
  } catch (err) {
    throw new ApiError(ApiCode.AUTHORIZATION_FAILED, `Authorization failed: ${(err as Error).message}`);
  }

  const { iss, iat, exp } = decoded.payload as { iss?: unknown; iat?: unknown; exp?: unknown };
  if (typeof iat !== 'number' || typeof exp !== 'number') throw new ApiError(ApiCode.INVALID_TOKEN_FORMAT, 'Invalid token format: iat and exp must be NumericDates');
  if (Number(iss) !== account.accountId) throw new ApiError(ApiCode.AUTHORIZATION_FAILED, `Authorization failed: iss ${String(iss)} is not account ${account.accountId}`);
  const nowS = nowMs / 1000;
  if (iat > nowS + CLOCK_SKEW_S) throw new ApiError(ApiCode.TOKEN_ISSUED_IN_FUTURE, `Token issued in the future: iat ${iat} is after now ${Math.floor(nowS)}`);
  if (exp <= nowS - CLOCK_SKEW_S) throw new ApiError(ApiCode.TOKEN_EXPIRED, `Token expired: exp ${exp} is before now ${Math.floor(nowS)}`);
  if (exp - iat > MAX_TOKEN_TTL_S || exp <= iat) {
    throw new ApiError(ApiCode.INVALID_TOKEN_TTL, `Invalid token TTL: exp - iat is ${exp - iat} s; it must be 1..${MAX_TOKEN_TTL_S}`);
  }
}
