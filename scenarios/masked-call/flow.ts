/**
 * Runs one session's steps from the transitions table until "done", then reports the result and
 * terminates the session. The table maps each step name to its module; steps return the next step's
 * input. Whatever happens (caller hang-up, storage fault, a bug), the session ends the same way:
 * every leg is released, exactly one result is delivered or dead-lettered, then VoxEngine.terminate().
 */
import { CallContext } from './context';
import { deliverResult } from './delivery';
import { CallerGoneError } from './errors';
import { logError, logEvent } from './log';
import { buildResult } from './result';
import { answerStep } from './steps/answer';
import { calleeFailedStep } from './steps/callee-failed';
import { checkLockoutStep } from './steps/check-lockout';
import { collectPinStep } from './steps/collect-pin';
import { dialStep } from './steps/dial';
import { goodbyeStep } from './steps/goodbye';
import { lookupStep } from './steps/lookup';
import { operatorStep } from './steps/operator';
import { Next, Step, StepName } from './steps/step';
import { talkStep } from './steps/talk';

const STEPS: { readonly [K in StepName]: Step<K> } = {
  answer: answerStep,
  checkLockout: checkLockoutStep,
  collectPin: collectPinStep,
  lookup: lookupStep,
  dial: dialStep,
  talk: talkStep,
  calleeFailed: calleeFailedStep,
  operator: operatorStep,
  goodbye: goodbyeStep,
};

/** Session-wide state the entry's Terminating handler needs. */
export interface SessionReport {
  /** Set once the result has been handed to delivery (so Terminating does not send it twice). */
  handedOver: boolean;
}

export async function runSession(ctx: CallContext, resultId: string, report: SessionReport): Promise<void> {
  let next: Next = { step: 'answer' };
  try {
    while (next.step !== 'done') {
      logEvent('step', { step: next.step });
      const step = STEPS[next.step] as Step<StepName>;
      next = await step.run(ctx, next as never);
    }
  } catch (err) {
    if (!(err instanceof CallerGoneError)) {
      logError(`step ${next.step}`, err);
      ctx.warn('scenario_error');
      if (ctx.outcome === null) ctx.outcome = 'service_error';
    }
  }
  if (ctx.inbound.state() !== 'TERMINATED') ctx.inbound.hangup();
  ctx.releaseAll();
  const result = buildResult(ctx, resultId, Date.now());
  report.handedOver = true;
  const where = await deliverResult(ctx.settings.results, ctx.sessionId, JSON.stringify(result), ctx.secret);
  logEvent('session_end', { outcome: result.outcome, delivery: where });
  VoxEngine.terminate();
}
