/**
 * Places the outbound leg to a party (callee or operator) and bridges it to the primary leg:
 * 1. the call at once (callPSTN, or callSIP / callUser for an operator, docs/platform.md#other-call-methods),
 *    with the VIRTUAL NUMBER as caller ID (never the caller's number) and no display name or headers;
 * 2. meanwhile the caller hears the announcement ("connecting you to ...") and then ringback
 *    (progress tone or a looped file), never silence;
 * 3. when the party answers, they hear the whisper first; then both legs are bridged
 *    (sendMediaBetween) and the caller's ringback stops.
 * The scenario hangs up a leg still ringing at the ring timeout (Failed 487, reported as no answer).
 */
import type { LegKind } from '../../contract/call-result';
import { maskPhone } from '../../contract/phone';
import type { OperatorTarget } from '../../contract/scenario-settings';
import { listen } from './call-scope';
import { errorMessage } from './errors';
import { CalleeFailure, calleeFailureOf } from './logic/failure-codes';
import { LegTimes } from './logic/legs';
import { logEvent } from './log';
import type { CallContext } from './context';

export interface PartyTarget {
  kind: 'callee' | 'operator';
  /** Whom to call: a phone (E.164, never spoken, never logged unmasked), a SIP URI or a Voximplant user. */
  destination: OperatorTarget;
  /** What the caller hears while the party's phone rings. */
  announcement: string;
  /** What the party hears after answering, before the bridge. */
  whisper: string;
  ringTimeoutS: number;
}

export type ConnectResult = { kind: 'bridged'; call: Call } | { kind: 'failed'; failure: CalleeFailure };

/** Extra time, after the ring timeout, for the platform's Failed event before giving up on it. */
const FAILED_EVENT_GRACE_MS = 15_000;

export function connectParty(ctx: CallContext, target: PartyTarget): Promise<ConnectResult> {
  const { call } = placeCall(ctx, target.kind, target.destination);
  const { whisperTimeoutS } = ctx.settings.dial;

  return ctx.scope.wait<ConnectResult>(
    (done) => {
      let ringTimedOut = false;
      let phase: 'ringing' | 'whisper' | 'bridged' = 'ringing';
      let ringbackStarted = false;
      const cancels: (() => void)[] = [];
      const bridge = () => {
        if (phase === 'bridged') return;
        phase = 'bridged';
        ctx.primary.stopPlayback();
        VoxEngine.sendMediaBetween(ctx.primary, call);
        logEvent('bridged', { kind: target.kind });
        done({ kind: 'bridged', call });
      };
      cancels.push(
        ctx.scope.timer(target.ringTimeoutS * 1000, () => {
          if (phase !== 'ringing') return;
          ringTimedOut = true;
          logEvent('ring_timeout', { kind: target.kind, seconds: target.ringTimeoutS });
          call.hangup();
        }),
        listen(ctx.primary, CallEvents.PlaybackFinished, () => {
          if (phase === 'bridged' || ringbackStarted) return;
          ringbackStarted = true;
          startRingback(ctx);
        }),
        listen(call, CallEvents.Failed, (e) => {
          const failure = calleeFailureOf(e.code, ringTimedOut);
          logEvent('dial_failed', { kind: target.kind, code: e.code, failure });
          done({ kind: 'failed', failure });
        }),
        listen(call, CallEvents.Connected, () => {
          if (phase !== 'ringing') return;
          phase = 'whisper';
          logEvent('answered_by_party', { kind: target.kind });
          ctx.speech.say(call, target.whisper);
          cancels.push(ctx.scope.timer(whisperTimeoutS * 1000, bridge));
        }),
        listen(call, CallEvents.PlaybackFinished, () => {
          if (phase === 'whisper') bridge();
        }),
        listen(call, CallEvents.Disconnected, () => {
          if (phase === 'bridged') return;
          logEvent('party_left_before_bridge', { kind: target.kind });
          done({ kind: 'failed', failure: 'failed' });
        }),
      );
      ctx.speech.say(ctx.primary, target.announcement);
      return () => cancels.forEach((cancel) => cancel());
    },
    {
      timeoutMs: (target.ringTimeoutS + whisperTimeoutS) * 1000 + FAILED_EVENT_GRACE_MS,
      onTimeout: () => ({ kind: 'failed', failure: 'no_answer' }),
    },
  );
}

/**
 * Calls `destination` with the virtual number as caller ID, adds the leg to the session (hung up at
 * the end, reported as kind `kind`) and returns it with its times. Returns at once; events follow.
 */
export function placeCall(ctx: CallContext, kind: LegKind, destination: OperatorTarget): { call: Call; leg: LegTimes } {
  const shown = maskedDestination(destination);
  const leg = new LegTimes(kind, shown, Date.now());
  logEvent('dialing', { kind, type: destination.type, number: shown, callerId: ctx.virtualNumber });
  const call = callDestination(destination, ctx.virtualNumber);
  ctx.scope.addPeer(call, leg);
  trackLeg(call, leg);
  return { call, leg };
}

/** The platform call for `destination`, showing `callerId` (docs/platform.md#callpstn, docs/platform.md#other-call-methods). */
function callDestination(destination: OperatorTarget, callerId: string): Call {
  if (destination.type === 'sip') return VoxEngine.callSIP(destination.uri, { callerid: callerId });
  if (destination.type === 'user') return VoxEngine.callUser({ username: destination.username, callerid: callerId });
  return VoxEngine.callPSTN(destination.number, callerId);
}

/** What the result and the log show for a destination: a masked phone, or `<sip>` / `<user>` (the operator's own address). */
function maskedDestination(destination: OperatorTarget): string {
  return destination.type === 'pstn' ? maskPhone(destination.number) : `<${destination.type}>`;
}

/**
 * Starts the caller's ringback. A platform call that throws inside an event handler would end the whole
 * session (docs/platform.md#unhandled-errors), so a failing ringback is recorded as a warning and the call goes on without it.
 */
function startRingback(ctx: CallContext): void {
  const { ringback } = ctx.settings.dial;
  try {
    if (ringback.type === 'tone') ctx.primary.playProgressTone(ringback.country);
    else ctx.primary.startPlayback(ringback.url, { loop: true });
  } catch (err) {
    ctx.facts.warn('ringback_failed');
    logEvent('ringback_failed', { type: ringback.type, error: errorMessage(err) });
  }
}

/** Keeps the leg's times for the result for the whole session. */
function trackLeg(call: Call, leg: LegTimes): void {
  listen(call, CallEvents.Connected, () => leg.markAnswered(Date.now()));
  listen(call, CallEvents.Failed, (e) => leg.markFailed(Date.now(), e.code, e.reason));
  listen(call, CallEvents.Disconnected, () => leg.markEnded(Date.now()));
}
