/**
 * The Call methods (docs/platform.md#call-methods) as a table of handlers `(leg, args) => result`. The facade
 * routes `call.<name>(...)` here; names not in this table and not in CALL_NOT_EMULATED do not exist.
 */
import { MAX_CUSTOM_DATA_BYTES } from '../constants';
import { noteUnfiredEvent } from '../globals/fired-events';
import { CALL_NOT_EMULATED } from '../globals/not-emulated';
import type { CallLeg } from './leg';
import { hearTones, refreshHearing, setSource, stopPlaybackSilently, stopRoute } from './media';
import { playProgressTone, say, startPlayback } from './playback';

type CallMethod = (leg: CallLeg, args: ArrayLike<unknown>) => unknown;

/** Validates a customData value (VoxEngine.customData and call.customData, docs/platform.md#custom-data: at most 200 bytes). */
export function checkCustomData(label: string, data: unknown): string {
  if (typeof data !== 'string') throw new TypeError(`${label}: data must be a string, got ${typeof data}`);
  const bytes = Buffer.byteLength(data, 'utf8');
  if (bytes > MAX_CUSTOM_DATA_BYTES)
    throw new RangeError(`${label}: data is ${bytes} bytes; at most ${MAX_CUSTOM_DATA_BYTES} bytes are allowed`);
  return data;
}

/** The event name argument of add/removeEventListener: a string such as 'Call.Connected'. */
export function eventName(label: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw new TypeError(
      `${label}: event must be an event name such as CallEvents.Connected ('Call.Connected'), got ${String(value)} (a misspelled enum member?)`,
    );
  }
  return value;
}

/** Headers passed with answer/hangup/reject, as a JSON-safe copy for the trace. */
function headersArg(label: string, value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object') throw new TypeError(`${label}: extraHeaders must be an object such as { 'X-Header': 'value' }`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = String(v);
  return out;
}

/** The leg of a Call facade, or a TypeError naming `label`. */
export function legOf(legs: WeakMap<object, CallLeg>, label: string, value: unknown): CallLeg {
  const leg = value !== null && typeof value === 'object' ? legs.get(value) : undefined;
  if (!leg) throw new TypeError(`${label}: expected a Call of this session`);
  return leg;
}

function api(leg: CallLeg, name: string, fields: Record<string, unknown> = {}): void {
  leg.session.trace('api', { name: `Call.${name}`, callId: leg.id, ...fields });
}

function reject(leg: CallLeg, args: ArrayLike<unknown>, name: string): void {
  const code = args[0] === undefined ? 603 : args[0];
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 300 || code > 699) {
    throw new RangeError(`Call.${name}: code must be a SIP status code 300-699, got ${String(code)}`);
  }
  api(leg, name, { args: String(code), headers: headersArg(`Call.${name}`, args[1]) });
  if (!leg.incoming || leg.state !== 'ALERTING') {
    leg.session.note('rejectIgnored', `Call.${name}() on a call that is not an unanswered inbound call does nothing [I]`);
    return;
  }
  leg.end({ event: 'Disconnected', code });
}

