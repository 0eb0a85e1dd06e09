/**
 * say() and startPlayback() (docs/platform.md#call-playback): argument forms, TTS duration on the virtual
 * clock, and PlaybackStarted / PlaybackFinished.
 *
 * - TTS duration (inferred): TTS_MS_PER_CHAR per character + TTS_BASE_MS (70 ms × chars + 300 ms).
 * - A URL plays URL_PLAYBACK_MS (inferred) (the emulator does not fetch it); a looping one never finishes.
 * - Text over 1500 characters: PlaybackFinished with an error, no PlaybackStarted.
 * - On a call that cannot carry audio yet (docs/platform.md#call-playback): PlaybackFinished with an error (inferred).
 * - Voice forms: `{ voice }` (current), `{ language }` (older (legacy form)), a Voice or `Language.X` passed directly
 *   ((legacy form)); an undefined voice (e.g. a misspelled VoiceList member) falls back to the default voice (inferred).
 */
import { MAX_SAY_CHARS, TTS_BASE_MS, TTS_MS_PER_CHAR, URL_PLAYBACK_MS } from '../constants';
import { DEFAULT_VOICE_ID } from '../globals/voices';
import type { CallLeg } from './leg';
import { canHear, refreshHearing, setSource, type NewPlayback, type Playback } from './media';

/** The symbol under which voice leaves carry their id (shared with the facade). */
export const VOICE_KEY: unique symbol = Symbol('voxmask.voice');

/** TTS duration of `text`, virtual ms. */
export function ttsDurationMs(text: string): number {
  return TTS_BASE_MS + TTS_MS_PER_CHAR * text.length;
}

function voiceIdOf(value: unknown): string | undefined {
  if (value !== null && typeof value === 'object') {
    const id = (value as Record<symbol, unknown>)[VOICE_KEY];
    if (typeof id === 'string') return id;
  }
  return undefined;
}

/** Resolves the say() voice argument to a voice id; throws a TypeError naming the argument when it is unusable. */
export function resolveVoice(leg: CallLeg, arg: unknown): string {
  const session = leg.session;
  if (arg === undefined || arg === null) return DEFAULT_VOICE_ID;
  const direct = voiceIdOf(arg);
  if (direct) {
    session.note(
      'sayVoiceArgument',
      'say(text, voice): a Voice or Language value passed directly as the second argument is accepted (legacy form) [L]',
    );
    return direct;
  }
  if (typeof arg === 'string') {
    session.note('sayStringVoice', `say(text, '${arg}'): a string voice is accepted as an opaque voice name (legacy form) [L]`);
    return arg;
  }
  if (typeof arg === 'object') {
    const params = arg as { voice?: unknown; language?: unknown };
    const legacy = params.voice === undefined && 'language' in params;
    if (legacy)
      session.note(
        'sayLanguageParameter',
        'say(text, { language }): the older CallSayParameters.language field is accepted as the voice [L]',
      );
    const value = legacy ? params.language : params.voice;
    if (value === undefined) {
      if ('voice' in params || legacy)
        session.note(
          'sayUndefinedVoice',
          'say(): the voice is undefined (a misspelled VoiceList member?); the default voice Amazon.en_US_Joanna is used [I]',
        );
      return DEFAULT_VOICE_ID;
    }
    const id = voiceIdOf(value);
    if (id) return id;
  }
  throw new TypeError('Call.say: the second argument must be CallSayParameters ({ voice }), a Voice (VoiceList.…) or a Language value');
}

/** Starts a playback on `leg`, or reports why it cannot play. Runs inside the API call: events come later. */
export function play(leg: CallLeg, playback: NewPlayback, tooLong: string | undefined): void {
  const session = leg.session;
  if (tooLong) {
    session.trace('limit', { limit: 'sayText', detail: tooLong });
    leg.after(0, () => leg.emit('PlaybackFinished', { error: tooLong }));
    return;
  }
  if (!canHear(leg)) {
    session.note(
      'playbackNotConnected',
      'say()/startPlayback() on a call that is not connected (nor in early media) ends at once with PlaybackFinished { error } [I]',
    );
    leg.after(0, () => leg.emit('PlaybackFinished', { error: 'The call is not connected' }));
    return;
  }
  const pb: Playback = { ...playback, id: session.nextPlaybackId(), heard: false };
  setSource(leg, { kind: 'playback', playback: pb });
  leg.after(0, () => {
    if (leg.playback === pb) leg.emit('PlaybackStarted', { duration: pb.durationMs / 1000 });
  });
  if (!pb.loop) pb.finishTask = leg.after(pb.durationMs, () => finish(leg, pb));
}

