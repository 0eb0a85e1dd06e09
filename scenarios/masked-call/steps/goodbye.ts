/** Step "goodbye": says the closing lines and "goodbye", then hangs up the caller's leg. */
import { Step } from './step';

export const goodbyeStep: Step<'goodbye'> = {
  name: 'goodbye',
  async run(ctx, input) {
    if (input.outcome) ctx.outcome = input.outcome;
    await ctx.speak(ctx.inbound, ctx.utterance([...input.lines, 'goodbye'], input.values));
    ctx.endedBy = 'scenario';
    ctx.inbound.hangup();
    return { step: 'done' };
  },
};
