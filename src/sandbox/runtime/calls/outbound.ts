/**
 * VoxEngine.callPSTN and the simulated far end (docs/platform.md#session-limits, docs/platform.md#event-order-outbound, docs/platform.md#callpstn).
 *
 * Far-end behaviours are a table keyed by the FarEndBehaviour member. Timings: Ringing RINGING_AFTER_MS
 * after dialing when the phone rings (inferred); answer after `afterS` (default 3): AudioStarted → StateChanged →
 * Connected; busy: Failed 486 after `afterS` (default 1) without Ringing; reject: Ringing then Failed 603
 * after `afterS` (default 2); noAnswer: Ringing, then Failed 408 at 60 s (or 487 when the scenario hangs
 * up); unreachable: Failed 480 at once; invalidNumber: Failed 404 at once. Every outbound call gets
 * Failed 408 when nothing answers within 60 s. Limits: the 51st attempt of a session and an
 * 11th simultaneous progressing call get Failed 403 "Call limit reached".
 */
import { MAX_CALL_ATTEMPTS, MAX_PROGRESSING_CALLS, NO_ANSWER_MS, RINGING_AFTER_MS } from '../constants';
import type { Session } from '../session/session';
import type { FarEndBehaviour } from '../types';
import { CallLeg } from './leg';

type Behaviour<K extends string> = FarEndBehaviour extends infer B ? (B extends Record<K, infer S> ? S : never) : never;
type BehaviourKey = 'answer' | 'busy' | 'noAnswer' | 'unreachable' | 'reject' | 'invalidNumber';

function ring(leg: CallLeg, untilMs: number): void {
  if (untilMs <= RINGING_AFTER_MS) return;
  leg.after(RINGING_AFTER_MS, () => {
    leg.party.trace('ringing', {});
    leg.emit('Ringing', { headers: {} });
  });
}

function failAfter(leg: CallLeg, delayMs: number, code: number, action: string): void {
  leg.after(delayMs, () => {
    leg.party.trace(action, {});
    leg.end({ event: 'Failed', code });
  });
}

const FAR_END: { [K in BehaviourKey]: (leg: CallLeg, spec: Behaviour<K>) => void } = {
  answer: (leg, spec) => {
    const afterMs = (spec.afterS ?? 3) * 1000;
    ring(leg, afterMs);
    if (afterMs >= NO_ANSWER_MS) return;
    leg.after(afterMs, () => {
      leg.party.trace('answer', {});
      leg.connect();
    });
  },
  busy: (leg, spec) => failAfter(leg, (spec.afterS ?? 1) * 1000, 486, 'busy'),
  noAnswer: (leg) => ring(leg, NO_ANSWER_MS),
  unreachable: (leg) => failAfter(leg, 0, 480, 'unreachable'),
  reject: (leg, spec) => {
    const afterMs = (spec.afterS ?? 2) * 1000;
    ring(leg, afterMs);
    if (afterMs < NO_ANSWER_MS) failAfter(leg, afterMs, 603, 'reject');
  },
  invalidNumber: (leg) => failAfter(leg, 0, 404, 'invalidNumber'),
};

function behaviourKey(b: FarEndBehaviour): BehaviourKey {
  return Object.keys(b)[0] as BehaviourKey;
}

/** VoxEngine.callPSTN(number, callerid, parameters?): returns the new leg (PROGRESSING) synchronously. */
export function callPSTN(session: Session, number: unknown, callerid: unknown): CallLeg {
  if (typeof number !== 'string' || number.length === 0) {
    throw new TypeError(`VoxEngine.callPSTN: number must be a non-empty string (E.164), got ${JSON.stringify(number)}`);
  }
  if (typeof callerid !== 'string' || callerid.length === 0 || /\s/.test(callerid)) {
    throw new TypeError(`VoxEngine.callPSTN: callerid must be a rented or verified number without spaces, got ${JSON.stringify(callerid)}`);
  }
  const behaviour = session.services.phoneFor(number);
  const key = behaviourKey(behaviour);
  const actions = key === 'answer' ? ((behaviour as { answer: { actions?: [] } }).answer.actions ?? []) : [];
  const progressing = session.legs.filter((l) => !l.incoming && l.state === 'PROGRESSING').length;
  const leg = new CallLeg(session, {
    incoming: false,
    number,
    callerid,
    displayName: callerid,
    headers: {},
    partyNumber: number,
    localNumber: callerid,
    remoteNumber: number,
    actions,
  });
  session.trace('call.outbound', { callId: leg.id, number, callerid, headers: {} });
  session.note('outboundTimings', `a far end that rings sends Ringing ${RINGING_AFTER_MS} ms after dialing; an answer brings AudioStarted, then Connected [I]`);
  if (!session.running) {
    session.note('callAfterTerminate', 'VoxEngine.callPSTN() after terminate() returns a Call that never connects and gets no events [I]');
    leg.end({ event: undefined, code: 487, reason: 'Session terminating' });
    return leg;
  }
  session.callAttempts += 1;
  if (session.callAttempts > MAX_CALL_ATTEMPTS || progressing >= MAX_PROGRESSING_CALLS) {
    const detail =
      session.callAttempts > MAX_CALL_ATTEMPTS
        ? `call attempt ${session.callAttempts}: at most ${MAX_CALL_ATTEMPTS} per session`
        : `${progressing} calls are already progressing: at most ${MAX_PROGRESSING_CALLS} at a time`;
    session.trace('limit', { limit: 'calls', detail });
    leg.after(0, () => leg.end({ event: 'Failed', code: 403 }));
    return leg;
  }
  leg.noAnswerTask = leg.after(NO_ANSWER_MS, () => {
    if (leg.state !== 'PROGRESSING') return;
    leg.party.trace('noAnswer', { detail: 'not answered within 60 s' });
    leg.end({ event: 'Failed', code: 408 });
  });
  (FAR_END[key] as (leg: CallLeg, spec: unknown) => void)(leg, (behaviour as Record<string, unknown>)[key] ?? {});
  return leg;
}
