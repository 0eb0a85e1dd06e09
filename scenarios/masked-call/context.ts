/**
 * One masked-call session: who called which number, and what the flow has learnt (the order, the
 * route, the PIN budget). It composes the three parts every step uses, each with one job:
 * - `scope` (shared/call-scope.ts): waits, timers, storage calls and the caller-gone cancellation;
 * - `speech` (shared/speech.ts): prompts in the session's language; `speech.say` is the only way to speak;
 * - `facts` (shared/result-facts.ts): what the result reports, with its one precedence rule.
 */
import { OrderParty, OrderRecord } from '../../contract/order-record';
import { countryCodeOf, internationalDigits, maskPhone, samePhone } from '../../contract/phone';
import { Language } from '../../contract/prompts';
import { ScenarioSettings } from '../../contract/scenario-settings';
import { CallScope } from '../shared/call-scope';
import { LegTimes } from '../shared/logic/legs';
import { ResultFacts } from '../shared/logic/result-facts';
import { logEvent } from '../shared/log';
import { Speech } from '../shared/speech';

/** What the inbound call looked like when it arrived. */
export interface InboundInfo {
  call: Call;
  callerid: string;
  destination: string;
  sessionId: number;
  atMs: number;
}

export class CallContext {
  readonly inbound: Call;
  /** Caller ID as the platform delivered it (never logged or spoken unmasked). */
  readonly callerId: string;
  /**
   * Canonical international digits of the caller ID (contract/phone.ts internationalDigits, a national
   * form resolved with defaultCountryCode), or null when withheld or unreadable.
   */
  readonly callerDigits: string | null;
  readonly maskedCaller: string;
  /** The dialed virtual number: the caller ID of every outbound leg. */
  readonly virtualNumber: string;
  /** Country calling code digits of the dialed virtual number (e.g. `'49'`): national caller IDs are relative to it. */
  readonly defaultCountryCode: string | null;
  readonly sessionId: number;
  readonly startedAtMs: number;
  readonly language: Language;
  readonly facts = new ResultFacts((code) => logEvent('warning', { code }));
  readonly scope: CallScope;
  readonly speech: Speech;

  order: OrderRecord | null = null;
  route: { caller: OrderParty; callee: OrderParty } | null = null;
  recordingStarted = false;
  /** True when the dialed number is over its failure budget (lockout.numberBudget): fewer attempts, a delay first. */
  slowPath = false;

  constructor(
    readonly settings: ScenarioSettings,
    info: InboundInfo,
    /** The HMAC key from VoxEngine.getSecretValue, or undefined when the secret is missing. */
    readonly secret: string | undefined,
  ) {
    this.inbound = info.call;
    this.callerId = info.callerid;
    this.virtualNumber = info.destination;
    this.defaultCountryCode = countryCodeOf(info.destination);
    this.callerDigits = internationalDigits(info.callerid, this.defaultCountryCode);
    this.maskedCaller = this.callerDigits === null ? maskPhone(null) : maskPhone(`+${this.callerDigits}`);
    this.sessionId = info.sessionId;
    this.startedAtMs = info.atMs;
    this.language = pickLanguage(settings, info.destination);
    this.scope = new CallScope(info.call, new LegTimes('inbound', this.maskedCaller, info.atMs), {
      warn: (code) => this.facts.warn(code),
      onPrimaryGone: () => this.facts.endedBy('caller'),
    });
    this.speech = new Speech(settings, this.language, this.scope, this.facts, () => this.order);
  }

  /** PIN entries this call may make: pin.attempts, or fewer on the slow path (lockout.numberBudget.attempts). */
  get attemptLimit(): number {
    const { pin, lockout } = this.settings;
    return this.slowPath ? Math.min(pin.attempts, lockout.numberBudget.attempts) : pin.attempts;
  }
}

/** The session language: by dialed virtual number when configured, else the default. */
function pickLanguage(settings: ScenarioSettings, destination: string): Language {
  for (const [number, lang] of Object.entries(settings.language.byVirtualNumber)) {
    if (samePhone(number, destination)) return lang;
  }
  return settings.language.default;
}
