/**
 * The backend library: what a delivery backend calls to open, close, extend and look up the masked
 * call session of an order. See docs/deploy.md ("Seeding from a backend") for an example.
 *
 * ```ts
 * const api = await connectPlatform({ credentialsFile: 'vox_ci_credentials.json' });
 * const orders = await openOrderStore(api, { applicationName: 'voxmask', pinLength: 5 });
 * const { pin } = await orders.createOrder({ orderId: 'A-1042', parties: [...], expectedDeliveryAt: '2026-05-01T18:30:00Z' });
 * await orders.closeOrder('A-1042');
 * ```
 */
import { knownCallerRoutingUsed } from '../../../contract/scenario-settings';
import type { VoxmaskConfig } from '../../config';
import { seedConfigSchema } from '../../config/deploy';
import type { PlatformApi } from '../../platform/api';
import { resolveApplication } from '../../platform/application';
import { KeyValueBackend, platformKeyValue } from './kv-backend';
import { OrderStore, OrderStoreOptions } from './order-store';

export * from './errors';
export { closestName, unknownNameMessage } from './did-you-mean';
export { checkRoutable } from './order-input';
export type { OrderInput, OrderPartyInput, PreparedOrder } from './order-input';
export { prepareOrder } from './order-input';
export { normalizePhone } from './phone';
export { orderIndexKey, ORDER_INDEX_NAMESPACE } from './order-index';
export { orderTtlS } from './ttl';
export type { KeyValueBackend, StoredValue } from './kv-backend';
export { platformKeyValue } from './kv-backend';
export { OrderStore } from './order-store';
export type {
  ActiveOrder,
  BatchVerification,
  CreateOrderOptions,
  OrderStoreOptions,
  OrderWriteResult,
  OrderWriteStatus,
} from './order-store';
export { assessPinSpace, formatPinSpace, minPinLength, pinSpaceAdvice, PIN_SPACE_LIMITS, DEFAULT_LOCKOUT_MAX_FAILURES } from './pin-space';
export type { PinSpaceReport } from './pin-space';
export { describeOrderChanges } from './order-store';
export { readSeedFile, loadSeedFile, parseSeedText, parseCsv, parseJsonLines, seedFormatOf, CSV_COLUMNS } from './seed-file';
export type { SeedRow, SeedFormat, SeedFileContents } from './seed-file';
export { seedRows, seedExitCode, formatSeedSummary, SEED_EXIT } from './seed';
export type { SeedSummary, RowOutcome, RowProblem, SeedOptions, SummaryFormatOptions } from './seed';

const SEED_DEFAULTS = seedConfigSchema.parse({});
/** The defaults of the `deploy.seed` configuration section (src/config/deploy.ts). */
export const ORDER_STORE_DEFAULTS = {
  graceS: SEED_DEFAULTS.graceS,
  defaultTtlS: SEED_DEFAULTS.defaultTtlS,
  maxPinAttempts: SEED_DEFAULTS.maxPinAttempts,
} as const;

/**
 * The ApplicationStorage of an application (short or full name) through the Management API, e.g. for
 * collectDeadLetters. @throws ApplicationNotFoundError when the application does not exist
 */
export async function openApplicationStorage(api: PlatformApi, applicationName: string): Promise<KeyValueBackend> {
  const { applicationId } = await resolveApplication(api, applicationName);
  return platformKeyValue(api, applicationId);
}

/**
 * Finds the application (short or full name) and returns an OrderStore writing into its
 * ApplicationStorage through the Management API.
 * @throws ApplicationNotFoundError when the application does not exist (deploy first)
 */
export async function openOrderStore(
  api: PlatformApi,
  options: { applicationName: string } & Pick<OrderStoreOptions, 'pinLength'> & Partial<Omit<OrderStoreOptions, 'kv' | 'pinLength'>>,
): Promise<OrderStore> {
  const { applicationId } = await resolveApplication(api, options.applicationName);
  return new OrderStore({ ...ORDER_STORE_DEFAULTS, ...options, kv: platformKeyValue(api, applicationId) });
}

/**
 * openOrderStore with the settings of the configuration file: the application of `deploy`, the PIN
 * length of `scenario.pin` and the lockout of `scenario.lockout` (one source of truth with the
 * scenario; they size the PIN space), the `deploy.seed` policy, and the virtual numbers of
 * `deploy.numbers` and `deploy.pool.numbers` (no party may be on one of them), and the known-caller
 * index when `scenario.pin.skipForKnownCaller` is on.
 * The one path both `voxmask seed` and `voxmask start` take. `defaultRegion` overrides the configured one.
 */
export function openConfiguredOrderStore(
  api: PlatformApi,
  config: VoxmaskConfig,
  overrides: { defaultRegion?: string } = {},
): Promise<OrderStore> {
  const seed = config.deploy.seed;
  return openOrderStore(api, {
    applicationName: config.deploy.applicationName,
    pinLength: config.scenario.pin.length,
    graceS: seed.graceS,
    defaultTtlS: seed.defaultTtlS,
    maxPinAttempts: seed.maxPinAttempts,
    defaultRegion: overrides.defaultRegion ?? (seed.defaultRegion || undefined),
    virtualNumbers: [...config.deploy.numbers, ...config.deploy.pool.numbers].map((n) => n.number),
    lockoutMaxFailures: config.scenario.lockout.maxFailures,
    knownCallers: knownCallerRoutingUsed(config.scenario.pin.skipForKnownCaller),
  });
}
