/**
 * Step "callFirst" of click-to-call: calls party A (the request's `from`) with the virtual number as
 * caller ID. A answers: A's leg becomes the session's primary leg (A leaving now ends the flow), DTMF
 * is switched on for the operator offer, and the dial step tells A "Connecting you to the customer."
 * while B rings. A busy, not answering within dial.ringTimeoutS, rejecting or unreachable: the
 * session ends with outcome caller_busy / caller_no_answer / caller_rejected / caller_failed.
 */
import { listen } from '../../common/call-scope';
import { placeCall } from '../../common/connect-party';
import { CalleeFailure, calleeFailureOf } from '../../common/logic/failure-codes';
import type { FailureOutcome } from '../../common/logic/result-facts';
import { logEvent } from '../../common/log';
import { startRecording } from '../../common/recording';
import { Step } from '../../common/steps/step';

/** Extra time, after the ring timeout, for the platform's Failed event before giving up on it. */
const FAILED_EVENT_GRACE_MS = 15_000;

/** The outcome of each way party A can fail to answer. */
const FIRST_PARTY_FAILURES: Readonly<Record<CalleeFailure, FailureOutcome>> = {
  busy: 'caller_busy',
  no_answer: 'caller_no_answer',
  rejected: 'caller_rejected',
  failed: 'caller_failed',
};

export const callFirstStep: Step<'callFirst'> = {
  async run(ctx) {
    const route = ctx.route;
    if (!route) throw new Error('callFirst step entered without the parties');
    const { call, leg } = placeCall(ctx, 'caller', { type: 'pstn', number: route.caller.phone });
    const ringTimeoutS = ctx.ringTimeoutS;
    const answer = await ctx.scope.wait<'answered' | CalleeFailure>(
      (done) => {
        let ringTimedOut = false;
        const cancels = [
          ctx.scope.timer(ringTimeoutS * 1000, () => {
            ringTimedOut = true;
            logEvent('ring_timeout', { kind: 'caller', seconds: ringTimeoutS });
            call.hangup();
          }),
          listen(call, CallEvents.Connected, () => done('answered')),
          listen(call, CallEvents.Failed, (e) => done(calleeFailureOf(e.code, ringTimedOut))),
          listen(call, CallEvents.Disconnected, () => done('failed')),
        ];
        return () => cancels.forEach((cancel) => cancel());
      },
      { timeoutMs: ringTimeoutS * 1000 + FAILED_EVENT_GRACE_MS, onTimeout: () => 'no_answer' },
    );
    if (answer !== 'answered') {
      logEvent('first_party_failed', { failure: answer });
      ctx.facts.failed(FIRST_PARTY_FAILURES[answer]);
      return { step: 'done' };
    }
    ctx.scope.attachPrimary(call, leg);
    logEvent('answered', { caller: ctx.maskedCaller, virtualNumber: ctx.virtualNumber, language: ctx.language });
    call.handleTones(true);
    if (ctx.settings.recording.enabled && ctx.settings.recording.startAt === 'answer') startRecording(ctx);
    return { step: 'dial' };
  },
};
