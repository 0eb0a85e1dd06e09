/**
 * A person on the far side of a call leg (the inbound caller, or the phone reached by callPSTN) running
 * the PartyAction list of docs/runtime-api.md once the call is connected: wait, press DTMF digits, wait
 * until a prompt has been heard, hang up. Actions are a table of handlers; each schedules the next step.
 * After the last action the party stays on the line until someone hangs up.
 */
import { DTMF_GAP_MS, WAIT_UNTIL_HEARD_DEFAULT_S } from '../constants';
import type { PartyAction } from '../types';
import type { CallLeg } from './leg';

type ActionHandler<A> = (party: Party, action: A) => void;

const HANDLERS: { [K in keyof UnionKeys]: ActionHandler<Extract<PartyAction, Record<K, unknown>>> } = {
  waitS: (party, action) => {
    party.leg.after(action.waitS * 1000, () => party.next());
  },
  press: (party, action) => {
    const gap = action.gapMs ?? DTMF_GAP_MS;
    party.trace('press', { digits: action.press });
    [...action.press].forEach((digit, i) => party.leg.after(i * gap, () => party.leg.toneFromParty(digit)));
    party.leg.after(action.press.length * gap, () => party.next());
  },
  waitUntilHeard: (party, action) => {
    const needle = action.waitUntilHeard.toLowerCase();
    const timeoutS = action.timeoutS ?? WAIT_UNTIL_HEARD_DEFAULT_S;
    const task = party.leg.after(timeoutS * 1000, () => {
      party.waiting = undefined;
      party.trace('waitTimedOut', { detail: `did not hear "${action.waitUntilHeard}" within ${timeoutS} s; going on` });
      party.next();
    });
    party.waiting = { needle, cancel: () => party.leg.session.services.clock.cancel(task) };
  },
  hangup: (party) => {
    party.trace('hangup', {});
    party.leg.hangupFromParty();
  },
};

/** Keys of the PartyAction union members ({ waitS }, { press }, ...). */
type UnionKeys = { waitS: 1; press: 1; waitUntilHeard: 1; hangup: 1 };

function actionKey(action: PartyAction): keyof UnionKeys {
  if ('waitS' in action) return 'waitS';
  if ('press' in action) return 'press';
  if ('waitUntilHeard' in action) return 'waitUntilHeard';
  return 'hangup';
}

export class Party {
  private index = 0;
  private started = false;
  waiting: { needle: string; cancel: () => void } | undefined;

  constructor(
    readonly leg: CallLeg,
    /** The party's phone number (caller ID of an inbound caller, dialed number of an outbound call). */
    readonly number: string,
    private actions: readonly PartyAction[],
  ) {}

  /** Adds a 'party' trace record for this party. */
  trace(action: string, fields: Record<string, unknown>): void {
    this.leg.session.trace('party', { party: this.number, callId: this.leg.id, action, ...fields });
  }

  /** Starts the action list (once, when the call is connected). */
  start(): void {
    if (this.started) return;
    this.started = true;
    this.next();
  }

  /**
   * Replaces the actions before the party starts them (src/sandbox/runtime/live: a far end answered by a
   * person in the browser drops its scripted actions). Throws Error once the actions have started.
   */
  replaceActions(actions: readonly PartyAction[]): void {
    if (this.started) throw new Error(`voxmask internal: the party on call ${this.leg.id} has already started its actions`);
    this.actions = actions;
  }

  /** Runs the next action, if any, while the call is still up. */
  next(): void {
    if (this.leg.state === 'TERMINATED') return;
    const action = this.actions[this.index++];
    if (!action) return;
    const key = actionKey(action);
    (HANDLERS[key] as ActionHandler<PartyAction>)(this, action);
  }

  /** A TTS text finished playing to this party: ends a matching waitUntilHeard. */
  heardFinished(text: string): void {
    const waiting = this.waiting;
    if (!waiting || !text.toLowerCase().includes(waiting.needle)) return;
    waiting.cancel();
    this.waiting = undefined;
    this.trace('heardWaitedText', { detail: text });
    this.leg.after(0, () => this.next());
  }
}
