/**
 * The entry wiring of a scenario started by an inbound call (masked-call, pool-call): the session id
 * from Started, one session per inbound call from CallAlerting (a second call in the same session is
 * refused), and the result on Terminating.
 */
import type { CallMode } from '../../contract/call-result';
import type { ScenarioSettings } from '../../contract/scenario-settings';
import { CallContext } from './context';
import { logEvent } from './log';
import { newSession, prepareScenario, reportOnTerminating, Session, startSession } from './session';
import { StepTable } from './steps/step';

/** The results HMAC key (VoxEngine.getSecretValue(results.secretName)); a missing secret is logged and yields undefined. */
export function readSecret(settings: ScenarioSettings): string | undefined {
  const secret = VoxEngine.getSecretValue(settings.results.secretName);
  if (!secret) logEvent('secret_missing', { name: settings.results.secretName });
  return secret ?? undefined;
}

/**
 * Registers the handlers of an inbound scenario: each inbound call runs `steps` from 'answer' in mode
 * `mode`, with the dialed number as the virtual number and the caller ID as the primary party.
 */
export function serveInboundCalls(settings: ScenarioSettings, mode: CallMode, steps: StepTable): void {
  prepareScenario();
  let sessionId = 0;
  let session: Session | null = null;

  VoxEngine.addEventListener(AppEvents.Started, (e) => {
    sessionId = e.sessionId;
  });

  VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
    if (session) {
      // Each inbound PSTN call starts its own session (docs/platform.md#execution-model); a second one here is refused.
      e.call.reject(486);
      return;
    }
    const atMs = Date.now();
    const ctx = new CallContext(settings, { sessionId, atMs, virtualNumber: e.destination, mode }, readSecret(settings));
    ctx.identifyCaller(e.callerid);
    ctx.attachPrimary(e.call, 'inbound', atMs);
    session = newSession(ctx);
    startSession(session, steps, { step: 'answer' });
  });

  reportOnTerminating(settings, () => session);
}
