import { z } from 'zod';
import { MAX_CALL_S_MAX, MAX_CALL_S_MIN, PIN_MAX_LENGTH, PIN_MIN_LENGTH } from '../../contract/order-record';
import { checkPromptText, LANGUAGES, PromptError, PromptId } from '../../contract/prompts';
import { worstCaseDeliveryS } from '../../contract/result-delivery';
import { GUESS_RECORD_TTL_MARGIN_S } from '../../contract/lockout';
import { OperatorTarget, RECORD_EXPIRE_VALUES, ScenarioSettings } from '../../contract/scenario-settings';
import { KV_MAX_TTL_S } from '../../contract/storage-limits';
import { e164Schema as e164 } from './e164';

/**
 * Settings baked into every VoxEngine bundle (masked-call, pool-call, click-to-call) at build time (`scenario` section of
 * voxmask.config.json). Every field has a default; docs/scenario.md has the table. Durations are in
 * seconds, phone numbers E.164 with `+`. The parsed shape is exactly contract/scenario-settings.ts.
 *
 * Platform limits used (docs/platform.md): Net timeout at most 90 s (docs/platform.md#net-limits),
 * ApplicationStorage TTL at most 7,776,000 s (docs/platform.md#kv-ttl), unanswered calls fail after 60 s (docs/platform.md#session-limits), so ring
 * timeouts stay below 60 s.
 */

const seconds = (min: number, max: number, dflt: number) => z.number().int().min(min).max(max).default(dflt);
const language = z.enum(LANGUAGES);

const promptOverrides = z
  .record(z.string(), z.string().min(1).max(1500))
  .superRefine((texts, ctx) => {
    for (const [id, text] of Object.entries(texts)) {
      try {
        checkPromptText(id, text);
      } catch (err) {
        if (!(err instanceof PromptError)) throw err;
        ctx.addIssue({ code: 'custom', path: [id], message: err.message });
      }
    }
  })
  .transform((texts) => texts as Partial<Record<PromptId, string>>)
  .default({});

const ringback = z
  .discriminatedUnion('type', [
    z.strictObject({ type: z.literal('tone'), country: z.enum(['US', 'RU']).default('US') }),
    z.strictObject({ type: z.literal('url'), url: z.url({ protocol: /^https?$/ }) }),
  ])
  .default({ type: 'tone', country: 'US' });

const voicePath = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9]*(\.[A-Za-z][A-Za-z0-9]*)*\.[A-Za-z0-9_]+$/, 'must be a dotted VoiceList path such as Amazon.en_US_Joanna');

/** A SIP URI as VoxEngine.callSIP takes it, with its scheme (docs/platform.md#other-call-methods). */
const sipUri = z
  .string()
  .max(256)
  .regex(/^sips?:[^\s@:]+@[^\s@]+$/i, 'must be a SIP URI such as sip:desk@pbx.example.com (sip: or sips:, user@host, no spaces)');
/** A Voximplant user name (VoxEngine.callUser, docs/platform.md#other-call-methods). */
const username = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'must be a Voximplant user name: 1-100 of A-Z a-z 0-9 . _ - starting with a letter or digit');

/** The operator: an E.164 string (a phone), or `{type: 'pstn'|'sip'|'user', ...}`. */
const operatorTarget = z.union([
  e164,
  z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('pstn'), number: e164 }),
    z.strictObject({ type: z.literal('sip'), uri: sipUri }),
    z.strictObject({ type: z.literal('user'), username }),
  ]),
]);

/**
 * `operator.target` in the settings shape: `target` as given (a plain E.164 string is a phone), or
 * the older `operator.number`; giving both is an error (reported at `operator.target`).
 */
function toOperatorTarget(
  target: z.infer<typeof operatorTarget> | null | undefined,
  number: string | null | undefined,
  ctx: z.RefinementCtx,
): OperatorTarget | null {
  if (target != null && number != null) {
    ctx.addIssue({ code: 'custom', path: ['target'], message: 'give either operator.target or the older operator.number, not both' });
    return null;
  }
  if (typeof target === 'string') return { type: 'pstn', number: target };
  if (target != null) return target;
  return number != null ? { type: 'pstn', number } : null;
}

