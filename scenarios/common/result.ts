/** Builds the session's CallResult (contract/call-result.ts) from the call context, for every mode. */
import { CALL_RESULT_VERSION, CallResult } from '../../contract/call-result';
import { iso, seconds } from './logic/legs';
import { CallContext } from './context';

export function buildResult(ctx: CallContext, resultId: string, nowMs: number): CallResult {
  const facts = ctx.facts.snapshot();
  return {
    version: CALL_RESULT_VERSION,
    resultId,
    sessionId: ctx.sessionId,
    mode: ctx.mode,
    ...ctx.reference,
    virtualNumber: ctx.virtualNumber,
    caller: ctx.maskedCaller,
    orderId: ctx.speech.reportedOrderId(),
    pin: facts.pin,
    callerRole: ctx.route?.caller.role ?? null,
    calleeRole: ctx.route?.callee.role ?? null,
    outcome: facts.outcome,
    operatorReason: facts.operatorReason,
    endedBy: facts.endedBy,
    startedAt: iso(ctx.startedAtMs),
    endedAt: iso(nowMs),
    durationS: seconds(nowMs - ctx.startedAtMs),
    recordingUrl: facts.recordingUrl,
    legs: ctx.scope.legs.map((leg) => leg.toResult(nowMs)),
    warnings: facts.warnings,
  };
}

/** `<sessionId>-<uuid>`: unique per session, used by the backend to de-duplicate retries. */
export function newResultId(sessionId: number): string {
  return `${sessionId}-${uuidgen()}`;
}
