/**
 * Everything a session says, in its language and voice. `say` is the ONLY way a scenario speaks: its
 * last-line privacy guard checks every utterance against the order's phones (contract/spoken-text.ts),
 * whatever produced the text (a label, the order id, a configured prompt).
 */
import type { OrderParty } from '../../contract/order-record';
import { Language, PROMPT_CATALOGUES, PromptCatalogue, PromptId, renderPrompt } from '../../contract/prompts';
import type { ScenarioSettings } from '../../contract/scenario-settings';
import { labelProblem, orderIdProblem, spokenTogetherProblem, withoutSpokenDigits } from '../../contract/spoken-text';
import { CallScope, listen } from './call-scope';
import type { ResultFacts } from './logic/result-facts';
import { resolveVoice } from './voice';

export class Speech {
  readonly texts: PromptCatalogue;
  readonly voice: Voice | undefined;

  constructor(
    settings: ScenarioSettings,
    readonly language: Language,
    private readonly scope: CallScope,
    private readonly facts: ResultFacts,
    private readonly known: {
      /** The session's order id once known. */
      orderId: () => string | null;
      /** Every phone of the orders the session knows: what must never be spoken. */
      phones: () => string[];
    },
  ) {
    this.texts = { ...PROMPT_CATALOGUES[language], ...settings.prompts[language] } as PromptCatalogue;
    this.voice = resolveVoice(settings.voices[language]);
  }

  /** Renders prompt `id` in the session's language. */
  text(id: PromptId, values: Record<string, string | number> = {}): string {
    return renderPrompt(this.texts[id], values);
  }

  /** Renders several prompts into one utterance. */
  utterance(ids: PromptId[], values: Record<string, string | number> = {}): string {
    return ids
      .map((id) => this.text(id, values))
      .filter(Boolean)
      .join(' ');
  }

  /**
   * The spoken name of a party: its label when the order has one that may be spoken (checked again
   * here against the order's phones, contract/spoken-text.ts: a record written by another tool must not
   * leak a number), otherwise its role name as the sentence's subject (`role_*`) or as the object of
   * "connecting you to" (`to_*`).
   */
  partyName(party: OrderParty, form: 'subject' | 'object' = 'subject'): string {
    if (party.label !== undefined) {
      if (labelProblem(party.label, this.known.phones()) === null) return party.label;
      this.facts.warn('order_text_unspeakable');
    }
    return this.text(form === 'subject' ? `role_${party.role}` : `to_${party.role}`);
  }

  /**
   * The whisper to the callee about `caller`: with the order id when it may be spoken, otherwise
   * without it; checked once more as one utterance (spokenTogetherProblem): a party number split
   * between the label and the order id, each harmless alone, falls back to the role name without the
   * order id (warning `order_text_unspeakable`).
   */
  whisperFrom(caller: OrderParty): string {
    const callerName = this.partyName(caller);
    const orderId = this.reportedOrderId();
    const whisper =
      orderId === null || orderId !== this.known.orderId()
        ? this.text('whisperWithoutOrderId', { callerName })
        : this.text('whisper', { callerName, orderId });
    if (spokenTogetherProblem([whisper], this.known.phones()) === null) return whisper;
    this.facts.warn('order_text_unspeakable');
    return this.text('whisperWithoutOrderId', { callerName: this.text(`role_${caller.role}`) });
  }

  /**
   * The order id as it may be spoken and reported: as stored, or with every digit starred and the
   * warning `order_text_unspeakable` when it could read like a phone number (contract/spoken-text.ts);
   * null before an order is known.
   */
  reportedOrderId(): string | null {
    const orderId = this.known.orderId();
    if (orderId === null) return null;
    return this.speakableOrderId(orderId) ?? orderId.replace(/\p{N}/gu, '*');
  }

  /**
   * `orderId` when it may be spoken (contract/spoken-text.ts orderIdProblem against every phone the
   * session knows); otherwise null and the warning `order_text_unspeakable`.
   */
  speakableOrderId(orderId: string): string | null {
    if (orderIdProblem(orderId, this.known.phones()) === null) return orderId;
    this.facts.warn('order_text_unspeakable');
    return null;
  }

  /** Starts TTS on `call` in the session's voice (returns at once). */
  say(call: Call, text: string): void {
    // Last line of the privacy rule: an utterance that would speak the tail of one of the order's
    // phones loses its digits.
    let spoken = text;
    if (spokenTogetherProblem([text], this.known.phones()) !== null) {
      this.facts.warn('order_text_unspeakable');
      spoken = withoutSpokenDigits(text);
    }
    call.say(spoken, this.voice ? { voice: this.voice } : {});
  }

  /**
   * Says `text` on `call` (default the primary leg) and resolves when it has finished or after a bound
   * derived from the text's length, whichever comes first. Rejects with CallerGoneError when the
   * primary leg goes.
   */
  speak(text: string, call: Call = this.scope.primary): Promise<void> {
    return this.scope.wait<void>(
      (done) => {
        const off = listen(call, CallEvents.PlaybackFinished, () => done());
        this.say(call, text);
        return off;
      },
      { timeoutMs: speechBoundMs(text), onTimeout: () => undefined },
    );
  }
}

/** Upper bound for a TTS utterance, in ms: 10 s plus 100 ms per character (slow TTS is ~15 chars/s). */
function speechBoundMs(text: string): number {
  return 10_000 + text.length * 100;
}