export const CALL_METHODS: Record<string, CallMethod> = {
  id: (leg) => leg.id,
  callerid: (leg) => leg.init.callerid,
  number: (leg) => leg.init.number,
  displayName: (leg) => leg.init.displayName,
  state: (leg) => leg.state,
  incoming: (leg) => leg.incoming,
  clientType: (leg) => leg.init.clientType,
  vad: () => false,
  toString: (leg: CallLeg) => `Call ${leg.id} (${leg.incoming ? 'inbound' : 'outbound'}, ${leg.state})`,
  customData: (leg, args) => {
    if (args.length > 0 && args[0] !== undefined) leg.customData = checkCustomData('Call.customData', args[0]);
    return leg.customData;
  },
  addEventListener: (leg, args) => {
    const name = eventName('Call.addEventListener', args[0]);
    noteUnfiredEvent(leg.session, name);
    leg.listeners.add(name, args[1]);
  },
  removeEventListener: (leg, args) => {
    leg.listeners.remove(eventName('Call.removeEventListener', args[0]), args[1]);
  },
  answer: (leg, args) => {
    const params = args[1] as { displayName?: unknown } | undefined;
    api(leg, 'answer', {
      headers: headersArg('Call.answer', args[0]),
      ...(params && typeof params === 'object' && params.displayName !== undefined ? { displayName: String(params.displayName) } : {}),
    });
    if (!leg.incoming || leg.state !== 'ALERTING') {
      leg.session.note('answerIgnored', 'Call.answer() on a call that is not an unanswered inbound call does nothing [I]');
      return;
    }
    leg.after(0, () => leg.connect());
  },
  ring: (leg, args) => {
    api(leg, 'ring', { headers: headersArg('Call.ring', args[0]) });
    if (leg.incoming && leg.state === 'ALERTING') leg.party.trace('hearsRingback', {});
  },
  startEarlyMedia: (leg, args) => {
    api(leg, 'startEarlyMedia', { headers: headersArg('Call.startEarlyMedia', args[0]) });
    if (!leg.incoming || leg.state !== 'ALERTING') return;
    leg.earlyMedia = true;
    refreshHearing(leg);
  },
  reject: (leg, args) => reject(leg, args, 'reject'),
  decline: (leg, args) => reject(leg, args, 'decline'),
  hangup: (leg, args) => {
    api(leg, 'hangup', { headers: headersArg('Call.hangup', args[0]) });
    if (leg.state === 'CONNECTED') leg.end({ event: 'Disconnected', code: 200 });
    else if (leg.state === 'PROGRESSING') leg.end({ event: 'Failed', code: 487 });
    else if (leg.state === 'ALERTING') {
      leg.session.note(
        'hangupAlerting',
        'Call.hangup() on an unanswered inbound call ends it like reject(603): Disconnected { internalCode: 603 } [I]',
      );
      leg.end({ event: 'Disconnected', code: 603 });
    }
  },
  say: (leg, args) => say(leg, args),
  startPlayback: (leg, args) => startPlayback(leg, args),
  playProgressTone: (leg, args) => playProgressTone(leg, args),
  stopPlayback: (leg) => {
    api(leg, 'stopPlayback');
    if (leg.playback) stopPlaybackSilently(leg, leg.playback);
  },
  handleTones: (leg, args) => {
    leg.handlesTones = Boolean(args[0]);
    api(leg, 'handleTones', { args: String(leg.handlesTones) });
  },
  sendDigits: (leg, args) => {
    const digits = args[0];
    if (typeof digits !== 'string' || !/^[0-9*#p]*$/.test(digits)) {
      throw new TypeError(`Call.sendDigits: digits must be a string of 0-9, *, # and p (pause), got ${JSON.stringify(digits)}`);
    }
    api(leg, 'sendDigits', { args: digits });
    hearTones(leg, digits.replace(/p/g, ''));
  },
  record: (leg, args) => {
    const params = (args[0] ?? {}) as { lossless?: unknown };
    if (typeof params !== 'object') throw new TypeError('Call.record: parameters must be an object (CallRecordParameters)');
    api(leg, 'record');
    if (leg.state !== 'CONNECTED') {
      leg.session.note('recordNotConnected', 'Call.record() on a call that is not connected fires RecordError [I]');
      leg.after(0, () => leg.emit('RecordError', { error: 'The call is not connected' }));
      return;
    }
    if (leg.recording) {
      leg.after(0, () => leg.emit('RecordError', { error: 'The call is already being recorded' }));
      return;
    }
    const url = recordUrl(leg, params.lossless === true);
    leg.session.note(
      'recordUrl',
      'recording URLs are synthetic storage-gateway https URLs ending in .mp3 (.flac when lossless); RecordStopped cost is "0.0000" [I]',
    );
    leg.recording = { url, startMs: leg.session.now() };
    leg.after(0, () => leg.emit('RecordStarted', { url }));
  },
  sendMediaTo: (leg, args) => {
    const target = legOf(leg.session.legsByFacade, 'Call.sendMediaTo', args[0]);
    api(leg, 'sendMediaTo', { args: target.id });
    setSource(target, { kind: 'party', from: leg });
  },
  stopMediaTo: (leg, args) => {
    const target = legOf(leg.session.legsByFacade, 'Call.stopMediaTo', args[0]);
    api(leg, 'stopMediaTo', { args: target.id });
    stopRoute(target, leg);
  },
};

/** Method names the facade exposes on Call.prototype. */
export const CALL_METHOD_NAMES: ReadonlySet<string> = new Set(Object.keys(CALL_METHODS));
/** Method names that throw "Call.<name> is not emulated". */
export const CALL_UNEMULATED_NAMES: ReadonlySet<string> = new Set(CALL_NOT_EMULATED);

/**
 * A stable recording URL (docs/platform.md#recordings (inferred): the real format is undocumented): a storage-gateway style https URL
 * ending in .mp3 (.flac for lossless), unique per session and call.
 */
function recordUrl(leg: CallLeg, lossless: boolean): string {
  const d = new Date(leg.session.now()).toISOString();
  const day = `${d.slice(0, 4)}/${d.slice(5, 7)}/${d.slice(8, 10)}`;
  return `https://storage-gw-emu-01.voximplant.com/voxmask-sandbox/${day}/session-${leg.session.id}-call-${leg.id.replace('.', '-')}.${lossless ? 'flac' : 'mp3'}`;
}
