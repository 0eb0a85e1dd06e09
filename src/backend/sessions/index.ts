/**
 * Pool sessions (issue 12 §1): the backend opens a session for the parties of an order and gets, for
 * each pair, the virtual number both dial; no PIN. See README "Masking modes".
 *
 * ```ts
 * const api = await connectPlatform({ credentialsFile: 'vox_ci_credentials.json' });
 * const sessions = await openConfiguredSessionStore(api, loadConfig());
 * const s = await sessions.openSession({ orderId: 'A-1042', parties: [...], expiresAt: '2026-05-01T19:30:00Z' });
 * // s.mode === 'pool': s.pairs = [{ roles: ['courier', 'customer'], number: '+4930…' }]
 * await sessions.closeSession(s.sessionId);
 * ```
 */
import type { VoxmaskConfig } from '../../config';
import type { PlatformApi } from '../../platform/api';
import { resolveApplication } from '../../platform/application';
import { openConfiguredOrderStore } from '../orders';
import { platformKeyValue } from '../orders/kv-backend';
import { resolvePool } from './pool-numbers';
import { SessionStore, SessionStoreOptions } from './session-store';

export * from './errors';
export { SessionStore } from './session-store';
export type { OpenSessionInput, OpenSessionResult, PinFallback, PinSession, PoolSession, SessionStoreOptions } from './session-store';
export { countryOfNumber, rankCandidates, resolvePool } from './pool-numbers';
export type { PoolNumber, PoolNumberInput } from './pool-numbers';
export { poolStatus } from './pool-status';
export type { PoolNumberUse, PoolStatus } from './pool-status';
export { poolNumbersNeeded, SIZING_RULE } from './sizing';
export type { PoolSizingInput } from './sizing';
export { ClaimBook, CONTENTION_WINDOW_MS } from './claims';
export type { SessionPair, SessionRecord } from './session-keys';

/**
 * A SessionStore on the configured application and pool: `deploy.pool` (numbers, cool-off, PIN
 * fallback), the shared numbers of `deploy.numbers` (no party may be on one, and the fallback's numbers)
 * and `deploy.seed.defaultRegion` for party phones. `overrides` replace single options (tests, tools).
 * @throws ApplicationNotFoundError when the application does not exist (deploy first); RangeError for a bad pool entry
 */
export async function openConfiguredSessionStore(
  api: PlatformApi,
  config: VoxmaskConfig,
  overrides: Partial<SessionStoreOptions> = {},
): Promise<SessionStore> {
  const deploy = config.deploy;
  const { applicationId } = await resolveApplication(api, deploy.applicationName);
  const sharedNumbers = deploy.numbers.map((n) => n.number);
  const fallback = deploy.pool.fallbackToPin
    ? { orders: await openConfiguredOrderStore(api, config), sharedNumbers, graceS: deploy.seed.graceS }
    : undefined;
  return new SessionStore({
    kv: platformKeyValue(api, applicationId),
    pool: resolvePool(deploy.pool.numbers),
    coolOffS: deploy.pool.coolOffS,
    sharedNumbers,
    ...(fallback ? { fallback } : {}),
    ...(deploy.seed.defaultRegion ? { defaultRegion: deploy.seed.defaultRegion } : {}),
    ...overrides,
  });
}
