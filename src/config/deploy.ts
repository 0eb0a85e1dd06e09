import { z } from 'zod';
import { APPLICATION_NAME, RULE_NAME_MAX, SHORT_APPLICATION_NAME_RULE } from '../../contract/application-name';
import { internationalDigits } from '../../contract/phone';
import { KV_MAX_TTL_S } from '../../contract/storage-limits';
import { DEFAULT_API_HOST } from '../platform/api';
import { DEFAULT_RETRY_POLICY } from '../platform/retry';
import { DEFAULT_TOKEN_REUSE_S } from '../platform/token-reuse';
import { e164Schema } from './e164';

/**
 * Settings for `voxmask deploy` and `voxmask seed`: which account (the local sandbox or a real one),
 * which application, the voxengine-ci folder, the virtual numbers to bind, and how seeding allocates
 * PINs and TTLs. Every field has a default, so `{}` is a valid section. Documented as a table in
 * docs/deploy.md.
 */

/** A virtual number the application answers on. */
export const deployNumberSchema = z
  .object({
    /** The number in E.164. On a real account it must already be rented; the sandbox rents it when missing. */
    number: e164Schema,
    /** Bind it to this rule of the application too (BindPhoneNumberToApplication `rule_name`); optional. */
    rule: z.string().min(1).optional(),
  })
  .strict();
export type DeployNumber = z.infer<typeof deployNumberSchema>;

/**
 * Where the sandbox rents configured numbers it does not have yet (AttachPhoneNumber needs country,
 * category and region, docs/platform.md#phone-numbers). Sandbox target only; the default is the sandbox's
 * New York region, numbers +1 212 555 01xx.
 */
export const sandboxRentalSchema = z
  .object({
    countryCode: z.string().length(2).default('US'),
    phoneCategoryName: z.string().min(1).default('GEOGRAPHIC'),
    /** Region id as GetPhoneNumberRegions lists it. */
    phoneRegionId: z.number().int().positive().default(1),
  })
  .strict();

/** Retry schedule of Management API calls (src/platform/retry.ts). */
export const retrySchema = z
  .object({
    maxAttempts: z.number().int().min(1).max(20).default(DEFAULT_RETRY_POLICY.maxAttempts),
    baseDelayMs: z.number().int().min(0).default(DEFAULT_RETRY_POLICY.baseDelayMs),
    maxDelayMs: z.number().int().min(0).default(DEFAULT_RETRY_POLICY.maxDelayMs),
  })
  .strict();

/** How `voxmask seed` and the backend library write order records. The PIN length is `scenario.pin.length` (one source of truth with the scenario). */
export const seedConfigSchema = z
  .object({
    /** Seconds an order stays callable after its expected delivery time; the TTL is capped at 7,776,000 s. */
    graceS: z.number().int().min(0).max(KV_MAX_TTL_S).default(3600),
    /** TTL in seconds for an order without an expected delivery time. */
    defaultTtlS: z.number().int().min(60).max(KV_MAX_TTL_S).default(86_400),
    /** Orders written at the same time. */
    concurrency: z.number().int().min(1).max(64).default(8),
    /** ISO 3166 region for numbers written without a country code (libphonenumber-js), e.g. `DE`; empty = E.164 only. */
    defaultRegion: z
      .string()
      .regex(/^([A-Z]{2})?$/, 'must be a two-letter ISO 3166 code such as DE, or empty')
      .default(''),
    /** Fresh random PINs tried before giving up on an order (a PIN must be unused among active orders). */
    maxPinAttempts: z.number().int().min(1).max(1000).default(20),
  })
  .strict();
export type SeedConfig = z.infer<typeof seedConfigSchema>;

/** A virtual number of the number pool (issue 12 §1). */
export const poolNumberSchema = z
  .object({
    /** The number in E.164. Rented like `numbers` (the sandbox rents it when missing). */
    number: e164Schema,
    /** ISO 3166 alpha-2 country the number counts as, for "prefer a number in the party's country"; default: the number's own (libphonenumber-js). */
    country: z
      .string()
      .regex(/^[A-Z]{2}$/, 'must be a two-letter ISO 3166 code such as DE')
      .optional(),
  })
  .strict();
export type PoolNumberConfig = z.infer<typeof poolNumberSchema>;

/**
 * Pool sessions (issue 12 §1, src/backend/sessions/): virtual numbers handed out per session, bound to
 * their own rule by `voxmask deploy`, separate from the shared PIN numbers of `numbers`.
 */
export const poolConfigSchema = z
  .object({
    numbers: z.array(poolNumberSchema).default([]),
    /** Rule (rules.config.json) the pool numbers are bound to; it runs the pool-call scenario. */
    rule: z.string().min(1).max(RULE_NAME_MAX).default('pool-call'),
    /** Seconds a (number, party) pair stays out of use after its session ends, so a call back from history never reaches a new counterpart. */
    coolOffS: z.number().int().min(0).max(KV_MAX_TTL_S).default(86_400),
    /** When the pool has no number for a party: true = open a PIN order on the shared number instead; false = PoolExhaustedError. */
    fallbackToPin: z.boolean().default(false),
  })
  .strict();
