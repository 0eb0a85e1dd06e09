/**
 * The inbound PSTN call that starts a session (docs/platform.md#session-idle-end, docs/platform.md#session-limits, docs/platform.md#event-order-inbound): the leg is
 * ALERTING until answer(); the platform disconnects it after 60 s unanswered (Disconnected 408 (inferred)); a
 * caller with `abandonAfterS` gives up first (Disconnected 487 (inferred)); after answer() the caller runs its
 * actions.
 */
import { NO_ANSWER_MS } from '../constants';
import type { Session } from '../session/session';
import type { InboundCallSpec } from '../types';
import { CallLeg } from './leg';

/** Creates the session's inbound leg and arms the caller's timers. */
export function createInboundLeg(session: Session, spec: InboundCallSpec): CallLeg {
  const leg = new CallLeg(session, {
    incoming: true,
    clientType: 'pstn',
    number: spec.to,
    callerid: spec.from,
    displayName: spec.displayName ?? spec.from,
    headers: { ...(spec.headers ?? {}) },
    partyNumber: spec.from,
    localNumber: spec.to,
    remoteNumber: spec.from,
    actions: spec.actions ?? [],
  });
  session.services.live?.inbound(leg);
  session.trace('call.inbound', {
    callId: leg.id,
    from: spec.from,
    to: spec.to,
    ...(spec.displayName !== undefined ? { displayName: spec.displayName } : {}),
    headers: { ...(spec.headers ?? {}) },
  });
  leg.noAnswerTask = leg.after(NO_ANSWER_MS, () => {
    if (leg.state !== 'ALERTING') return;
    session.note(
      'inboundNoAnswer',
      'an inbound call unanswered for 60 s is disconnected by the platform: Disconnected { internalCode: 408 } [I]',
    );
    leg.party.trace('unanswered', { detail: 'not answered within 60 s; the platform disconnects' });
    leg.end({ event: 'Disconnected', code: 408 });
  });
  if (spec.abandonAfterS !== undefined) {
    leg.after(spec.abandonAfterS * 1000, () => {
      if (leg.state !== 'ALERTING') return;
      session.note('inboundAbandon', 'a caller who hangs up before the answer gives Disconnected { internalCode: 487 } [I]');
      leg.party.trace('abandon', {});
      leg.end({ event: 'Disconnected', code: 487 });
    });
  }
  return leg;
}
