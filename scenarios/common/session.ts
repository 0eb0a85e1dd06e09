/**
 * Runs one session's steps from its mode's table until "done", then reports the result and
 * terminates the session. Each mode's flow.ts maps step names to modules; steps return the next
 * step's input. Whatever happens (caller hang-up, cancellation, storage fault, a bug), the session
 * ends the same way: every leg is released, the one result is delivered, dead-lettered or written to
 * the session log before the platform's 60 s no-calls end (contract/result-delivery.ts), then
 * VoxEngine.terminate().
 */
import { deliveryDeadlineMs, lastCallEndedAtMs } from '../../contract/result-delivery';
import type { ScenarioSettings } from '../../contract/scenario-settings';
import { CallContext } from './context';
import { deliverResult, logUndelivered, postOnce } from './delivery';
import { CallerGoneError } from './errors';
import { logError, logEvent } from './log';
import { buildResult, newResultId } from './result';
import { Next, StepName, StepTable } from './steps/step';

/**
 * Where the session's result stands, shared with the Terminating handler: until `settled`, the result
 * is nowhere safe yet, so a session ending early (idle end, platform error) must log it there.
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

/**
 * What every scenario does before its first event: ApplicationStorage loaded, and DTMF digits kept
 * out of the platform's own session log (PINs and menu choices are typed on every mode's primary leg).
 */
export function prepareScenario(): void {
  require(Modules.ApplicationStorage);
  Logger.hideTones(true);
}

/** A running session: its context, result id and report. */
export interface Session {
  ctx: CallContext;
  resultId: string;
  report: SessionReport;
}

/** A new session around `ctx` (result id `<sessionId>-<uuid>`). */
export function newSession(ctx: CallContext): Session {
  return { ctx, resultId: newResultId(ctx.sessionId), report: new SessionReport(ctx.secret) };
}

/**
 * Runs `session` from `first` through `steps` and ends it (result, terminate). Never rejects: an error
 * escaping even the ending is logged and the session terminated.
 */
export function startSession(session: Session, steps: StepTable, first: Next): void {
  runSession(session, steps, first).catch((err: unknown) => {
    logError('session', err);
    VoxEngine.terminate();
  });
}

async function runSession({ ctx, resultId, report }: Session, steps: StepTable, first: Next): Promise<void> {
  let next: Next = first;
  try {
    while (next.step !== 'done') {
      logEvent('step', { step: next.step });
      const step = steps[next.step];
      if (!step) throw new Error(`step ${next.step} is not part of this scenario`);
      next = await (step as { run(ctx: CallContext, input: Next): Promise<Next> }).run(ctx, next);
    }
  } catch (err) {
    if (!(err instanceof CallerGoneError)) {
      logError(`step ${next.step as StepName}`, err);
      ctx.facts.warn('scenario_error');
      ctx.facts.unexpectedError();
    }
  }
  if (ctx.scope.hasPrimary && ctx.primary.state() !== 'TERMINATED') ctx.primary.hangup();
  ctx.scope.releaseAll();
  const nowMs = Date.now();
  const result = buildResult(ctx, resultId, nowMs);
  report.body = JSON.stringify(result);
  report.phase = 'delivering';
  // The platform's idle clock started when the last call ended, perhaps well before this line; in a
  // session that never placed a call, at its start (docs/platform.md#session-idle-end).
  const idleSinceMs = result.legs.length === 0 ? ctx.startedAtMs : lastCallEndedAtMs(result.legs, nowMs);
  const deadlineMs = deliveryDeadlineMs(idleSinceMs);
  const where = await deliverResult(ctx.settings.results, ctx.sessionId, report.body, ctx.secret, {
    deadlineMs,
    logResult: (body) => report.logResult(body),
  });
  report.phase = 'settled';
  logEvent('session_end', { outcome: result.outcome, delivery: where });
  VoxEngine.terminate();
}

/**
 * The last resort: the session is ending before its result is kept (the 60 s no-calls end during a
 * slow step or delivery, a platform error). Timers are gone now and one HTTP request is still allowed
 * (docs/platform.md#terminating), so the result is first written whole to the log, which cannot fail,
 * then posted once, unretried. `current` returns the running session, or null before one started.
 */
export function reportOnTerminating(settings: ScenarioSettings, current: () => Session | null): void {
  VoxEngine.addEventListener(AppEvents.Terminating, () => {
    const session = current();
    if (!session || session.report.phase === 'settled') return;
    const { ctx, resultId, report } = session;
    const body = report.body ?? JSON.stringify(buildResult(ctx, resultId, Date.now()));
    logEvent('result_on_terminating', { phase: report.phase });
    report.logResult(body);
    if (settings.results.webhookUrl && ctx.secret) {
      postOnce(settings.results.webhookUrl, body, ctx.secret, settings.results.requestTimeoutS).catch((err: unknown) =>
        logError('terminating_post', err),
      );
    }
  });
}
