/**
 * Live parties: the people on the far ends of a session driven by commands as the call happens (the
 * sandbox's browser phone, src/sandbox/web) instead of a call script's actions written in advance.
 *
 * A session is made live with `watch(sessionId)` before it starts (its inbound call carries no actions).
 * - Its caller presses keys (`press`) and hangs up (`hangUp`) when told.
 * - Each outbound leg it places (callPSTN, callSIP, callUser) is a phone that rings: Ringing after
 *   RINGING_AFTER_MS, then it waits for `decide` (answer, reject, busy, no answer). When no decision comes
 *   within `decideWithinS`, the far end's configured behaviour (a call script's `phones`, setFarEnd, or the
 *   default answer) decides at that moment, with its scripted actions; a person who answers drops them.
 *   The platform's no-answer limit (Failed 408 after 60 s, docs/platform.md#session-limits) still applies.
 *
 * Commands only schedule work at the current virtual time (events fire from scheduled tasks,
 * docs/platform.md#event-order); the caller runs it by driving the clock (emulator.runDue()).
 */
import { DTMF_GAP_MS, RINGING_AFTER_MS } from '../constants';
import type { CallLeg } from '../calls/leg';
import { startFarEnd } from '../calls/outbound';
import type { FarEndBehaviour } from '../types';
import { VoxmaskError } from '../../../errors';

/** What the runtime tells live parties (session/services.ts `live`). */
export interface LiveHooks {
  /** A session's inbound leg was created (before CallAlerting). */
  inbound(leg: CallLeg): void;
  /**
   * An outbound leg was placed to a far end configured as `configured`; returns true when the live far
   * end takes it over (the runtime then starts no behaviour of its own). `noAnswerMs`: the leg's no-answer limit.
   */
  claimOutbound(leg: CallLeg, configured: FarEndBehaviour, noAnswerMs: number): boolean;
}

/** What a person on a ringing or connected far end can do. */
export const LIVE_DECISIONS = ['answer', 'reject', 'busy', 'noAnswer', 'hangUp'] as const;
export type LiveDecision = (typeof LIVE_DECISIONS)[number];

/** A command that cannot be carried out now; `field` names the argument (sessionId, callId, digits, decision). */
export class LiveCommandError extends VoxmaskError {
  override name = 'LiveCommandError';
  readonly code = 'E_LIVE_COMMAND';
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** Options of a live session. */
export interface LiveSessionOptions {
  /** Seconds (virtual) a ringing far end waits for a decision before its configured behaviour decides (default 20). */
  decideWithinS?: number;
}

/** Where one outbound leg of a live session stands. */
export interface LiveFarEndState {
  callId: string;
  /** A decision was taken (by a command or by the configured behaviour); no other is accepted until it connects. */
  decided: boolean;
  /** Who decided: 'person' (a command) or 'configured' (nobody decided within decideWithinS). */
  decidedBy?: 'person' | 'configured';
}

interface FarEnd {
  leg: CallLeg;
  configured: FarEndBehaviour;
  noAnswerMs: number;
  decidedBy?: 'person' | 'configured';
}

interface LiveSession {
  decideWithinMs: number;
  inbound?: CallLeg;
  farEnds: Map<string, FarEnd>;
}

/** Default of LiveSessionOptions.decideWithinS. */
export const DEFAULT_DECIDE_WITHIN_S = 20;
/** Most keys in one press command. */
export const MAX_PRESS_DIGITS = 32;

/** The far ends of the watched sessions; install with `emulator.setLiveHooks(liveParties)`. */
export class LiveParties implements LiveHooks {
  private readonly sessions = new Map<number, LiveSession>();

  /**
   * Makes session `sessionId` live (call before it starts, i.e. right after startInboundCall).
   * Throws LiveCommandError for a decideWithinS that is not a positive number of seconds (≤ 3600).
   */
  watch(sessionId: number, options: LiveSessionOptions = {}): void {
    const s = options.decideWithinS ?? DEFAULT_DECIDE_WITHIN_S;
    if (typeof s !== 'number' || !(s > 0 && s <= 3600))
      throw new LiveCommandError('decideWithinS', `must be a number of seconds in (0, 3600], got ${String(s)}`);
    this.sessions.set(sessionId, { decideWithinMs: s * 1000, farEnds: new Map() });
  }

  /** Forgets a session (it ended): its legs are released. */
  unwatch(sessionId: number): void {
    this.sessions.delete(sessionId);
  }

  /** Whether session `sessionId` is watched. */
  isLive(sessionId: number): boolean {
    return this.sessions.has(sessionId);
  }

  /** The outbound legs of a live session, oldest first (empty for an unknown session). */
  farEnds(sessionId: number): LiveFarEndState[] {
    const live = this.sessions.get(sessionId);
    if (!live) return [];
    return [...live.farEnds.values()].map((f) => ({
      callId: f.leg.id,
      decided: f.decidedBy !== undefined,
      ...(f.decidedBy ? { decidedBy: f.decidedBy } : {}),
    }));
  }

  inbound(leg: CallLeg): void {
    const live = this.sessions.get(leg.session.id);
    if (live) live.inbound = leg;
  }

