/**
 * Step "answer": answers the inbound call, waits for Connected, turns DTMF handling on and starts the
 * recording when it is configured to start at the answer. A caller
 * whose caller ID is withheld (or in a format contract/phone.ts cannot read) cannot be matched to an
 * order, so they never enter a PIN (no way to probe PINs anonymously): they hear why and go to the
 * operator when there is one. Every call first checks the dialed number's failure budget
 * (lockout.numberBudget), so every result during an attack on the number carries the warning.
 * An identified caller goes on to the mode's own routing ('route').
 */
import { listen } from '../call-scope';
import { WaitTimeoutError } from '../errors';
import { checkNumberBudget } from '../lockout-store';
import { logEvent } from '../log';
import { startRecording } from '../recording';
import { Step } from './step';

const CONNECT_TIMEOUT_MS = 10_000;

export const answerStep: Step<'answer'> = {
  async run(ctx) {
    await ctx.scope.wait<void>(
      (done) => {
        const off = listen(ctx.primary, CallEvents.Connected, () => done());
        ctx.primary.answer();
        return off;
      },
      { timeoutMs: CONNECT_TIMEOUT_MS, onTimeout: () => new WaitTimeoutError('Connected after answer()') },
    );
    ctx.scope.primaryLeg.markAnswered(Date.now());
    ctx.primary.handleTones(true);
    if (ctx.settings.recording.enabled && ctx.settings.recording.startAt === 'answer') startRecording(ctx);
    logEvent('answered', { caller: ctx.maskedCaller, virtualNumber: ctx.virtualNumber, language: ctx.language });
    await checkNumberBudget(ctx);
    if (ctx.callerDigits === null) {
      ctx.facts.failed('caller_id_withheld');
      return ctx.settings.operator.target
        ? { step: 'operator', reason: 'caller_id_withheld', lead: ['callerIdWithheld'] }
        : { step: 'goodbye', lines: ['callerIdWithheld'] };
    }
    return { step: 'route' };
  },
};
