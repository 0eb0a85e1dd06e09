/**
 * Call recording on the caller's leg (Call.record records both directions, docs/platform.md#call-record). Started at most once
 * per session: at the answer or at the bridge (recording.startAt). The URL arrives with RecordStarted.
 */
import { listen } from './call-scope';
import { logEvent } from './log';
import type { CallContext } from './context';

/**
 * Whether to start recording at the bridge with `peerKind`. With recording.startAt 'answer' the answer
 * step already decided on `enabled` alone (the order was not known yet, and Call has no stopRecording,
 * docs/platform.md#call-record), so nothing starts here. With 'bridge', the order's settings.record wins when known.
 */
export function wantsRecordingAtBridge(ctx: CallContext, peerKind: 'callee' | 'operator'): boolean {
  if (ctx.settings.recording.startAt !== 'bridge') return false;
  if (peerKind === 'callee') return ctx.order?.settings?.record ?? ctx.settings.recording.enabled;
  return ctx.settings.recording.enabled;
}

/** Starts recording unless it already runs. */
export function startRecording(ctx: CallContext): void {
  if (ctx.recordingStarted) return;
  ctx.recordingStarted = true;
  listen(ctx.primary, CallEvents.RecordStarted, (e) => {
    ctx.facts.recordingUrl(e.url);
    logEvent('recording_started');
  });
  listen(ctx.primary, CallEvents.RecordError, (e) => {
    ctx.facts.warn('recording_failed');
    logEvent('recording_error', { error: e.error });
  });
  const { stereo, expire } = ctx.settings.recording;
  ctx.primary.record({ stereo, expire: expire as RecordExpireTime });
}
