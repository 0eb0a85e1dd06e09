/**
 * Outbound call legs and the simulated far end (docs/platform.md#session-limits,
 * docs/platform.md#event-order-outbound, docs/platform.md#callpstn): VoxEngine.callPSTN here, callSIP and
 * callUser in call-sip-user.ts, all placed by `placeOutbound`.
 *
 * Far-end behaviours are a table keyed by the FarEndBehaviour member; a PSTN phone, a SIP peer and a
 * Voximplant user behave alike. Timings: Ringing RINGING_AFTER_MS after dialing when the far end rings
 * (inferred); answer after `afterS` (default 3): AudioStarted → StateChanged → Connected; busy: Failed 486
 * after `afterS` (default 1) without Ringing; reject: Ringing then Failed 603 after `afterS` (default 2);
 * noAnswer: Ringing, then Failed 408 at the no-answer limit (or 487 when the scenario hangs up);
 * unreachable: Failed 480 at once; invalidNumber: Failed 404 at once. Every outbound call gets Failed 408
 * when nothing answers within 60 s (callUser: its VI-CallTimeout). Limits: the 51st attempt of a session
 * and an 11th simultaneous progressing call get Failed 403 "Call limit reached".
 */
import { MAX_CALL_ATTEMPTS, MAX_PROGRESSING_CALLS, NO_ANSWER_MS, RINGING_AFTER_MS } from '../constants';
import type { Session } from '../session/session';
import type { FarEndBehaviour } from '../types';
import { CallLeg, type ClientType } from './leg';

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

const FAR_END: { [K in BehaviourKey]: (leg: CallLeg, spec: Behaviour<K>, noAnswerMs: number) => void } = {
  answer: (leg, spec, noAnswerMs) => {
    const afterMs = (spec.afterS ?? 3) * 1000;
    ring(leg, afterMs);
    if (afterMs >= noAnswerMs) return;
    leg.after(afterMs, () => {
      leg.party.trace('answer', {});
      leg.connect();
    });
  },
  busy: (leg, spec) => failAfter(leg, (spec.afterS ?? 1) * 1000, 486, 'busy'),
  noAnswer: (leg, _spec, noAnswerMs) => ring(leg, noAnswerMs),
  unreachable: (leg) => failAfter(leg, 0, 480, 'unreachable'),
  reject: (leg, spec, noAnswerMs) => {
    const afterMs = (spec.afterS ?? 2) * 1000;
    ring(leg, afterMs);
    if (afterMs < noAnswerMs) failAfter(leg, afterMs, 603, 'reject');
  },
  invalidNumber: (leg) => failAfter(leg, 0, 404, 'invalidNumber'),
};

function behaviourKey(b: FarEndBehaviour): BehaviourKey {
  return Object.keys(b)[0] as BehaviourKey;
}

/** Who an outbound call goes to and what it shows them. */
export interface OutboundTarget {
  clientType: ClientType;
  /** The dialed address: E.164 number (pstn), SIP URI (sip) or username (user); call.number(). */
  address: string;
  /** The caller ID shown to the far end ('' when a SIP call gives none). */
  callerid: string;
  displayName: string;
  /** Headers sent with the call (traced; secrets such as a SIP password are never part of them). */
  headers: Record<string, string>;
  /** When an unanswered call fails with 408, ms (default NO_ANSWER_MS). */
  noAnswerMs?: number;
}

/**
 * Places an outbound leg (PROGRESSING) to `target` and starts its far end; returns it synchronously.
 * Traces `call.outbound`; enforces the session's call limits.
 */
