/**
 * Step "talk": the two parties are bridged. With recording.startAt 'bridge' it starts the recording
 * when wanted (the order's settings.record wins over the configured default; recording.ts), warns both
 * parties before the maximum duration and ends the call at it, and applies the B2BUA rule: when
 * either leg hangs up, the other is hung up too.
 */
import { listen } from '../call-scope';
import { CallerGoneError } from '../errors';
import { logEvent } from '../log';
import type { CallContext } from '../context';
import { startRecording, wantsRecordingAtBridge } from '../recording';
import { Step } from './step';

export const talkStep: Step<'talk'> = {
  async run(ctx, input) {
    const { peer, peerKind } = input;
    ctx.facts.reached(peerKind === 'callee' ? 'connected' : 'operator');
    if (wantsRecordingAtBridge(ctx, peerKind)) startRecording(ctx);
    const maxS = ctx.order?.settings?.maxCallS ?? ctx.settings.call.maxCallS;
    try {
      const endedBy = await ctx.scope.wait<'peer' | 'max_duration'>(
        (done) => {
          const cancels = [
            listen(peer, CallEvents.Disconnected, () => done('peer')),
            ctx.scope.timer(maxS * 1000, () => done('max_duration')),
          ];
          const warnS = ctx.settings.call.warningBeforeEndS;
          if (warnS > 0 && warnS < maxS) cancels.push(ctx.scope.timer((maxS - warnS) * 1000, () => warnBoth(ctx, peer, warnS)));
          return () => cancels.forEach((cancel) => cancel());
        },
        // The wait's own bound is the duration cap plus a margin; the timer above fires first.
        { timeoutMs: (maxS + 60) * 1000, onTimeout: () => 'max_duration' },
      );
      const side = endedBy === 'peer' ? peerKind : 'max_duration';
      ctx.facts.endedBy(side);
      logEvent('call_ended', { endedBy: side });
      if (endedBy === 'max_duration') peer.hangup();
      ctx.primary.hangup();
    } catch (err) {
      if (!(err instanceof CallerGoneError)) throw err;
      logEvent('call_ended', { endedBy: 'caller' });
      peer.hangup();
    }
    return { step: 'done' };
  },
};

/**
 * Says the duration warning on both legs. TTS on a leg replaces the audio it receives from the other
 * party (docs/platform.md#media-routing), so the bridge is restored once both warnings have finished. (A leg that hangs up
 * during its warning sends no PlaybackFinished, but then the call is ending anyway.)
 */
function warnBoth(ctx: CallContext, peer: Call, seconds: number): void {
  const text = ctx.speech.text('durationWarning', { seconds });
  logEvent('duration_warning', { seconds });
  let pending = 2;
  const rebridge = () => {
    pending -= 1;
    if (pending === 0) VoxEngine.sendMediaBetween(ctx.primary, peer);
  };
  for (const leg of [ctx.primary, peer]) {
    const off = listen(leg, CallEvents.PlaybackFinished, () => {
      off();
      rebridge();
    });
    ctx.speech.say(leg, text);
  }
}
