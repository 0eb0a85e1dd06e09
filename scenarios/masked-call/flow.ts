/**
 * Runs one session's steps from the transitions table until "done", then reports the result and
 * terminates the session. The table maps each step name to its module; steps return the next step's
 * input. Whatever happens (caller hang-up, storage fault, a bug), the session ends the same way:
 * every leg is released, the one result is delivered, dead-lettered or written to the session log
 * before the platform's 60 s no-calls end (contract/result-delivery.ts), then VoxEngine.terminate().
 */
import { CallContext } from './context';
import { deliveryDeadlineMs, lastCallEndedAtMs } from '../../contract/result-delivery';
import { deliverResult, logUndelivered } from './delivery';
import { CallerGoneError } from '../shared/errors';
import { logError, logEvent } from '../shared/log';
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

/**
 * Where the session's result stands, shared with the entry's Terminating handler: until `settled`, the
 * result is nowhere safe yet, so a session ending early (idle end, platform error) must log it there.
 */
export class SessionReport {
  /** 'running': steps still run; 'delivering': the result is being posted or dead-lettered; 'settled': it is kept. */
  phase: 'running' | 'delivering' | 'settled' = 'running';
  /** The result JSON once built (the same body, and resultId, wherever it ends up). */
  body: string | null = null;
  private logged = false;

  /** `secret`: the results HMAC key (VoxEngine.getSecretValue), undefined when missing; signs the logged dead letter. */
  constructor(private readonly secret?: string) {}

  /**
   * Writes `body` whole to the session log, the last resort, once per session (delivery.ts
   * logUndelivered: readable, and as the signed dead letter); marks the result settled.
   */
  logResult(body: string): void {
    this.phase = 'settled';
    if (this.logged) return;
    this.logged = true;
    logUndelivered(body, this.secret);
  }
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
      ctx.facts.warn('scenario_error');
      ctx.facts.unexpectedError();
    }
  }
  if (ctx.inbound.state() !== 'TERMINATED') ctx.inbound.hangup();
  ctx.scope.releaseAll();
  const nowMs = Date.now();
  const result = buildResult(ctx, resultId, nowMs);
  report.body = JSON.stringify(result);
  report.phase = 'delivering';
  // The platform's idle clock started when the last call ended, perhaps well before this line.
  const deadlineMs = deliveryDeadlineMs(lastCallEndedAtMs(result.legs, nowMs));
  const where = await deliverResult(ctx.settings.results, ctx.sessionId, report.body, ctx.secret, { deadlineMs, logResult: (body) => report.logResult(body) });
  report.phase = 'settled';
  logEvent('session_end', { outcome: result.outcome, delivery: where });
  VoxEngine.terminate();
}