  claimOutbound(leg: CallLeg, configured: FarEndBehaviour, noAnswerMs: number): boolean {
    const live = this.sessions.get(leg.session.id);
    if (!live) return false;
    const farEnd: FarEnd = { leg, configured, noAnswerMs };
    live.farEnds.set(leg.id, farEnd);
    // The browser's phone rings whatever the configured behaviour would have done.
    leg.after(RINGING_AFTER_MS, () => {
      if (leg.state !== 'PROGRESSING') return;
      leg.party.trace('ringing', {});
      leg.emit('Ringing', { headers: {} });
    });
    leg.after(live.decideWithinMs, () => {
      if (farEnd.decidedBy || leg.state !== 'PROGRESSING') return;
      farEnd.decidedBy = 'configured';
      leg.party.trace('liveDefault', { detail: `nobody decided within ${live.decideWithinMs / 1000} s; the configured behaviour applies` });
      decideNow(farEnd, configured);
    });
    return true;
  }

  /**
   * The caller of live session `sessionId` presses `digits` (0-9, *, #; at most MAX_PRESS_DIGITS), DTMF_GAP_MS
   * apart. Throws LiveCommandError for an unknown session, bad digits, or a caller not connected.
   */
  press(sessionId: number, digits: string): void {
    if (typeof digits !== 'string' || !/^[0-9*#]+$/.test(digits) || digits.length > MAX_PRESS_DIGITS) {
      throw new LiveCommandError('digits', `must be 1-${MAX_PRESS_DIGITS} keys of 0-9, * and #, got ${JSON.stringify(digits)}`);
    }
    const leg = this.callerLeg(sessionId);
    if (leg.state !== 'CONNECTED')
      throw new LiveCommandError(
        'sessionId',
        `the call of session ${sessionId} is not answered (it is ${leg.state.toLowerCase()}); keys do nothing yet`,
      );
    leg.party.trace('press', { digits });
    [...digits].forEach((digit, i) => leg.after(i * DTMF_GAP_MS, () => leg.toneFromParty(digit)));
  }

  /** The caller of live session `sessionId` hangs up. Throws LiveCommandError for an unknown session or a call already ended. */
  hangUp(sessionId: number): void {
    const leg = this.callerLeg(sessionId);
    if (leg.state === 'TERMINATED') throw new LiveCommandError('sessionId', `the call of session ${sessionId} has already ended`);
    hangUpNow(leg);
  }

  /**
   * The person on outbound leg `callId` of live session `sessionId` decides: answer, reject (603), busy
   * (486) or noAnswer (keeps ringing until the no-answer limit) while it rings; hangUp once connected.
   * Throws LiveCommandError for an unknown session or leg, or a decision that does not fit the leg's state.
   */
  decide(sessionId: number, callId: string, decision: LiveDecision): void {
    if (!(LIVE_DECISIONS as readonly string[]).includes(decision))
      throw new LiveCommandError('decision', `must be one of ${LIVE_DECISIONS.join(', ')}, got ${JSON.stringify(decision)}`);
    const live = this.session(sessionId);
    const farEnd = live.farEnds.get(callId);
    if (!farEnd) throw new LiveCommandError('callId', `session ${sessionId} placed no call ${JSON.stringify(callId)}`);
    const { leg } = farEnd;
    if (decision === 'hangUp') {
      if (leg.state !== 'CONNECTED')
        throw new LiveCommandError('decision', `call ${callId} is ${leg.state.toLowerCase()}, not connected: there is nothing to hang up`);
      hangUpNow(leg);
      return;
    }
    if (leg.state !== 'PROGRESSING')
      throw new LiveCommandError('decision', `call ${callId} is ${leg.state.toLowerCase()}, no longer ringing`);
    if (farEnd.decidedBy)
      throw new LiveCommandError(
        'decision',
        `call ${callId} was already decided (by the ${farEnd.decidedBy === 'person' ? 'person on the phone' : 'configured behaviour'})`,
      );
    farEnd.decidedBy = 'person';
    leg.party.trace('liveDecision', { detail: decision });
    if (decision === 'answer') leg.party.replaceActions([]); // a person answered: the phone's scripted actions do not run
    if (decision !== 'noAnswer') decideNow(farEnd, { [decision]: { afterS: 0 } } as FarEndBehaviour);
  }

  private session(sessionId: number): LiveSession {
    const live = this.sessions.get(sessionId);
    if (!live)
      throw new LiveCommandError('sessionId', `no live session ${sessionId} (it has ended, or was not placed from the browser phone)`);
    return live;
  }

  private callerLeg(sessionId: number): CallLeg {
    const leg = this.session(sessionId).inbound;
    if (!leg) throw new LiveCommandError('sessionId', `session ${sessionId} has not started its call yet`);
    return leg;
  }
}

/** Applies a behaviour's outcome at once (its own timings dropped: the decision is taken now); noAnswer keeps ringing. */
function decideNow(farEnd: FarEnd, behaviour: FarEndBehaviour): void {
  const [key, spec] = Object.entries(behaviour)[0] as [string, Record<string, unknown>];
  if (key === 'noAnswer') return;
  startFarEnd(farEnd.leg, { [key]: { ...spec, afterS: 0 } } as FarEndBehaviour, farEnd.noAnswerMs);
}

/** The party on `leg` hangs up, inside a task at the current virtual time. */
function hangUpNow(leg: CallLeg): void {
  leg.after(0, () => {
    leg.party.trace('hangup', {});
    leg.hangupFromParty();
  });
}
