/**
 * The scenarios' configuration after validation and defaults: the shape baked into every VoxEngine
 * bundle (masked-call, pool-call, click-to-call) at build time. The zod schema that produces it lives in src/config/scenario.ts
 * (a compile-time check there keeps both identical); docs/scenario.md has the table with defaults.
 * Pure TypeScript. All durations are in seconds; phone numbers are E.164 with `+`.
 */
import { samePhone } from './phone';
import { Language, PromptId } from './prompts';

/** Platform recording retention values (RecordExpireTime, docs/platform.md#recordings). */
export const RECORD_EXPIRE_VALUES = ['', '-6m', '-1y', '-2y', '-3y', '-5y'] as const;
export type RecordExpire = (typeof RECORD_EXPIRE_VALUES)[number];

/** What the caller hears while the callee's phone rings. */
export type RingbackSettings =
  /** The platform's ringback tone of a country (Call.playProgressTone; 'US' or 'RU'). */
  | { type: 'tone'; country: 'US' | 'RU' }
  /** An audio file (mp3/ogg/flac/wav, at most 10 MB) played in a loop (Call.startPlayback). */
  | { type: 'url'; url: string };

/**
 * Where the operator answers (docs/platform.md#callpstn, docs/platform.md#other-call-methods):
 * a phone number (VoxEngine.callPSTN), a SIP URI (VoxEngine.callSIP) or a user of the application
 * (VoxEngine.callUser). Every one is called with the dialed virtual number as caller ID.
 */
export type OperatorTarget =
  /** `number`: E.164 with `+`. */
  | { type: 'pstn'; number: string }
  /** `uri`: `sip:` or `sips:` URI such as `sip:desk@pbx.example.com`. */
  | { type: 'sip'; uri: string }
  /** `username`: a Voximplant user of the same application. */
  | { type: 'user'; username: string };

/** What the pool-call scenario does with a caller who has no route on the dialed pool number. */
export type NoRouteAction = 'operator' | 'pin';

