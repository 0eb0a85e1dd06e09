/** Step "checkLockout": a caller ID locked out by earlier failed PINs hears so and the call ends. */
import { loadLockout } from '../lockout-store';
import { Step } from './step';

export const checkLockoutStep: Step<'checkLockout'> = {
  async run(ctx) {
    if (await loadLockout(ctx)) {
      ctx.outcome = 'locked_out';
      return { step: 'goodbye', lines: ['lockedOut'] };
    }
    return { step: 'collectPin' };
  },
};
