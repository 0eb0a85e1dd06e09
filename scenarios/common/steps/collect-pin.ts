/**
 * Step "collectPin": one PIN attempt. Plays the greeting (first attempt) or the previous failure plus
 * a re-prompt, collects DTMF (logic/pin-entry.ts rules) with barge-in, and applies the first-digit and
 * inter-digit timeouts. '#' on an empty entry goes to the operator when one is configured (and only
 * then is it offered in the prompt).
 */
import { PIN_MIN_LENGTH } from '../../../contract/order-record';
import type { PromptId } from '../../../contract/prompts';
import { listen } from '../call-scope';
import type { CallContext } from '../context';
import { PinAction, PinEntry } from '../logic/pin-entry';
import { failAttempt } from './attempts';
import { Step } from './step';

type Entry = { kind: 'pin'; pin: string } | { kind: 'operator' } | { kind: 'no_input' } | { kind: 'incomplete' };

/** Hard bound for one attempt, in ms, in case the platform never reports the prompt's end. */
const ATTEMPT_BOUND_MS = 180_000;

export const collectPinStep: Step<'collectPin'> = {
  async run(ctx, input) {
    ctx.facts.startPinAttempt();
    const entry = await collect(ctx, promptFor(ctx, input.lead));
    if (entry.kind === 'operator') return { step: 'operator', reason: 'caller_request' };
    if (entry.kind === 'no_input') return failAttempt(ctx, 'no_input', 'noInput', 'no_input');
    if (entry.kind === 'incomplete' || entry.pin.length < PIN_MIN_LENGTH)
      return failAttempt(ctx, 'incomplete', 'incomplete', 'invalid_pin');
    return { step: 'lookup', pin: entry.pin };
  },
};

function promptFor(ctx: CallContext, lead: PromptId | undefined): string {
  const ids: PromptId[] = lead ? [lead, 'reprompt'] : ['greeting'];
  if (ctx.settings.operator.target) ids.push('operatorHint');
  return ctx.speech.utterance(ids, { pinLength: ctx.settings.pin.length });
}

function collect(ctx: CallContext, prompt: string): Promise<Entry> {
  const { pin, operator } = ctx.settings;
  return ctx.scope.wait<Entry>(
    (done) => {
      const entry = new PinEntry(pin.length, operator.target !== null);
      let playing = true;
      let cancelTimeout = () => undefined as void;
      const arm = () => {
        cancelTimeout();
        const seconds = entry.entered === 0 ? pin.firstDigitTimeoutS : pin.interDigitTimeoutS;
        cancelTimeout = ctx.scope.timer(seconds * 1000, () => done(entry.entered === 0 ? { kind: 'no_input' } : { kind: 'incomplete' }));
      };
      const actions: { [T in PinAction['type']]: (a: Extract<PinAction, { type: T }>) => void } = {
        digit: () => arm(),
        complete: (a) => done({ kind: 'pin', pin: a.digits }),
        cleared: () => {
          cancelTimeout();
          playing = true;
          ctx.speech.say(ctx.primary, ctx.speech.text('cleared'));
        },
        operator: () => done({ kind: 'operator' }),
        ignored: () => undefined,
      };
      const offs = [
        listen(ctx.primary, CallEvents.PlaybackFinished, () => {
          if (!playing) return;
          playing = false;
          arm();
        }),
        listen(ctx.primary, CallEvents.ToneReceived, (e) => {
          if (playing) {
            playing = false;
            ctx.primary.stopPlayback();
          }
          const action = entry.press(e.tone);
          (actions[action.type] as (a: PinAction) => void)(action);
        }),
      ];
      ctx.speech.say(ctx.primary, prompt);
      return () => {
        cancelTimeout();
        offs.forEach((off) => off());
      };
    },
    { timeoutMs: ATTEMPT_BOUND_MS, onTimeout: () => ({ kind: 'no_input' }) },
  );
}
