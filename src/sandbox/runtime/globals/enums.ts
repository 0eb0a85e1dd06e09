/**
 * Event-name enums and other constant objects present in every context (docs/platform.md#globals, docs/platform.md#session-events,
 * docs/platform.md#call-events, docs/platform.md#media-routing). Values are the strings of the current typings: `AppEvents.CallAlerting` is
 * 'Application.CallAlerting', `CallEvents.Connected` is 'Call.Connected', `PlayerEvents.Started` is
 * 'Player.Started'. globals/install.ts shares one frozen, prototype-less object of each among all sessions.
 */

/** AppEvents (docs/platform.md#session-events). Note the different prefix of WebSocket. */
export const APP_EVENTS = {
  Started: 'Application.Started',
  CallAlerting: 'Application.CallAlerting',
  HttpRequest: 'Application.HttpRequest',
  Terminating: 'Application.Terminating',
  Terminated: 'Application.Terminated',
  WebSocket: 'AppEvents.NewWebSocketConnection',
  NewWebSocketFailed: 'Application.OnNewWebSocketFailed',
} as const;

const CALL_EVENT_NAMES = [
  'AudioIdentificationError',
  'AudioIdentificationResult',
  'AudioQualityDetected',
  'AudioStarted',
  'BeepDetectionComplete',
  'BeepDetectionError',
  'BlindTransferRequested',
  'Connected',
  'Disconnected',
  'Failed',
  'FirstAudioPacketReceived',
  'FirstVideoPacketReceived',
  'Forwarding',
  'InfoReceived',
  'MessageReceived',
  'MicStatusChange',
  'OffHold',
  'OnHold',
  'PlaybackFinished',
  'PlaybackReady',
  'PlaybackStarted',
  'PushSent',
  'ReInviteAccepted',
  'ReInviteReceived',
  'ReInviteRejected',
  'RecordError',
  'RecordStarted',
  'RecordStopped',
  'Ringing',
  'RtpResumed',
  'RtpStopped',
  'StateChanged',
  'Statistics',
  'ToneDetected',
  'ToneReceived',
  'TransferComplete',
  'TransferFailed',
  'VideoTrackCreated',
] as const;

/** CallEvents (docs/platform.md#call-events): every member's value is 'Call.' + its name. */
export const CALL_EVENTS: Readonly<Record<(typeof CALL_EVENT_NAMES)[number], string>> = Object.freeze(
  Object.fromEntries(CALL_EVENT_NAMES.map((n) => [n, `Call.${n}`])) as Record<(typeof CALL_EVENT_NAMES)[number], string>,
);

/** PlayerEvents (docs/platform.md#players): values prefixed 'Player.'. Players themselves are not emulated. */
export const PLAYER_EVENTS = Object.freeze(
  Object.fromEntries(
    ['Created', 'PlaybackReady', 'Started', 'Stopped', 'PlaybackFinished', 'Error', 'PlaybackMarkerReached', 'PlaybackBuffering'].map(
      (n) => [n, `Player.${n}`],
    ),
  ) as Record<string, string>,
);

/** Modules (docs/platform.md#globals, current string values). */
export const MODULES = {
  ACD: 'acd',
  AI: 'ai',
  ApplicationStorage: 'applicationstorage',
  ASR: 'asr',
  Avatar: 'avatar',
  Cartesia: 'cartesia',
  Conference: 'conference',
  ElevenLabs: 'elevenlabs',
  Gemini: 'gemini',
  IVR: 'ivr',
  OpenAI: 'openai',
  PushService: 'pushservice',
  Recorder: 'recorder',
  SmartQueue: 'smartqueue',
  StreamingAgent: 'streamingagent',
  Ultravox: 'ultravox',
  VoximplantAPI: 'voximplantapi',
  Yandex: 'yandex',
} as const;

/** DTMFType (docs/platform.md#dtmf). */
export const DTMF_TYPE = { ALL: 0, TELEPHONE_EVENT: 1, IN_BAND: 2, SIP_INFO: 3 } as const;

/** RecordExpireTime (docs/platform.md#recordings). */
export const RECORD_EXPIRE_TIME = {
  THREEMONTHS: '',
  SIXMONTHS: '-6m',
  ONEYEAR: '-1y',
  TWOYEARS: '-2y',
  THREEYEARS: '-3y',
  FIVEYEARS: '-5y',
} as const;

/** The enums installed as globals, by global name. */
export const GLOBAL_ENUMS: Record<string, Readonly<Record<string, string | number>>> = {
  AppEvents: APP_EVENTS,
  CallEvents: CALL_EVENTS,
  PlayerEvents: PLAYER_EVENTS,
  Modules: MODULES,
  DTMFType: DTMF_TYPE,
  RecordExpireTime: RECORD_EXPIRE_TIME,
};

/** The module name (value of Modules.X) → the Modules member name, for messages. */
export const MODULE_MEMBER_BY_VALUE: ReadonlyMap<string, string> = new Map(Object.entries(MODULES).map(([k, v]) => [v, k]));