function finish(leg: CallLeg, pb: Playback): void {
  if (leg.playback !== pb) return;
  const heardToTheEnd = pb.heard && leg.audible === `playback:${pb.id}`;
  leg.rx = undefined;
  refreshHearing(leg);
  leg.emit('PlaybackFinished', {});
  if (heardToTheEnd && pb.kind === 'tts') leg.party.heardFinished(pb.text);
}

/**
 * call.playProgressTone(country): the party hears the country's ringback tone until another source
 * replaces it or stopPlayback() ends it. It is not a player, so no Playback events fire (inferred); what the
 * party heard is traced as the pseudo-URL `progress-tone:<country>`. Needs a connected call or early
 * media, as the typings say.
 */
export function playProgressTone(leg: CallLeg, args: ArrayLike<unknown>): void {
  const country = args[0] === undefined ? 'US' : args[0];
  if (typeof country !== 'string' || !/^[A-Z]{2}$/.test(country))
    throw new TypeError(`Call.playProgressTone: country must be a two-letter code such as 'US' or 'RU', got ${JSON.stringify(country)}`);
  leg.session.trace('api', { name: 'Call.playProgressTone', callId: leg.id, args: country });
  leg.session.note(
    'progressTone',
    'playProgressTone plays until replaced or stopped, fires no Playback events, and is traced as the URL progress-tone:<country> [I]',
  );
  if (!canHear(leg)) return;
  const pb: Playback = {
    id: leg.session.nextPlaybackId(),
    kind: 'url',
    url: `progress-tone:${country}`,
    durationMs: 0,
    loop: true,
    heard: false,
  };
  setSource(leg, { kind: 'playback', playback: pb });
}

/** call.say(text, parameters | voice, ttsOptions?) */
export function say(leg: CallLeg, args: ArrayLike<unknown>): void {
  const text = args[0];
  if (typeof text !== 'string') throw new TypeError(`Call.say: text must be a string, got ${typeof text}`);
  const voice = resolveVoice(leg, args[1]);
  leg.session.trace('api', { name: 'Call.say', callId: leg.id, args: `${JSON.stringify(text)}, ${voice}` });
  leg.session.note(
    'ttsTiming',
    `TTS plays ${TTS_BASE_MS} ms + ${TTS_MS_PER_CHAR} ms per character of virtual time; PlaybackStarted follows at once, no PlaybackReady [I]`,
  );
  const tooLong =
    text.length > MAX_SAY_CHARS ? `Text is too long: ${text.length} characters, at most ${MAX_SAY_CHARS} are allowed` : undefined;
  play(leg, { kind: 'tts', text, voice, durationMs: ttsDurationMs(text), loop: false }, tooLong);
}

/** call.startPlayback(url, { loop } | loop) */
export function startPlayback(leg: CallLeg, args: ArrayLike<unknown>): void {
  const url = args[0];
  const options = args[1];
  if (typeof url !== 'string' || url.length === 0) throw new TypeError('Call.startPlayback: url must be a non-empty string');
  if (typeof options === 'boolean') {
    leg.session.note(
      'startPlaybackBoolean',
      'startPlayback(url, loop): a boolean second argument is accepted as { loop } (legacy form) [L]',
    );
  }
  const loop = options === true || (options !== null && typeof options === 'object' && (options as { loop?: unknown }).loop === true);
  leg.session.trace('api', { name: 'Call.startPlayback', callId: leg.id, args: `${url}${loop ? ', loop' : ''}` });
  leg.session.note('urlPlayback', `a URL is not fetched; it plays ${URL_PLAYBACK_MS} ms of virtual time (forever when looping) [I]`);
  play(leg, { kind: 'url', url, durationMs: URL_PLAYBACK_MS, loop }, undefined);
}
