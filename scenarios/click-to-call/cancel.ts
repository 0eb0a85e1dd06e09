/**
 * The backend's cancellation of a click-to-call session through its access URL
 * (AppEvents.HttpRequest, docs/platform.md#http-request-event; the body is contract/session-control.ts).
 * An accepted cancel records the outcome `cancelled` (kept only when no party was reached: the result
 * facts' precedence) and `endedBy: "backend"`, then ends the flow: every wait rejects, the runner hangs
 * up every leg and reports the one result as usual.
 */
import { formatSessionControlAnswer, parseSessionControl } from '../../contract/session-control';
import { logEvent } from '../common/log';
import type { Session } from '../common/session';

/** Answers one access-URL request `content` for `session` (null before the session has started). */
export function answerControlRequest(session: Session | null, content: string): string {
  const request = parseSessionControl(content);
  if (!request.ok) {
    logEvent('control_refused', { field: request.field });
    return formatSessionControlAnswer({
      accepted: false,
      state: 'refused',
      problem: request.field ? `${request.field} ${request.problem}` : request.problem,
    });
  }
  const requestId = session?.ctx.reference.requestId;
  if (request.value.requestId !== undefined && requestId !== undefined && request.value.requestId !== requestId) {
    logEvent('control_refused', { field: 'requestId' });
    return formatSessionControlAnswer({ accepted: false, state: 'refused', problem: "requestId is not this session's request" });
  }
  if (!session || session.report.phase !== 'running' || session.ctx.scope.primaryGone) {
    return formatSessionControlAnswer({ accepted: false, state: 'ended' });
  }
  const { ctx } = session;
  logEvent('cancel_requested', { requestId: requestId ?? null });
  ctx.facts.failed('cancelled');
  ctx.facts.endedBy('backend');
  ctx.scope.cancel();
  return formatSessionControlAnswer({ accepted: true, state: 'cancelling' });
}