export function placeOutbound(session: Session, target: OutboundTarget): CallLeg {
  const behaviour = session.services.farEndFor(target.clientType, target.address);
  const key = behaviourKey(behaviour);
  const actions = key === 'answer' ? ((behaviour as { answer: { actions?: [] } }).answer.actions ?? []) : [];
  const progressing = session.legs.filter((l) => !l.incoming && l.state === 'PROGRESSING').length;
  const leg = new CallLeg(session, {
    incoming: false,
    clientType: target.clientType,
    number: target.address,
    callerid: target.callerid,
    displayName: target.displayName,
    headers: target.headers,
    partyNumber: target.address,
    localNumber: target.callerid,
    remoteNumber: target.address,
    actions,
  });
  session.trace('call.outbound', {
    callId: leg.id,
    number: target.address,
    callerid: target.callerid,
    ...(target.clientType !== 'pstn' ? { clientType: target.clientType } : {}),
    ...(target.displayName !== target.callerid ? { displayName: target.displayName } : {}),
    headers: { ...target.headers },
  });
  session.note(
    'outboundTimings',
    `a far end that rings sends Ringing ${RINGING_AFTER_MS} ms after dialing; an answer brings AudioStarted, then Connected [I]`,
  );
  if (!session.running) {
    session.note('callAfterTerminate', 'a call placed after terminate() returns a Call that never connects and gets no events [I]');
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
  const noAnswerMs = target.noAnswerMs ?? NO_ANSWER_MS;
  leg.noAnswerTask = leg.after(noAnswerMs, () => {
    if (leg.state !== 'PROGRESSING') return;
    leg.party.trace('noAnswer', { detail: `not answered within ${noAnswerMs / 1000} s` });
    leg.end({ event: 'Failed', code: 408 });
  });
  if (!session.services.live?.claimOutbound(leg, behaviour, noAnswerMs)) startFarEnd(leg, behaviour, noAnswerMs);
  return leg;
}

/**
 * Starts the far end of an outbound leg behaving as `behaviour` from now (its own Ringing, answer or
 * failure timings); `noAnswerMs` is the leg's no-answer limit. Used by placeOutbound and by live far
 * ends (live/live-parties.ts) once they know what the far end does.
 */
export function startFarEnd(leg: CallLeg, behaviour: FarEndBehaviour, noAnswerMs: number): void {
  const key = behaviourKey(behaviour);
  (FAR_END[key] as (leg: CallLeg, spec: unknown, noAnswerMs: number) => void)(
    leg,
    (behaviour as Record<string, unknown>)[key] ?? {},
    noAnswerMs,
  );
}

/**
 * A caller ID the scenario gives (docs/platform.md#caller-id): digits with an optional leading +, no
 * spaces, or exactly the caller ID of the session's inbound call (what forwardCallToPSTN passes on).
 * The platform wants a rented or verified number without spaces; what it does with anything else is
 * undocumented, so the emulator throws this TypeError: its own, documented choice, which catches a
 * placeholder left in a scenario before the platform would.
 */
export function checkCallerId(session: Session, label: string, callerid: unknown): string {
  if (typeof callerid === 'string' && (callerid === session.incoming?.init.callerid || /^\+?[0-9]{3,15}$/.test(callerid))) return callerid;
  throw new TypeError(
    `${label}: callerid must be a phone number (digits, an optional leading +, no spaces) or the inbound call's caller ID, got ${JSON.stringify(callerid)}. ` +
      'The platform wants a rented or verified number without spaces and does not document what it does with anything else; ' +
      "refusing it is the emulator's choice (docs/platform.md#caller-id)",
  );
}

/**
 * VoxEngine.callPSTN(number, callerid, parameters?) (docs/platform.md#callpstn): returns the new leg
 * (PROGRESSING) synchronously. `parameters.followDiversion: true` shows the inbound call's caller ID
 * instead of `callerid` (documented); `amd` is not emulated (the call proceeds without a detector, a
 * warning says so); other fields are ignored with a warning.
 */
export function callPSTN(session: Session, number: unknown, callerid: unknown, parameters?: unknown): CallLeg {
  if (typeof number !== 'string' || number.length === 0) {
    throw new TypeError(`VoxEngine.callPSTN: number must be a non-empty string (E.164), got ${JSON.stringify(number)}`);
  }
  let shown = checkCallerId(session, 'VoxEngine.callPSTN', callerid);
  if (parameters !== undefined && parameters !== null) {
    if (typeof parameters !== 'object')
      throw new TypeError(`VoxEngine.callPSTN: parameters must be an object { followDiversion?, amd? }, got ${typeof parameters}`);
    const { followDiversion, amd, ...rest } = parameters as { followDiversion?: unknown; amd?: unknown };
    if (followDiversion === true) {
      const inbound = session.incoming?.init.callerid;
      if (inbound !== undefined) shown = inbound;
      else
        session.warn(
          'followDiversionWithoutInbound',
          'VoxEngine.callPSTN({ followDiversion: true }) in a session without an inbound call: the given callerid is shown',
        );
    }
    if (amd !== undefined)
      session.warn(
        'amdNotEmulated',
        'VoxEngine.callPSTN({ amd }): answering-machine detection is not emulated; the call proceeds without a detector and no AMD events fire',
      );
    const unknown = Object.keys(rest);
    if (unknown.length > 0)
      session.warn(
        'callPSTNParameters',
        `VoxEngine.callPSTN: parameters ${unknown.join(', ')} are not CallPSTNParameters and were ignored`,
      );
  }
  return placeOutbound(session, { clientType: 'pstn', address: number, callerid: shown, displayName: shown, headers: {} });
}