export type PoolConfig = z.infer<typeof poolConfigSchema>;

/** Click-to-call (issue 12 §3, src/backend/calls/): the rule StartScenarios starts; deploy gives it a pattern no dialed number matches. */
export const clickToCallConfigSchema = z
  .object({
    rule: z.string().min(1).max(RULE_NAME_MAX).default('click-to-call'),
  })
  .strict();

export const deployConfigSchema = z
  .object({
    /** `sandbox`: the local sandbox in `sandboxDir`; `account`: a real Voximplant account at `host`. */
    target: z.enum(['sandbox', 'account']).default('sandbox'),
    /** Management API host of the `account` target, without scheme (docs/platform.md#mapi-endpoint). */
    host: z.string().min(1).default(DEFAULT_API_HOST),
    /** Service-account key of the `account` target (overridden by `--credentials`, or by VOXIMPLANT_CREDENTIALS when set). */
    credentialsFile: z.string().min(1).default('vox_ci_credentials.json'),
    /** Folder of the local sandbox (state, credentials.json, TLS). */
    sandboxDir: z.string().min(1).default('.sandbox'),
    /**
     * `host:port` of a sandbox already serving `sandboxDir` (e.g. started by `voxmask sandbox`). Empty =
     * deploy/seed start the sandbox in their own process for the duration of the command.
     */
    sandboxHost: z
      .string()
      .regex(/^([A-Za-z0-9.-]+:\d{1,5})?$/, 'must be host:port, e.g. 127.0.0.1:8443, or empty')
      .default(''),
    /** voxengine-ci root: applications/, scenarios/src/, .voxengine-ci/ (docs/platform.md#voxfiles-layout). */
    voxfilesDir: z.string().min(1).default('voxfiles'),
    /**
     * Where deploy keeps the voxengine-ci metadata files (ids and hashes of what it uploaded). Empty =
     * `<voxfilesDir>/.voxengine-ci` for the `account` target (where voxengine-ci keeps them, so both
     * tools share one history) and `<sandboxDir>/.voxengine-ci` for the `sandbox` target (so sandbox ids
     * never mix with a real account's).
     */
    metadataDir: z.string().default(''),
    /** Application name: short (`voxmask`, expanded to `voxmask.<account>.voximplant.com`) or full; the platform's rule (contract/application-name.ts). */
    applicationName: z
      .string()
      .regex(
        APPLICATION_NAME,
        `must be a short application name (${SHORT_APPLICATION_NAME_RULE}) or a full one (name.account.voximplant.com)`,
      )
      .default('voxmask'),
    /** Virtual numbers to bind to the application. */
    numbers: z.array(deployNumberSchema).default([]),
    sandboxRental: sandboxRentalSchema.prefault({}),
    retry: retrySchema.prefault({}),
    /** Per-request timeout of Management API calls, in ms. */
    requestTimeoutMs: z.number().int().min(1000).default(30_000),
    /** Seconds one signed JWT is reused across requests (src/platform/token-reuse.ts); 0 = sign per request like the plain client. */
    tokenReuseS: z.number().int().min(0).max(59).default(DEFAULT_TOKEN_REUSE_S),
    seed: seedConfigSchema.prefault({}),
    pool: poolConfigSchema.prefault({}),
    clickToCall: clickToCallConfigSchema.prefault({}),
  })
  .strict()
  .superRefine((cfg, ctx) => {
    // One virtual number has one job: a shared PIN number that is also a pool number would run two scenarios' routes at once.
    const seen = new Map<string, string>();
    const check = (number: string, path: (string | number)[]) => {
      const digits = internationalDigits(number) ?? number;
      const earlier = seen.get(digits);
      if (earlier !== undefined)
        ctx.addIssue({
          code: 'custom',
          path,
          message: `repeats the number of ${earlier}; each virtual number is either shared (numbers) or in the pool, and listed once`,
        });
      else seen.set(digits, path.join('.'));
    };
    cfg.numbers.forEach((n, i) => check(n.number, ['numbers', i, 'number']));
    cfg.pool.numbers.forEach((n, i) => check(n.number, ['pool', 'numbers', i, 'number']));
    if (cfg.pool.rule === cfg.clickToCall.rule)
      ctx.addIssue({ code: 'custom', path: ['clickToCall', 'rule'], message: `must differ from pool.rule "${cfg.pool.rule}"` });
  });
export type DeployConfig = z.infer<typeof deployConfigSchema>;

/**
 * Every virtual number of the configuration, E.164: the shared PIN numbers (`numbers`) and the pool
 * (`pool.numbers`). These are the only numbers a party may see, so the only ones voxmask prints in full.
 */
export function virtualNumbersOf(deploy: Pick<DeployConfig, 'numbers' | 'pool'>): string[] {
  return [...deploy.numbers, ...deploy.pool.numbers].map((n) => n.number);
}
