/**
 * Step "checkLockout": a caller ID locked out by earlier failed PINs hears so and the call ends. A call
 * on the slow path (the dialed number is over its failure budget, answer step) hears a notice and
 * waits lockout.numberBudget.delayS before the PIN prompt.
 */
import { checkCallerLock } from '../lockout-store';
import { Step } from './step';

export const checkLockoutStep: Step<'checkLockout'> = {
  async run(ctx) {
    if (await checkCallerLock(ctx)) {
      ctx.facts.failed('locked_out');
      return { step: 'goodbye', lines: ['lockedOut'] };
    }
    if (ctx.slowPath) {
      await ctx.speech.speak(ctx.speech.text('slowPathNotice'));
      await ctx.scope.pause(ctx.settings.lockout.numberBudget.delayS);
    }
    return { step: 'collectPin' };
  },
};
