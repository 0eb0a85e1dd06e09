/**
 * Names the typings declare but the emulator does not implement (docs/platform.md#globals, docs/platform.md#call-methods, docs/platform.md#other-call-methods,
 * docs/platform.md#media-routing). Each becomes a function or object that throws "<Name> is not emulated" when used, so a scenario
 * that relies on one fails loudly instead of getting undefined.
 */
import type { ContextRealm } from './realm';

/**
 * A namespace object of the session's realm whose every member access throws "<label>.<member> is not
 * emulated" (symbols, `toJSON` and `then` read as undefined, so logging or awaiting it does not throw).
 * The proxy's trap is host code; the handler is never reachable from scenario code.
 */
export function notEmulatedNamespace(realm: ContextRealm, label: string): object {
  return new Proxy(realm.frozen({}), {
    get(_target, prop) {
      if (typeof prop === 'symbol' || prop === 'toJSON' || prop === 'then') return undefined;
      throw realm.error(new Error(`${label}.${String(prop)} is not emulated`));
    },
  });
}

/** VoxEngine.* functions that are not emulated. */
export const VOXENGINE_NOT_EMULATED = [
  'allowWebSocketConnections',
  'callConference',
  'callUserDirect',
  'callWhatsappUser',
  'createASR',
  'createConference',
  'createRecorder',
  'createSequencePlayer',
  'createToneScriptPlayer',
  'createTTSPlayer',
  'createURLPlayer',
  'createWebSocket',
  'enqueueACDRequest',
  'enqueueTask',
  'forwardCallToUserDirect',
] as const;

/** Call methods that are not emulated (P2P, SIP messaging, transfers, detectors). */
export const CALL_NOT_EMULATED = [
  'answerDirect',
  'detectProgressTone',
  'detectVoicemailTone',
  'enableBeepDetection',
  'handleBlindTransfer',
  'handleMicStatus',
  'sendInfo',
  'sendMessage',
  'transferTo',
] as const;

/** Global objects that exist on the platform but are not emulated; any member access throws. */
export const GLOBALS_NOT_EMULATED = [
  'ACDEvents',
  'ASREvents',
  'CallAudioQuality',
  'ConferenceEvents',
  'PhoneNumber',
  'RecorderEvents',
  'SequencePlayerEvents',
  'SmartQueueEvents',
  'StreamingAgentEvents',
  'TTSEffectsProfile',
  'WebSocketEvents',
] as const;