export interface ScenarioSettings {
  pin: {
    /** Digits in a PIN; entry completes on the last one. 4-10. */
    length: number;
    /** PIN entries (including timeouts) allowed per call before goodbye or the operator. */
    attempts: number;
    /** Seconds to wait for the first digit after a prompt has finished. */
    firstDigitTimeoutS: number;
    /** Seconds to wait between digits. */
    interDigitTimeoutS: number;
    /**
     * false (default): "no such order" and "order found, but the caller is none of its parties" (and an
     * unreadable record) sound the same to the caller, so the prompts never tell a stranger that a PIN
     * exists. true: the helpful wording ("please call from the number you used for this order").
     */
    revealCallerMismatch: boolean;
    /**
     * Shared number only (masked-call): a caller whose caller ID the known-caller index
     * (contract/known-caller.ts) ties to one active order is connected without a PIN; several get a
     * short menu by order id. `true`: on every shared number; a list of virtual numbers (E.164): only on
     * calls to those (a known-caller line beside PIN lines); `false`, the default: off, since caller IDs
     * can be spoofed. See knownCallerRoutingOn.
     */
    skipForKnownCaller: boolean | string[];
  };
  dial: {
    /** Seconds the callee's phone may ring before the scenario gives up (no answer). */
    ringTimeoutS: number;
    ringback: RingbackSettings;
    /** Longest the whisper to the callee may take before bridging anyway, in seconds. */
    whisperTimeoutS: number;
  };
  call: {
    /** Maximum bridged-call duration in seconds (an order's settings.maxCallS overrides it). */
    maxCallS: number;
    /** Seconds before the end at which both parties hear a warning; 0 = no warning. */
    warningBeforeEndS: number;
  };
  operator: {
    /** Where the operator answers; null = no operator, '#' is never offered. */
    target: OperatorTarget | null;
    ringTimeoutS: number;
    /** Seconds the caller has to press '#' after a failure announcement offering the operator. */
    offerWindowS: number;
  };
  recording: {
    /** Record calls unless the order says otherwise (order settings.record wins when known in time). */
    enabled: boolean;
    /**
     * 'bridge': start when the parties are bridged (only the conversation is recorded, and an order's
     * settings.record applies); 'answer': start as soon as the call is answered (the PIN entry is
     * recorded too; the order is not known yet, so only `enabled` decides, and Call has no
     * stopRecording, docs/platform.md#call-record).
     */
    startAt: 'bridge' | 'answer';
    stereo: boolean;
    expire: RecordExpire;
  };
  language: {
    default: Language;
    /** Language per dialed virtual number (E.164), e.g. a German number answers in German. */
    byVirtualNumber: Record<string, Language>;
  };
  /** TTS voice per language, as a dotted VoiceList path such as `Amazon.en_US_Joanna`. */
  voices: Record<Language, string>;
  /** Prompt text overrides per language (texts not listed keep the built-in catalogue). */
  prompts: Record<Language, Partial<Record<PromptId, string>>>;
  results: {
    /** HTTPS URL the signed result is POSTed to; null = results go straight to ApplicationStorage. */
    webhookUrl: string | null;
    /** Name of the application secret (VoxEngine.getSecretValue) holding the HMAC key. */
    secretName: string;
    /** Delivery attempts, including the first. */
    attempts: number;
    /** Per-request timeout in seconds (the platform allows at most 90). */
    requestTimeoutS: number;
    /** Wait before the first retry in seconds; doubles for each further retry. */
    backoffS: number;
    /** TTL of a dead-lettered result in ApplicationStorage, in seconds. */
    deadLetterTtlS: number;
  };
  pool: {
    /**
     * A caller with no route on the dialed pool number first hears that the number is not connected
     * to an active order for their phone, then: 'operator' (when one is configured, else goodbye) or
     * 'pin' (the PIN flow of the shared number).
     */
    noRoute: NoRouteAction;
  };
  clickToCall: {
    /** E.164 virtual number both parties of a click-to-call are shown; null = click-to-call sessions fail (service_error). */
    virtualNumber: string | null;
  };
  lockout: {
    /**
     * Failed PIN guesses evaluated per caller ID (canonical digits) within windowS, across all calls,
     * however many run at once (contract/lockout.ts); the one that reaches it locks the caller ID out.
     * 0 = no lockout.
     */
    maxFailures: number;
    /** Seconds a failed guess counts towards maxFailures and numberBudget (TTL of its record). */
    windowS: number;
    /** Seconds a locked-out caller ID stays locked out. */
    lockS: number;
    /** Failed guesses per dialed virtual number: caller IDs are cheap to spoof, so many of them are watched together. */
    numberBudget: {
      /** Failed guesses on one virtual number within windowS above which new calls take the slow path; 0 = no budget. */
      maxFailures: number;
      /** PIN attempts per call on the slow path (at most pin.attempts). */
      attempts: number;
      /** Seconds of silence after the slow path's notice, before the PIN prompt. */
      delayS: number;
    };
  };
}

/**
 * Whether known-caller routing applies to a call to `virtualNumber` (E.164) under `setting`
 * (pin.skipForKnownCaller): everywhere for `true`, on the listed numbers for a list (compared by
 * canonical digits), nowhere for `false`.
 */
export function knownCallerRoutingOn(setting: boolean | readonly string[], virtualNumber: string): boolean {
  if (typeof setting === 'boolean') return setting;
  return setting.some((number) => samePhone(number, virtualNumber));
}

/** Whether `setting` (pin.skipForKnownCaller) turns known-caller routing on for any number: the seeder then keeps the index. */
export function knownCallerRoutingUsed(setting: boolean | readonly string[]): boolean {
  return typeof setting === 'boolean' ? setting : setting.length > 0;
}
