/**
 * One session of any mode: who the primary party is (the caller, or click-to-call's party A), which
 * virtual number is shown, and what the flow has learnt (the order, the route, the PIN budget). It
 * composes the three parts every step uses, each with one job:
 * - `scope` (call-scope.ts): waits, timers, storage calls and the cancellation when the primary leg goes;
 * - `speech` (speech.ts): prompts in the session's language; `speech.say` is the only way to speak;
 * - `facts` (logic/result-facts.ts): what the result reports, with its one precedence rule.
 */
import type { CallMode, LegKind } from '../../contract/call-result';
import { OrderParty, OrderRecord } from '../../contract/order-record';
import { countryCodeOf, internationalDigits, maskPhone, samePhone } from '../../contract/phone';
import { Language } from '../../contract/prompts';
import { ScenarioSettings } from '../../contract/scenario-settings';
import { CallScope } from './call-scope';
import { LegTimes } from './logic/legs';
import { ResultFacts } from './logic/result-facts';
import { logEvent } from './log';
import { Speech } from './speech';

/** How a session starts: its id and time, and the virtual number it runs on. */
export interface SessionStart {
  sessionId: number;
  /** Epoch ms. */
  atMs: number;
  /** The dialed virtual number (inbound), or the one shown to both parties (click-to-call); E.164 as delivered. */
  virtualNumber: string;
  mode: CallMode;
}

export class CallContext {
  /** The dialed virtual number: the caller ID of every outbound leg. */
  readonly virtualNumber: string;
  /** Country calling code digits of the virtual number (e.g. `'49'`): national caller IDs are relative to it. */
  readonly defaultCountryCode: string | null;
  readonly sessionId: number;
  readonly startedAtMs: number;
  readonly language: Language;
  readonly facts = new ResultFacts((code) => logEvent('warning', { code }));
  readonly scope: CallScope;
  readonly speech: Speech;
  /** How the session was routed; a known caller on the shared number changes 'pin' to 'known-caller'. */
  mode: CallMode;

  /** The primary party's number as the platform delivered it or the order holds it (never logged or spoken unmasked); '' until known. */
  callerId = '';
  /**
   * Canonical international digits of callerId (contract/phone.ts internationalDigits, a national form
   * resolved with defaultCountryCode), or null when withheld, unreadable or not yet known.
   */
  callerDigits: string | null = null;
  maskedCaller = maskPhone(null);

  order: OrderRecord | null = null;
  route: { caller: OrderParty; callee: OrderParty } | null = null;
  /** Orders offered in the known-caller menu: their phones are kept out of speech too. */
  candidates: OrderRecord[] = [];
  /** Seconds the callee may ring: a pool route's setting, else dial.ringTimeoutS. */
  ringTimeoutS: number;
  /** pool: how a caller without a route went on; click-to-call / pool: the backend's ids for the result. */
  readonly reference: { fallback?: 'pin' | 'operator'; poolSessionId?: string; requestId?: string } = {};
  recordingStarted = false;
  /** True when the dialed number is over its failure budget (lockout.numberBudget): fewer attempts, a delay first. */
  slowPath = false;

  constructor(
    readonly settings: ScenarioSettings,
    start: SessionStart,
    /** The HMAC key from VoxEngine.getSecretValue, or undefined when the secret is missing. */
    readonly secret: string | undefined,
  ) {
    this.virtualNumber = start.virtualNumber;
    this.defaultCountryCode = countryCodeOf(start.virtualNumber);
    this.sessionId = start.sessionId;
    this.startedAtMs = start.atMs;
    this.mode = start.mode;
    this.ringTimeoutS = settings.dial.ringTimeoutS;
    this.language = pickLanguage(settings, start.virtualNumber);
    this.scope = new CallScope({
      warn: (code) => this.facts.warn(code),
      onPrimaryGone: () => this.facts.endedBy('caller'),
    });
    this.speech = new Speech(settings, this.language, this.scope, this.facts, {
      orderId: () => this.order?.orderId ?? null,
      phones: () => [this.order, ...this.candidates].flatMap((order) => (order ? order.parties.map((p) => p.phone) : [])),
    });
  }

  /** The primary party's leg (the inbound call, or click-to-call's call to party A). */
  get primary(): Call {
    return this.scope.primary;
  }

  /** Sets the primary party's number (`callerId` as delivered or stored). */
  identifyCaller(callerId: string): void {
    this.callerId = callerId;
    this.callerDigits = internationalDigits(callerId, this.defaultCountryCode);
    this.maskedCaller = this.callerDigits === null ? maskPhone(null) : maskPhone(`+${this.callerDigits}`);
  }

  /** Makes `call` the primary leg (leg kind `kind` in the result) from `atMs` (epoch ms). */
  attachPrimary(call: Call, kind: LegKind, atMs: number): void {
    this.scope.attachPrimary(call, new LegTimes(kind, this.maskedCaller, atMs));
  }

  /** PIN entries this call may make: pin.attempts, or fewer on the slow path (lockout.numberBudget.attempts). */
  get attemptLimit(): number {
    const { pin, lockout } = this.settings;
    return this.slowPath ? Math.min(pin.attempts, lockout.numberBudget.attempts) : pin.attempts;
  }
}

/** The session language: by virtual number when configured, else the default. */
function pickLanguage(settings: ScenarioSettings, virtualNumber: string): Language {
  for (const [number, lang] of Object.entries(settings.language.byVirtualNumber)) {
    if (samePhone(number, virtualNumber)) return lang;
  }
  return settings.language.default;
}
