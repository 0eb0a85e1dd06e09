/**
 * Step "calleeFailed": the callee was busy, did not answer, rejected or could not be reached. The
 * caller hears why in plain words; with an operator configured they may press '#' within the offer
 * window to reach one, otherwise they are told to try later. Then the call ends.
 */
import { listen } from '../call-scope';
import { CALLEE_FAILURES } from '../logic/failure-codes';
import { Step } from './step';

export const calleeFailedStep: Step<'calleeFailed'> = {
  async run(ctx, input) {
    const { prompt, outcome } = CALLEE_FAILURES[input.failure];
    ctx.facts.failed(outcome);
    const calleeName = ctx.route ? ctx.speech.partyName(ctx.route.callee) : '';
    if (!ctx.settings.operator.target) return { step: 'goodbye', lines: [prompt, 'tryLater'], values: { calleeName } };
    const windowMs = ctx.settings.operator.offerWindowS * 1000;
    const wantsOperator = await ctx.scope.wait<boolean>(
      (done) => {
        let cancelWindow = () => undefined as void;
        const offs = [
          listen(ctx.primary, CallEvents.ToneReceived, (e) => {
            if (e.tone === '#') done(true);
          }),
          listen(ctx.primary, CallEvents.PlaybackFinished, () => {
            cancelWindow();
            cancelWindow = ctx.scope.timer(windowMs, () => done(false));
          }),
        ];
        ctx.speech.say(ctx.primary, `${ctx.speech.text(prompt, { calleeName })} ${ctx.speech.text('offerOperator')}`);
        return () => {
          cancelWindow();
          offs.forEach((off) => off());
        };
      },
      { timeoutMs: 60_000 + windowMs, onTimeout: () => false },
    );
    if (wantsOperator) return { step: 'operator', reason: 'callee_unreachable' };
    return { step: 'goodbye', lines: ['tryLater'] };
  },
};
