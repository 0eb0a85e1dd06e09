/**
 * voxmask masked-call scenario (entry). Bundled by src/build/ into one ES2020 script,
 * voxfiles/scenarios/src/masked-call.voxengine.js, with the validated configuration baked in.
 *
 * A party dials the virtual number, enters the order PIN by DTMF, is matched by caller ID against the
 * order's parties in ApplicationStorage (`order:<pin>`, contract/order-record.ts) and is bridged to the
 * other party; both sides only ever see the virtual number. docs/scenario.md describes the call flow.
 */
import settings from 'voxmask:config';
import { CallContext } from './masked-call/context';
import { postOnce } from './masked-call/delivery';
import { runSession, SessionReport } from './masked-call/flow';
import { logError, logEvent } from './shared/log';
import { buildResult, newResultId } from './masked-call/result';

require(Modules.ApplicationStorage);
Logger.hideTones(true);

let sessionId = 0;
let session: { ctx: CallContext; resultId: string; report: SessionReport } | null = null;

VoxEngine.addEventListener(AppEvents.Started, (e) => {
  sessionId = e.sessionId;
});

VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
  if (session) {
    // Each inbound PSTN call starts its own session (docs/platform.md#execution-model); a second one here is refused.
    e.call.reject(486);
    return;
  }
  const secret = VoxEngine.getSecretValue(settings.results.secretName);
  if (!secret) logEvent('secret_missing', { name: settings.results.secretName });
  const ctx = new CallContext(settings, { call: e.call, callerid: e.callerid, destination: e.destination, sessionId, atMs: Date.now() }, secret);
  session = { ctx, resultId: newResultId(sessionId), report: new SessionReport(secret) };
  runSession(ctx, session.resultId, session.report).catch((err: unknown) => {
    logError('session', err);
    VoxEngine.terminate();
  });
});

// Last resort: the session is ending before its result is kept (the 60 s no-calls end during a slow
// step or delivery, a platform error). Timers are gone now and one HTTP request is still allowed
// (https://voximplant.com/docs/references/voxengine/appevents#terminating), so the result is first
// written whole to the log, which cannot fail, then posted once, unretried.
VoxEngine.addEventListener(AppEvents.Terminating, () => {
  if (!session || session.report.phase === 'settled') return;
  const { ctx, resultId, report } = session;
  const body = report.body ?? JSON.stringify(buildResult(ctx, resultId, Date.now()));
  logEvent('result_on_terminating', { phase: report.phase });
  report.logResult(body);
  if (settings.results.webhookUrl && ctx.secret) {
    postOnce(settings.results.webhookUrl, body, ctx.secret, settings.results.requestTimeoutS).catch((err: unknown) => logError('terminating_post', err));
  }
});
