import type VoximplantApiClient from '@voximplant/apiclient-nodejs';

/** Seconds a signed token is reused by default: well inside the client's 64 s token lifetime. */
export const DEFAULT_TOKEN_REUSE_S = 30;

/**
 * Makes one client instance reuse its signed JWT for `reuseS` seconds instead of signing a new one
 * for every request. The official client calls `this.generateAuthHeader()` per request, which parses
 * the PEM key and RS256-signs each time (several ms of CPU: the bulk of a seed's client-side cost).
 *
 * Platform facts (docs/platform.md#jwt-auth): the client's tokens carry `exp = iat + 64`; the docs allow
 * `exp` up to `iat + 3600` and describe no single-use rule, so a token is reused while it is fresh (inferred).
 * A reused token always has at least `64 - reuseS` seconds left. Only this instance is changed;
 * `reuseS` 0 leaves the client as it is.
 */
export function reuseSignedToken(
  client: Pick<VoximplantApiClient, 'generateAuthHeader'>,
  reuseS: number,
  now: () => number = Date.now,
): void {
  if (!(reuseS > 0)) return;
  if (reuseS >= 60) throw new RangeError(`token reuse of ${reuseS} s would outlive the client's 64 s tokens; use less than 60`);
  const sign = client.generateAuthHeader.bind(client);
  let cached: { header: string; signedAt: number } | undefined;
  client.generateAuthHeader = () => {
    const t = now();
    if (!cached || t - cached.signedAt >= reuseS * 1000 || t < cached.signedAt) cached = { header: sign(), signedAt: t };
    return cached.header;
  };
}
