/**
 * The state of one masked-call session and the primitives every step uses:
 * - `wait`: a promise around platform events with a timeout, which rejects with CallerGoneError the
 *   moment the caller's leg disconnects (so no step can keep talking to a caller who left);
 * - `speak`: TTS to a leg, resolved on PlaybackFinished;
 * - `timer`: tracked timeouts (cleared at the end; the platform allows 100, docs/platform.md#timers);
 * - `storage`: an ApplicationStorage promise bounded in time; a failure is recorded as a warning and
 *   resolves STORAGE_FAILED.
 */
import { CallOutcome, EndedBy, OperatorReason, PinOutcome, WarningCode } from '../../contract/call-result';
import { OrderParty, OrderRecord } from '../../contract/order-record';
import { countryCodeOf, internationalDigits, maskPhone, samePhone } from '../../contract/phone';
import { Language, PROMPT_CATALOGUES, PromptCatalogue, PromptId, renderPrompt } from '../../contract/prompts';
import { ScenarioSettings } from '../../contract/scenario-settings';
import { labelProblem, orderIdProblem, spokenTogetherProblem, withoutSpokenDigits } from '../../contract/spoken-text';
import { CallerGoneError } from './errors';
import { LegTimes } from './logic/legs';
import { logEvent } from './log';
import { resolveVoice } from './voice';

/** Longest an ApplicationStorage call may take before the flow treats it as failed, in ms (docs/scenario.md "lookup"). */
const STORAGE_TIMEOUT_MS = 8000;

/** What CallContext.storage resolves to when the ApplicationStorage call failed (its warning is already recorded). */
export const STORAGE_FAILED = Symbol('storage failed');

/** Subscribes `fn` to a call event; returns the unsubscribe function. */
export function listen<K extends keyof _CallEvents>(call: Call, event: K, fn: (e: _CallEvents[K]) => void): () => void {
  call.addEventListener(event, fn);
  return () => call.removeEventListener(event, fn);
}

