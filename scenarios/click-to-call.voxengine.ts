/**
 * voxmask click-to-call scenario (entry): started by the backend with the Management API's
 * StartScenarios on the click-to-call rule (no number is bound to it). Bundled by src/build/ into
 * voxfiles/scenarios/src/click-to-call.voxengine.js with the validated configuration baked in.
 *
 * The custom data (contract/click-to-call.ts) names an order and two roles; the session calls party A
 * with the virtual number clickToCall.virtualNumber as caller ID, then party B, whispers and bridges.
 * The backend can cancel through the session's access URL (click-to-call/cancel.ts).
 */
import settings from 'voxmask:config';
import { CLICK_TO_CALL_STEPS } from './click-to-call/flow';
import { answerControlRequest } from './click-to-call/cancel';
import { CallContext } from './common/context';
import { readSecret } from './common/inbound';
import { newSession, prepareScenario, reportOnTerminating, Session, startSession } from './common/session';

prepareScenario();

let session: Session | null = null;

VoxEngine.addEventListener(AppEvents.Started, (e) => {
  const virtualNumber = settings.clickToCall.virtualNumber ?? '<none>';
  const ctx = new CallContext(
    settings,
    { sessionId: e.sessionId, atMs: Date.now(), virtualNumber, mode: 'click-to-call' },
    readSecret(settings),
  );
  session = newSession(ctx);
  startSession(session, CLICK_TO_CALL_STEPS, { step: 'request' });
});

// The click-to-call rule matches no dialed number; a call that reaches it anyway is refused.
VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => e.call.reject(486));

VoxEngine.addEventListener(AppEvents.HttpRequest, (e) => answerControlRequest(session, e.content));

reportOnTerminating(settings, () => session);
