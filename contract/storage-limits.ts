/**
 * ApplicationStorage limits: one key-value store per application, the same for VoxEngine's
 * ApplicationStorage and the Management API's *KeyValue* methods (docs/platform.md#kv-limits,
 * docs/platform.md#kv-limits). Pure TypeScript: used by the scenario, the backend, the config and the sandbox.
 */

/** Longest key, in characters. */
export const KV_MAX_KEY_LENGTH = 200;
/** Longest value, in characters. */
export const KV_MAX_VALUE_LENGTH = 2000;
/** Longest TTL, in seconds (90 days). */
export const KV_MAX_TTL_S = 7_776_000;
/** TTL used when none is given, in seconds (30 days). */
export const KV_DEFAULT_TTL_S = 2_592_000;
