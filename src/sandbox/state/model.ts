import { z } from 'zod';

/**
 * The sandbox's persistent data model: one Voximplant account with its service-account key,
 * applications, scenarios, rules, rented phone numbers, per-application ApplicationStorage and call
 * history. The zod schemas validate the rows of `state.db` (database.ts) and an older `state.json`
 * (legacy-json.ts) on load; the types are inferred from them. All `...Ms` fields are epoch
 * milliseconds of wall-clock time; ids are positive integers.
 */

const id = z.number().int().positive();
const epochMs = z.number().int().nonnegative();

/** The account and its one service-account key (docs/platform.md#credentials-file, docs/platform.md#account-info). */
export const accountSchema = z.object({
  accountId: id,
  accountName: z.string().min(1),
  accountEmail: z.string().min(1),
  createdMs: epochMs,
  /** Service-account key id, the JWT `kid`. */
  keyId: z.string().min(1),
  /** PKCS#8 PEM of the RSA 2048 private key handed out in the credentials file. */
  privateKeyPem: z.string().min(1),
});
export type AccountRecord = z.infer<typeof accountSchema>;

/** An application; `name` is the full name `<short>.<account_name>.voximplant.com` (docs/platform.md#application-names). */
export const applicationSchema = z.object({
  id,
  name: z.string().min(1),
  secureRecordStorage: z.boolean(),
  modifiedMs: epochMs,
  /** Values for VoxEngine.getSecretValue, by secret name. */
  secrets: z.record(z.string(), z.string()),
});
export type ApplicationRecord = z.infer<typeof applicationSchema>;

/** A scenario; `applicationId` null means the account-wide Shared folder (docs/platform.md#scenario-methods). Script kept verbatim. */
export const scenarioSchema = z.object({
  id,
  name: z.string().min(1),
  script: z.string(),
  applicationId: id.nullable(),
  modifiedMs: epochMs,
});
export type ScenarioRecord = z.infer<typeof scenarioSchema>;

/**
 * A rule of one application (docs/platform.md#rule-methods). `scenarioIds` are in bound order (the order they run in).
 * The routing order of an application's rules is their order in `SandboxData.rules`.
 */
export const ruleSchema = z.object({
  id,
  applicationId: id,
  name: z.string().min(1),
  pattern: z.string(),
  patternExclude: z.string(),
  videoConference: z.boolean(),
  bindKeyId: z.string().nullable(),
  scenarioIds: z.array(id),
  modifiedMs: epochMs,
});
export type RuleRecord = z.infer<typeof ruleSchema>;

/** A rented (attached) phone number (docs/platform.md#phone-numbers). `number` is digits without `+`, as the platform lists it. */
export const phoneNumberSchema = z.object({
  id,
  number: z.string().regex(/^\d{6,15}$/),
  countryCode: z.string().length(2),
  categoryName: z.string().min(1),
  regionId: id,
  regionName: z.string().min(1),
  /** Monthly price in the account currency. */
  price: z.number().nonnegative(),
  purchasedMs: epochMs,
  nextRenewalMs: epochMs,
  applicationId: id.nullable(),
  ruleId: id.nullable(),
  modifiedMs: epochMs,
});
export type PhoneNumberRecord = z.infer<typeof phoneNumberSchema>;

/** One call leg of a recorded session (GetCallHistory `calls[]`, docs/platform.md#call-history). Times are ISO 8601 UTC. */
export const callRecordSchema = z.object({
  callId: z.string(),
  incoming: z.boolean(),
  localNumber: z.string(),
  remoteNumber: z.string(),
  startTime: z.string(),
  durationS: z.number().nonnegative(),
  successful: z.boolean(),
  endReason: z.string(),
  recordUrl: z.string().optional(),
});

/** One finished JS session (GetCallHistory `CallSessionInfo`, docs/platform.md#call-history); its log lines are kept apart (history-table.ts). */
export const callSessionSchema = z.object({
  historyId: id,
  applicationId: id,
  applicationName: z.string(),
  ruleName: z.string().optional(),
  /** ISO 8601 UTC, virtual time of the runtime emulator. */
  startDate: z.string(),
  durationS: z.number().nonnegative(),
  finishReason: z.string(),
  customData: z.string(),
  calls: z.array(callRecordSchema),
  records: z.array(z.object({ recordUrl: z.string(), startTime: z.string(), durationS: z.number().nonnegative() })),
});
export type CallSessionRecord = z.infer<typeof callSessionSchema>;

/** Id counters: the next id each kind of record gets. */
export const nextIdsSchema = z.object({
  application: id,
  scenario: id,
  rule: id,
  phone: id,
  history: id,
});
export type NextIds = z.infer<typeof nextIdsSchema>;

/** First ids handed out: distinct ranges per kind, so an id passed for the wrong kind is not found. */
export const FIRST_IDS: NextIds = {
  application: 1_000_001,
  scenario: 3_000_001,
  rule: 5_000_001,
  phone: 7_000_001,
  history: 900_000_001,
};
