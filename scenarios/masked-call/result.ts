/** Builds the session's CallResult (contract/call-result.ts) from the call context. */
import { CALL_RESULT_VERSION, CallResult } from '../../contract/call-result';
import { CallContext } from './context';
import { iso, seconds } from './logic/legs';

export function buildResult(ctx: CallContext, resultId: string, nowMs: number): CallResult {
  return {
    version: CALL_RESULT_VERSION,
    resultId,
    sessionId: ctx.sessionId,
    virtualNumber: ctx.virtualNumber,
    caller: ctx.maskedCaller,
    orderId: ctx.reportedOrderId(),
    pin: { outcome: ctx.pinOutcome, attempts: ctx.attemptsUsed },
    callerRole: ctx.route?.caller.role ?? null,
    calleeRole: ctx.route?.callee.role ?? null,
    outcome: ctx.outcome ?? 'caller_hung_up',
    operatorReason: ctx.operatorReason,
    endedBy: ctx.endedBy ?? 'scenario',
    startedAt: iso(ctx.startedAtMs),
    endedAt: iso(nowMs),
    durationS: seconds(nowMs - ctx.startedAtMs),
    recordingUrl: ctx.recordingUrl,
    legs: ctx.legs.map((leg) => leg.toResult(nowMs)),
    warnings: [...ctx.warnings],
  };
}

/** `<sessionId>-<uuid>`: unique per session, used by the backend to de-duplicate retries. */
export function newResultId(sessionId: number): string {
  return `${sessionId}-${uuidgen()}`;
}
