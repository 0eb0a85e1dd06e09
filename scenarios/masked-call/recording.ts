/**
 * Call recording on the caller's leg (Call.record records both directions, §3.1). Started at most once
 * per session: at the answer or at the bridge (recording.startAt). The URL arrives with RecordStarted.
 */
import { CallContext, listen } from './context';
import { logEvent } from './log';

/** Whether this session records, given who is on the other end (the order's setting wins when known). */
export function wantsRecording(ctx: CallContext, peerKind: 'callee' | 'operator'): boolean {
  if (peerKind === 'callee') return ctx.order?.settings?.record ?? ctx.settings.recording.enabled;
  return ctx.settings.recording.enabled;
}

/** Starts recording unless it already runs. */
export function startRecording(ctx: CallContext): void {
  if (ctx.recordingStarted) return;
  ctx.recordingStarted = true;
  listen(ctx.inbound, CallEvents.RecordStarted, (e) => {
    ctx.recordingUrl = e.url;
    logEvent('recording_started');
  });
  listen(ctx.inbound, CallEvents.RecordError, (e) => {
    ctx.warn('recording_failed');
    logEvent('recording_error', { error: e.error });
  });
  const { stereo, expire } = ctx.settings.recording;
  ctx.inbound.record({ stereo, expire: expire as RecordExpireTime });
}
