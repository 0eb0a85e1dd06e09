/**
 * Media routing and what each party hears (docs/platform.md#media-routing).
 *
 * Each call leg receives at most one stream ("a call ... receives only one audio stream; a new incoming
 * stream always replaces the previous one"): a TTS or URL playback on that leg, or the audio of
 * another leg routed to it by sendMediaBetween / sendMediaTo. The party on a leg hears the stream while
 * the leg can carry audio to it (connected, or an inbound call in early media); a routed party is heard
 * only while that other leg is connected. Whenever what a party hears changes, a 'heard' trace record is
 * written; Trace.heardBy() reads them.
 *
 * Choices (inferred): a playback replaced by another source or stopped ends without PlaybackFinished, and a
 * route replaced by a playback is not restored when the playback ends.
 */
import type { ScheduledTask } from '../../clock';
import type { CallLeg } from './leg';

/** A TTS or URL playback on one leg. `durationMs` is virtual; `loop` playbacks never finish by themselves. */
export type Playback = {
  /** Unique within the session. */
  id: number;
  durationMs: number;
  loop: boolean;
  /** Set once the party on the leg has heard it start. */
  heard: boolean;
  finishTask?: ScheduledTask;
} & ({ kind: 'tts'; text: string; voice: string } | { kind: 'url'; url: string });

/** A playback before it is started (no id yet, not heard). */
export type NewPlayback = Playback extends infer P ? (P extends unknown ? Omit<P, 'id' | 'heard'> : never) : never;

/** What a leg receives: its own playback, or another leg's audio. */
export type MediaSource = { kind: 'playback'; playback: Playback } | { kind: 'party'; from: CallLeg };

/** Whether audio sent to the leg reaches its party. */
export function canHear(leg: CallLeg): boolean {
  return leg.state === 'CONNECTED' || (leg.incoming && leg.state === 'ALERTING' && leg.earlyMedia);
}

/** Whether the party on the leg can be heard by others. */
export function canSpeak(leg: CallLeg): boolean {
  return leg.state === 'CONNECTED';
}

function audibleKey(leg: CallLeg): string | undefined {
  const rx = leg.rx;
  if (!rx || !canHear(leg)) return undefined;
  if (rx.kind === 'party') return canSpeak(rx.from) ? `party:${rx.from.id}` : undefined;
  return `playback:${rx.playback.id}`;
}

/** Re-evaluates what the party on `leg` hears and traces a change. */
export function refreshHearing(leg: CallLeg): void {
  const key = audibleKey(leg);
  if (key === leg.audible) return;
  leg.audible = key;
  const rx = leg.rx;
  if (!key || !rx) return;
  const base = { party: leg.partyNumber, callId: leg.id };
  if (rx.kind === 'party') {
    leg.session.trace('heard', { ...base, item: 'party', peer: rx.from.partyNumber, peerCallId: rx.from.id });
    return;
  }
  const pb = rx.playback;
  pb.heard = true;
  if (pb.kind === 'tts') leg.session.trace('heard', { ...base, item: 'tts', text: pb.text, voice: pb.voice });
  else leg.session.trace('heard', { ...base, item: 'url', url: pb.url });
}

/** Re-evaluates `leg` and every leg that receives `leg`'s audio (after a state change of `leg`). */
export function refreshAround(leg: CallLeg): void {
  refreshHearing(leg);
  for (const other of leg.session.legs) {
    if (other !== leg && other.rx?.kind === 'party' && other.rx.from === leg) refreshHearing(other);
  }
}

/** Replaces what `leg` receives. A playback being replaced stops without PlaybackFinished (inferred). */
export function setSource(leg: CallLeg, source: MediaSource | undefined): void {
  const old = leg.rx;
  if (old?.kind === 'playback' && (source?.kind !== 'playback' || source.playback !== old.playback)) {
    leg.session.note(
      'playbackReplaced',
      'a playback replaced by another say/startPlayback or by routed audio ends without PlaybackFinished [I]',
    );
    stopPlaybackSilently(leg, old.playback);
  }
  leg.rx = source;
  refreshHearing(leg);
}

/** Stops `target` receiving `from`'s audio, if that is what it receives (stopMediaTo, stopMediaBetween). */
export function stopRoute(target: CallLeg, from: CallLeg): void {
  if (target.rx?.kind === 'party' && target.rx.from === from) setSource(target, undefined);
}

/** Ends a playback without an event (stopPlayback, replacement, hang-up). */
export function stopPlaybackSilently(leg: CallLeg, playback: Playback): void {
  leg.session.services.clock.cancel(playback.finishTask);
  playback.finishTask = undefined;
  if (leg.rx?.kind === 'playback' && leg.rx.playback === playback) {
    leg.rx = undefined;
    refreshHearing(leg);
  }
}

/** Removes routes that deliver `leg`'s audio to other legs, and what `leg` receives (the leg ended). */
export function detach(leg: CallLeg): void {
  if (leg.playback) stopPlaybackSilently(leg, leg.playback);
  leg.rx = undefined;
  refreshAround(leg);
}

/** The party on `leg` hears DTMF tones (sendDigits from the scenario). */
export function hearTones(leg: CallLeg, digits: string): void {
  if (!canHear(leg) || digits.length === 0) return;
  leg.session.trace('heard', { party: leg.partyNumber, callId: leg.id, item: 'tone', digits });
}

/** A digit pressed on `leg` reaches the parties of legs that receive `leg`'s audio (when not handled as DTMF). */
export function toneToListeners(leg: CallLeg, digit: string): void {
  if (!canSpeak(leg)) return;
  for (const other of leg.session.legs) {
    if (other !== leg && other.rx?.kind === 'party' && other.rx.from === leg && canHear(other)) {
      leg.session.trace('heard', { party: other.partyNumber, callId: other.id, item: 'tone', digits: digit });
    }
  }
}