export const scenarioConfigSchema = z
  .strictObject({
    pin: z
      .strictObject({
        length: z.number().int().min(PIN_MIN_LENGTH).max(PIN_MAX_LENGTH).default(5),
        attempts: z.number().int().min(1).max(10).default(3),
        firstDigitTimeoutS: seconds(2, 60, 8),
        interDigitTimeoutS: seconds(1, 30, 5),
        revealCallerMismatch: z.boolean().default(false),
        /** true: on every shared number; a list of virtual numbers: only on calls to those (contract/scenario-settings.ts). */
        skipForKnownCaller: z.union([z.boolean(), z.array(e164).min(1)]).default(false),
      })
      .prefault({}),
    dial: z
      .strictObject({
        ringTimeoutS: seconds(5, 55, 30),
        ringback,
        whisperTimeoutS: seconds(2, 30, 10),
      })
      .prefault({}),
    call: z
      .strictObject({
        maxCallS: seconds(MAX_CALL_S_MIN, MAX_CALL_S_MAX, 1800),
        warningBeforeEndS: seconds(0, 300, 30),
      })
      .prefault({}),
    operator: z
      .strictObject({
        target: operatorTarget.nullable().optional(),
        /** The older form of a phone operator: an E.164 string (same as `target`). */
        number: e164.nullable().optional(),
        ringTimeoutS: seconds(5, 55, 30),
        offerWindowS: seconds(2, 30, 6),
      })
      .transform(({ target, number, ringTimeoutS, offerWindowS }, ctx) => ({
        target: toOperatorTarget(target, number, ctx),
        ringTimeoutS,
        offerWindowS,
      }))
      .prefault({}),
    recording: z
      .strictObject({
        enabled: z.boolean().default(false),
        startAt: z.enum(['bridge', 'answer']).default('bridge'),
        stereo: z.boolean().default(true),
        expire: z.enum(RECORD_EXPIRE_VALUES).default(''),
      })
      .prefault({}),
    language: z
      .strictObject({
        default: language.default('en'),
        byVirtualNumber: z.record(e164, language).default({}),
      })
      .prefault({}),
    voices: z
      .strictObject({
        en: voicePath.default('Amazon.en_US_Joanna'),
        de: voicePath.default('Default.de_DE_Male'),
      })
      .prefault({}),
    prompts: z.strictObject({ en: promptOverrides, de: promptOverrides }).prefault({}),
    results: z
      .strictObject({
        webhookUrl: z
          .url({ protocol: /^https?$/ })
          .nullable()
          .default(null),
        secretName: z
          .string()
          .regex(/^[A-Za-z0-9_.-]{1,64}$/, 'must be 1-64 of A-Z a-z 0-9 _ . -')
          .default('voxmask-webhook-secret'),
        attempts: z.number().int().min(1).max(6).default(4),
        requestTimeoutS: seconds(1, 30, 5),
        backoffS: seconds(1, 10, 1),
        deadLetterTtlS: seconds(60, KV_MAX_TTL_S, 7 * 24 * 3600),
      })
      .prefault({}),
    pool: z.strictObject({ noRoute: z.enum(['operator', 'pin']).default('operator') }).prefault({}),
    clickToCall: z.strictObject({ virtualNumber: e164.nullable().default(null) }).prefault({}),
    lockout: z
      .strictObject({
        maxFailures: z.number().int().min(0).max(100).default(5),
        // A guess record lives windowS plus a margin (contract/lockout.ts); both must fit the storage's TTL limit.
        windowS: seconds(60, KV_MAX_TTL_S - GUESS_RECORD_TTL_MARGIN_S, 3600),
        lockS: seconds(60, KV_MAX_TTL_S, 3600),
        numberBudget: z
          .strictObject({
            // Counted with one ApplicationStorage.keys call of at most 1000 keys (its default page).
            maxFailures: z.number().int().min(0).max(999).default(50),
            attempts: z.number().int().min(1).max(10).default(1),
            delayS: seconds(0, 60, 10),
          })
          .prefault({}),
      })
      .prefault({}),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.call.warningBeforeEndS >= cfg.call.maxCallS) {
      ctx.addIssue({ code: 'custom', path: ['call', 'warningBeforeEndS'], message: 'must be shorter than call.maxCallS' });
    }
    // Retries must finish well inside the platform's 60 s idle window after the last call ends (docs/platform.md#session-idle-end).
    const worstDeliveryS = worstCaseDeliveryS(cfg.results);
    if (worstDeliveryS > 50) {
      ctx.addIssue({
        code: 'custom',
        path: ['results'],
        message: `worst-case delivery takes ${worstDeliveryS} s (attempts x requestTimeoutS + backoff); keep it at most 50 s`,
      });
    }
  });

export type ScenarioConfig = z.infer<typeof scenarioConfigSchema>;

/** Compile-time proof that the zod output and the contract shape the bundle uses are the same type. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const sameShape: Same<ScenarioConfig, ScenarioSettings> = true;
void sameShape;
