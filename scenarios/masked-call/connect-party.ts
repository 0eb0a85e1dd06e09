/**
 * Places the outbound leg to a party (callee or operator) and bridges it:
 * 1. callPSTN at once, with the DIALED VIRTUAL NUMBER as caller ID (never the caller's number);
 * 2. meanwhile the caller hears the announcement ("connecting you to ...") and then ringback
 *    (progress tone or a looped file), never silence;
 * 3. when the party answers, they hear the whisper first; then both legs are bridged
 *    (sendMediaBetween) and the caller's ringback stops.
 * The scenario hangs up a leg still ringing at the ring timeout (Failed 487, reported as no answer).
 */
import { maskPhone } from '../../contract/phone';
import { listen } from '../shared/call-scope';
import { errorMessage } from '../shared/errors';
import { CalleeFailure, calleeFailureOf } from '../shared/logic/failure-codes';
import { LegTimes } from '../shared/logic/legs';
import { logEvent } from '../shared/log';
import type { CallContext } from './context';

export interface PartyTarget {
  kind: 'callee' | 'operator';
  /** E.164 number to dial (never spoken, never logged unmasked). */
  number: string;
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
  const leg = new LegTimes(target.kind, maskPhone(target.number), Date.now());
  logEvent('dialing', { kind: target.kind, number: maskPhone(target.number), callerId: ctx.virtualNumber });
  const call = VoxEngine.callPSTN(target.number, ctx.virtualNumber);
  ctx.scope.addPeer(call, leg);
  trackLeg(call, leg);
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
        ctx.inbound.stopPlayback();
        VoxEngine.sendMediaBetween(ctx.inbound, call);
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
        listen(ctx.inbound, CallEvents.PlaybackFinished, () => {
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
      ctx.speech.say(ctx.inbound, target.announcement);
      return () => cancels.forEach((cancel) => cancel());
    },
    {
      timeoutMs: (target.ringTimeoutS + whisperTimeoutS) * 1000 + FAILED_EVENT_GRACE_MS,
      onTimeout: () => ({ kind: 'failed', failure: 'no_answer' }),
    },
  );
}

/**
 * Starts the caller's ringback. A platform call that throws inside an event handler would end the whole
 * session (docs/platform.md#unhandled-errors), so a failing ringback is recorded as a warning and the call goes on without it.
 */
function startRingback(ctx: CallContext): void {
  const { ringback } = ctx.settings.dial;
  try {
    if (ringback.type === 'tone') ctx.inbound.playProgressTone(ringback.country);
    else ctx.inbound.startPlayback(ringback.url, { loop: true });
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
