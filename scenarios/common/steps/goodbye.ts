/** Step "goodbye": says the closing lines and "goodbye", then hangs up the caller's leg. */
import { Step } from './step';

export const goodbyeStep: Step<'goodbye'> = {
  async run(ctx, input) {
    await ctx.speech.speak(ctx.speech.utterance([...input.lines, 'goodbye'], input.values));
    ctx.facts.endedBy('scenario');
    ctx.primary.hangup();
    return { step: 'done' };
  },
};
