/**
 * DTMF PIN entry as a pure state machine (no VoxEngine globals). The collect-pin step feeds it
 * ToneReceived digits and turns its actions into prompts and timers.
 *
 * Rules: digits accumulate and the entry completes on the PIN length's last digit; '*' clears the
 * entry; '#' with no digits asks for the operator (only when an operator is configured, otherwise it
 * is ignored); '#' after at least one digit submits a shorter entry.
 */

/** What one key press does. */
export type PinAction =
  { type: 'digit' } | { type: 'complete'; digits: string } | { type: 'cleared' } | { type: 'operator' } | { type: 'ignored' };

export class PinEntry {
  private digits = '';

  constructor(
    /** Digits in a full PIN (4-10). */
    private readonly pinLength: number,
    /** Whether '#' on an empty entry may request the operator. */
    private readonly operatorEnabled: boolean,
  ) {}

  /** Digits entered so far. */
  get entered(): number {
    return this.digits.length;
  }

  /** Applies one DTMF tone (`0-9`, `*`, `#`; anything else is ignored). */
  press(tone: string): PinAction {
    if (/^[0-9]$/.test(tone)) {
      this.digits += tone;
      if (this.digits.length >= this.pinLength) return this.take();
      return { type: 'digit' };
    }
    if (tone === '*') {
      this.digits = '';
      return { type: 'cleared' };
    }
    if (tone === '#') {
      if (this.digits.length > 0) return this.take();
      return this.operatorEnabled ? { type: 'operator' } : { type: 'ignored' };
    }
    return { type: 'ignored' };
  }

  private take(): PinAction {
    const digits = this.digits;
    this.digits = '';
    return { type: 'complete', digits };
  }
}
