/** Step "goodbye": says the closing lines and "goodbye", then hangs up the caller's leg. */
import { Step } from './step';

export const goodbyeStep: Step<'goodbye'> = {
  async run(ctx, input) {
    await ctx.speak(ctx.utterance([...input.lines, 'goodbye'], input.values));
    ctx.endedBy = 'scenario';
    ctx.inbound.hangup();
    return { step: 'done' };
  },
};