/** How a wait ends when its time is up: a value, or an Error to reject with. */
export interface WaitOptions<T> {
  timeoutMs: number;
  onTimeout: () => T | Error;
}

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
  readonly texts: PromptCatalogue;
  readonly voice: Voice | undefined;
  readonly inboundLeg: LegTimes;
  readonly legs: LegTimes[] = [];
  /** Outbound legs, hung up at the end if still up. */
  readonly peers: Call[] = [];

  order: OrderRecord | null = null;
  route: { caller: OrderParty; callee: OrderParty } | null = null;
  attemptsUsed = 0;
  pinOutcome: PinOutcome = 'not_entered';
  outcome: CallOutcome | null = null;
  operatorReason: OperatorReason | null = null;
  endedBy: EndedBy | null = null;
  recordingUrl: string | null = null;
  recordingStarted = false;
  readonly warnings: WarningCode[] = [];
  /** True when the dialed number is over its failure budget (lockout.numberBudget): fewer attempts, a delay first. */
  slowPath = false;
  callerGone = false;

  private readonly timers = new Set<number>();
  private readonly goneWaiters = new Set<() => void>();

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
    this.texts = { ...PROMPT_CATALOGUES[this.language], ...settings.prompts[this.language] } as PromptCatalogue;
    this.voice = resolveVoice(settings.voices[this.language]);
    this.inboundLeg = new LegTimes('inbound', this.maskedCaller, info.atMs);
    this.legs.push(this.inboundLeg);
    const gone = () => this.markCallerGone();
    listen(this.inbound, CallEvents.Disconnected, gone);
    listen(this.inbound, CallEvents.Failed, gone);
  }

  /** PIN entries this call may make: pin.attempts, or fewer on the slow path (lockout.numberBudget.attempts). */
  get attemptLimit(): number {
    const { pin, lockout } = this.settings;
    return this.slowPath ? Math.min(pin.attempts, lockout.numberBudget.attempts) : pin.attempts;
  }

  /** Renders prompt `id` in the session's language. */
  text(id: PromptId, values: Record<string, string | number> = {}): string {
    return renderPrompt(this.texts[id], values);
  }

  /** Renders several prompts into one utterance. */
  utterance(ids: PromptId[], values: Record<string, string | number> = {}): string {
    return ids.map((id) => this.text(id, values)).filter(Boolean).join(' ');
  }

  /**
   * The spoken name of a party: its label when the order has one that may be spoken (checked again
   * here against the order's phones, contract/spoken-text.ts: a record written by another tool must not
   * leak a number), otherwise its role name as the sentence's subject (`role_*`) or as the object of
   * "connecting you to" (`to_*`).
   */
  partyName(party: OrderParty, form: 'subject' | 'object' = 'subject'): string {
    if (party.label !== undefined) {
      if (labelProblem(party.label, this.orderPhones()) === null) return party.label;
      this.warn('order_text_unspeakable');
    }
    return this.text(form === 'subject' ? `role_${party.role}` : `to_${party.role}`);
  }

  /**
   * The whisper to the callee about `caller`: with the order id when it may be spoken
   * (contract/spoken-text.ts), otherwise without it.
   */
  whisperFrom(caller: OrderParty): string {
    const callerName = this.partyName(caller);
    const orderId = this.reportedOrderId();
    if (orderId === null || orderId !== this.order?.orderId) return this.text('whisperWithoutOrderId', { callerName });
    return this.text('whisper', { callerName, orderId });
  }

  /**
   * The order id as the result reports it: as stored, or with every digit starred and the warning
   * `order_text_unspeakable` when it could read like a phone number (contract/spoken-text.ts); null before
   * an order is known.
   */
  reportedOrderId(): string | null {
    const orderId = this.order?.orderId;
    if (orderId === undefined) return null;
    if (orderIdProblem(orderId, this.orderPhones()) === null) return orderId;
    this.warn('order_text_unspeakable');
    return orderId.replace(/\p{N}/gu, '*');
  }

  private orderPhones(): string[] {
    return this.order ? this.order.parties.map((p) => p.phone) : [];
  }

  /** Starts TTS on `call` in the session's voice (returns at once). */
  say(call: Call, text: string): void {
    // Last line of the privacy rule: whatever produced the text (a label, the order id, a configured
    // prompt), an utterance that would speak the tail of one of the order's phones loses its digits.
    let spoken = text;
    if (spokenTogetherProblem([text], this.orderPhones()) !== null) {
      this.warn('order_text_unspeakable');
      spoken = withoutSpokenDigits(text);
    }
    call.say(spoken, this.voice ? { voice: this.voice } : {});
  }

  /**
   * Says `text` to the caller and resolves when it has finished or after a bound derived from the
   * text's length, whichever comes first. Rejects with CallerGoneError when the caller leaves.
   */
  speak(text: string): Promise<void> {
    return this.wait<void>(
      (done) => {
        const off = listen(this.inbound, CallEvents.PlaybackFinished, () => done());
        this.say(this.inbound, text);
        return off;
      },
      { timeoutMs: speechBoundMs(text), onTimeout: () => undefined },
    );
  }

  /**
   * Waits for `setup` to call `done` (or `fail`), for the timeout, or for the caller to leave
   * (CallerGoneError). `setup` returns its teardown, which runs exactly once in every case.
   */
  wait<T>(setup: (done: (value: T) => void, fail: (err: Error) => void) => () => void, options: WaitOptions<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.callerGone) {
        reject(new CallerGoneError());
        return;
      }
      let settled = false;
      let teardown: (() => void) | null = null;
      const settle = (outcome: { value: T } | { error: Error }) => {
        if (settled) return;
        settled = true;
        this.goneWaiters.delete(onGone);
        cancelTimer();
        if (teardown) teardown();
        if ('error' in outcome) reject(outcome.error);
        else resolve(outcome.value);
      };
      const onGone = () => settle({ error: new CallerGoneError() });
      this.goneWaiters.add(onGone);
      const cancelTimer = this.timer(options.timeoutMs, () => {
        const value = options.onTimeout();
        settle(value instanceof Error ? { error: value } : { value });
      });
      const off = setup(
        (value) => settle({ value }),
        (error) => settle({ error }),
      );
      if (settled) off();
      else teardown = off;
    });
  }

  /**
   * Runs an ApplicationStorage call bounded by STORAGE_TIMEOUT_MS and resolves its value. When the call
   * throws, rejects or does not answer in time, records `warning` (see warn) and resolves STORAGE_FAILED
   * instead. Rejects only with CallerGoneError, when the caller leaves first.
   */
  async storage<T>(warning: WarningCode, start: () => Promise<T>): Promise<T | typeof STORAGE_FAILED> {
    const value = await this.wait<T | typeof STORAGE_FAILED>(
      (done) => {
        try {
          start().then(done, () => done(STORAGE_FAILED));
        } catch {
          done(STORAGE_FAILED);
        }
        return () => undefined;
      },
      { timeoutMs: STORAGE_TIMEOUT_MS, onTimeout: () => STORAGE_FAILED },
    );
    if (value === STORAGE_FAILED) this.warn(warning);
    return value;
  }

  /** Waits `seconds` (silence on the line); rejects with CallerGoneError when the caller leaves first. */
  pause(seconds: number): Promise<void> {
    return this.wait<void>(() => () => undefined, { timeoutMs: seconds * 1000, onTimeout: () => undefined });
  }

  /** A tracked setTimeout; returns its cancel function. */
  timer(ms: number, fn: () => void): () => void {
    const id = setTimeout(() => {
      this.timers.delete(id);
      fn();
    }, ms);
    this.timers.add(id);
    return () => {
      clearTimeout(id);
      this.timers.delete(id);
    };
  }

  /** Records a non-fatal problem for the result's `warnings` (once per code) and logs it. */
  warn(code: WarningCode): void {
    if (!this.warnings.includes(code)) this.warnings.push(code);
    logEvent('warning', { code });
  }

  /** Clears every timer and hangs up outbound legs that are still up (B2BUA rule). */
  releaseAll(): void {
    for (const id of this.timers) clearTimeout(id);
    this.timers.clear();
    const now = Date.now();
    for (const peer of this.peers) {
      if (peer.state() !== 'TERMINATED') peer.hangup();
    }
    for (const leg of this.legs) leg.markEnded(now);
  }

  private markCallerGone(): void {
    if (this.callerGone) return;
    this.callerGone = true;
    this.inboundLeg.markEnded(Date.now());
    if (this.endedBy === null) this.endedBy = 'caller';
    logEvent('caller_gone');
    for (const waiter of Array.from(this.goneWaiters)) waiter();
  }
}

/** The session language: by dialed virtual number when configured, else the default. */
function pickLanguage(settings: ScenarioSettings, destination: string): Language {
  for (const [number, lang] of Object.entries(settings.language.byVirtualNumber)) {
    if (samePhone(number, destination)) return lang;
  }
  return settings.language.default;
}

/** Upper bound for a TTS utterance: 10 s plus 100 ms per character (slow TTS is ~15 chars/s). */
function speechBoundMs(text: string): number {
  return 10_000 + text.length * 100;
}
