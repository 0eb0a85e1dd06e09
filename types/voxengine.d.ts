/**
 * Ambient declarations of the VoxEngine API subset voxmask scenarios use.
 *
 * Names, string enum values and signatures follow Voximplant's own typings (voximplant/voxengine-ci,
 * typings/voxengine.d.ts, v28); the facts behind them, each with its source, are in docs/platform.md
 * (cited below by anchor). Rule for this file: every declaration is the same as, or narrower
 * than, Voximplant's, so a scenario that type-checks here also type-checks against theirs. Where the
 * official typings return a plain `string` (Call.state, Call.clientType) we do too.
 *
 * VoxEngine.getSecretValue is not in the v28 typings (docs/platform.md#secrets, documented in the Secrets guide); it lives
 * in types/voxengine-secrets.d.ts as a namespace augmentation so it can be added next to theirs.
 */

// ---------------------------------------------------------------------------------------------------
// Event name enums (docs/platform.md#globals: `declare enum`s with string values; the runtime provides them as globals).
// ---------------------------------------------------------------------------------------------------

/** Session-level events (docs/platform.md#session-events). */
declare enum AppEvents {
  /** First event of every session. */
  Started = 'Application.Started',
  /** An inbound call has arrived. */
  CallAlerting = 'Application.CallAlerting',
  /** A request to the session's accessURL. */
  HttpRequest = 'Application.HttpRequest',
  /** The session is ending (after terminate() or 60 s idle); timers are gone, one HTTP request is allowed. */
  Terminating = 'Application.Terminating',
  /** The session has ended; only Logger.write works. */
  Terminated = 'Application.Terminated',
}

/** Call events (docs/platform.md#call-events). */
declare enum CallEvents {
  Connected = 'Call.Connected',
  Disconnected = 'Call.Disconnected',
  Failed = 'Call.Failed',
  Ringing = 'Call.Ringing',
  AudioStarted = 'Call.AudioStarted',
  PlaybackReady = 'Call.PlaybackReady',
  PlaybackStarted = 'Call.PlaybackStarted',
  PlaybackFinished = 'Call.PlaybackFinished',
  ToneReceived = 'Call.ToneReceived',
  RecordStarted = 'Call.RecordStarted',
  RecordStopped = 'Call.RecordStopped',
  RecordError = 'Call.RecordError',
  StateChanged = 'Call.StateChanged',
  FirstAudioPacketReceived = 'Call.FirstAudioPacketReceived',
}

/** Loadable modules for require() (docs/platform.md#globals, v28 string values). */
declare enum Modules {
  ACD = 'acd',
  AI = 'ai',
  ApplicationStorage = 'applicationstorage',
  ASR = 'asr',
  Conference = 'conference',
  IVR = 'ivr',
  PushService = 'pushservice',
  Recorder = 'recorder',
  SmartQueue = 'smartqueue',
  VoximplantAPI = 'voximplantapi',
}

/** Which DTMF signalling raises ToneReceived (docs/platform.md#dtmf). */
declare enum DTMFType {
  ALL = 0,
  TELEPHONE_EVENT = 1,
  IN_BAND = 2,
  SIP_INFO = 3,
}

/** How long a call recording is kept (docs/platform.md#recordings); the default is three months. */
declare enum RecordExpireTime {
  THREEMONTHS = '',
  SIXMONTHS = '-6m',
  ONEYEAR = '-1y',
  TWOYEARS = '-2y',
  THREEYEARS = '-3y',
  FIVEYEARS = '-5y',
}

// ---------------------------------------------------------------------------------------------------
// Event payloads (docs/platform.md#session-events, docs/platform.md#call-events). The maps keyed by enum value type addEventListener's callbacks.
// ---------------------------------------------------------------------------------------------------

/** Payload of AppEvents.Started. `sessionId` is unique within the account. */
declare interface _StartedEvent {
  accessURL: string;
  accessSecureURL: string;
  accountId: number;
  applicationId: number;
  logURL: string;
  sessionId: number;
}

/** Payload of AppEvents.CallAlerting. `callerid` is the caller ID as delivered (format not settled, docs/platform.md#number-format). */
declare interface _CallAlertingEvent {
  call: Call;
  callerid: string;
  /** The dialed number (the virtual number for PSTN calls). */
  destination: string;
  displayName: string;
  fromURI: string;
  toURI: string;
  headers: { [header: string]: string };
  customData?: string;
  scheme: string;
}

/** Payload of AppEvents.HttpRequest (docs/platform.md#http-request-event). */
declare interface _HttpRequestEvent {
  method: string;
  path: string;
  content: string;
  headers: { key: string; value: string }[];
}

/** Payload of AppEvents.Terminating/Terminated. */
declare interface _TerminatingEvent {
  systemError?: boolean;
}
declare interface _TerminatedEvent {
  systemError?: boolean;
}

declare interface _AppEvents {
  [AppEvents.Started]: _StartedEvent;
  [AppEvents.CallAlerting]: _CallAlertingEvent;
  [AppEvents.HttpRequest]: _HttpRequestEvent;
  [AppEvents.Terminating]: _TerminatingEvent;
  [AppEvents.Terminated]: _TerminatedEvent;
}

/** Fields every call event carries. */
declare interface _CallEvent {
  call: Call;
  name: string;
  id: string;
}
declare interface _CallHeaderEvent extends _CallEvent {
  headers?: { [header: string]: string };
}
declare interface _ConnectedEvent extends _CallHeaderEvent {
  customData?: string;
}
/** Disconnected: `duration` in seconds, `cost` in the account currency. */
declare interface _DisconnectedEvent extends _CallHeaderEvent {
  internalCode: number;
  reason: string;
  duration: number;
  cost: number;
  direction: string;
}
/** Failed: an outgoing call ended before it connected. Codes: 486 busy, 487 terminated, 404, 480, 402, 603, 408, 403 (docs/platform.md#failure-codes). */
declare interface _FailedEvent extends _CallHeaderEvent {
  code: number;
  reason: string;
}
declare interface _RingingEvent extends _CallHeaderEvent {}
declare interface _AudioStartedEvent extends _CallHeaderEvent {}
declare interface _PlaybackReadyEvent extends _CallEvent {}
/** PlaybackStarted: `duration` of the media, in seconds. */
declare interface _PlaybackStartedEvent extends _CallEvent {
  duration: number;
}
declare interface _PlaybackFinishedEvent extends _CallEvent {
  error?: string;
}
/** ToneReceived: one DTMF digit `0-9 * #`; `type` '1' RFC 2833, '2' in-band, '3' SIP INFO. */
declare interface _ToneReceivedEvent extends _CallEvent {
  tone: string;
  type: string;
}
declare interface _RecordStartedEvent extends _CallEvent {
  url: string;
}
/** RecordStopped fires after Disconnected; `duration` in seconds. */
declare interface _RecordStoppedEvent extends _CallEvent {
  url: string;
  cost: string;
  duration: number;
}
declare interface _RecordErrorEvent extends _CallEvent {
  error: string;
}
declare interface _StateChangedEvent extends _CallEvent {
  oldState: string;
  newState: string;
}
declare interface _FirstAudioPacketReceivedEvent extends _CallEvent {}

declare interface _CallEvents {
  [CallEvents.Connected]: _ConnectedEvent;
  [CallEvents.Disconnected]: _DisconnectedEvent;
  [CallEvents.Failed]: _FailedEvent;
  [CallEvents.Ringing]: _RingingEvent;
  [CallEvents.AudioStarted]: _AudioStartedEvent;
  [CallEvents.PlaybackReady]: _PlaybackReadyEvent;
  [CallEvents.PlaybackStarted]: _PlaybackStartedEvent;
  [CallEvents.PlaybackFinished]: _PlaybackFinishedEvent;
  [CallEvents.ToneReceived]: _ToneReceivedEvent;
  [CallEvents.RecordStarted]: _RecordStartedEvent;
  [CallEvents.RecordStopped]: _RecordStoppedEvent;
  [CallEvents.RecordError]: _RecordErrorEvent;
  [CallEvents.StateChanged]: _StateChangedEvent;
  [CallEvents.FirstAudioPacketReceived]: _FirstAudioPacketReceivedEvent;
}

// ---------------------------------------------------------------------------------------------------
// Voices (docs/platform.md#voices): opaque objects in a tree of namespaces. Only voices the reference names are listed;
// scenarios look a configured voice up by its dotted name at run time (scenarios/masked-call/voice.ts).
// ---------------------------------------------------------------------------------------------------

/** A TTS language and voice; opaque. */
declare class Voice {}

declare namespace VoiceList {
  /** Amazon Polly voices; `en_US_Joanna` is the platform default (docs/platform.md#voices). */
  namespace Amazon {
    const en_US_Joanna: Voice;
    const en_AU_Nicole: Voice;
    const en_GB_Amy: Voice;
    const ru_RU_Tatyana: Voice;
  }
  /** The free ("freemium") voices (docs/platform.md#voices). */
  namespace Default {
    const en_US_Female: Voice;
    const en_US_Male: Voice;
    const de_DE_Male: Voice;
    const ru_RU_Female: Voice;
  }
}

/** TTS fine-tuning (docs/platform.md#call-playback). */
declare interface TTSOptions {
  emotion?: string;
  pitch?: string;
  rate?: string;
  volume?: string;
  speed?: string;
}

/** Parameters of Call.say (v28: the voice field is `voice`). */
declare interface CallSayParameters {
  voice?: Voice;
  progressivePlayback?: boolean;
  ttsOptions?: TTSOptions;
  request?: Object;
}

/** Parameters of Call.startPlayback. */
declare interface StartPlaybackParameters {
  loop?: boolean;
  progressivePlayback?: boolean;
}

/** Parameters of Call.record (docs/platform.md#call-record). There is no `name` field and no stopRecording(). */
declare interface CallRecordParameters {
  stereo?: boolean;
  hd_audio?: boolean;
  lossless?: boolean;
  expire?: RecordExpireTime;
  transcribe?: boolean;
}

/** Parameters of Call.answer. */
declare interface CallAnswerParameters {
  displayName?: string;
}

/** Parameters of VoxEngine.callPSTN (docs/platform.md#callpstn). */
declare interface CallPSTNParameters {
  followDiversion?: boolean;
}

/**
 * Parameters of VoxEngine.callSIP (docs/platform.md#other-call-methods). `callerid` has no spaces;
 * `headers` are X- headers. Video, registrations and proxies are declared for completeness only.
 */
declare interface CallSIPParameters {
  callerid?: string;
  displayName?: string;
  password?: string;
  authUser?: string;
  headers?: { [header: string]: string };
  video?: boolean;
  outProxy?: string;
  regId?: number;
}

/**
 * Parameters of VoxEngine.callUser (docs/platform.md#other-call-methods): `username` is a user of the
 * scenario's application; the `VI-CallTimeout` extra header sets the no-answer limit (10-400 s).
 */
declare interface CallUserParameters {
  username: string;
  callerid: string;
  displayName?: string;
  extraHeaders?: { [header: string]: string };
  video?: boolean;
  analyticsLabel?: string;
}

/** Anything that can send or receive media. */
declare type VoxMediaUnit = Call;

/** One call leg (docs/platform.md#call-methods). */
declare class Call {
  /** TERMINATED | CONNECTED | PROGRESSING | ALERTING. */
  state(): string;
  toString(): string;
  customData(customData?: string): string;
  id(): string;
  incoming(): boolean;
  callerid(): string;
  displayName(): string;
  /** The dialed number of this leg. */
  number(): string;
  clientType(): string;
  addEventListener<T extends keyof _CallEvents>(event: CallEvents | T, callback: (event: _CallEvents[T]) => any): void;
  removeEventListener<T extends keyof _CallEvents>(event: CallEvents | T, callback?: (event: _CallEvents[T]) => any): void;
  /** Disconnected if active; Failed if an outgoing call not yet connected. */
  hangup(extraHeaders?: { [header: string]: string }): void;
  answer(extraHeaders?: { [header: string]: string }, parameters?: CallAnswerParameters): void;
  /** Rejects an incoming call with a 3xx-6xx SIP code; Disconnected fires at once. */
  reject(code: number, extraHeaders?: { [header: string]: string }): void;
  ring(extraHeaders?: { [header: string]: string }): void;
  startEarlyMedia(
    extraHeaders?: { [header: string]: string },
    scheme?: string,
    maxVideoBitrate?: number,
    audioLevelExtension?: boolean,
    conferenceCall?: boolean,
  ): void;
  /** mp3/ogg/flac/wav up to 10 MB. */
  startPlayback(url: string, parameters?: StartPlaybackParameters): void;
  /** TTS to a connected call; text over 1500 characters ends with PlaybackFinished{error}. */
  say(text: string, parameters?: CallSayParameters): void;
  /** Starts recording both directions; RecordStarted follows. */
  record(parameters: CallRecordParameters): void;
  /** Stops say/startPlayback media; PlaybackFinished is NOT fired. */
  stopPlayback(): void;
  /** Cloud-generated ringback of a country ('US', 'RU'). */
  playProgressTone(country: string): void;
  sendMediaTo(mediaUnit: VoxMediaUnit): void;
  stopMediaTo(mediaUnit: VoxMediaUnit): void;
  /** Off by default; when on, each digit fires ToneReceived. */
  handleTones(doHandle: boolean, supportedDtmfTypes?: DTMFType): void;
  sendDigits(digits: string): void;
}

// ---------------------------------------------------------------------------------------------------
// VoxEngine (docs/platform.md#session-sequences, docs/platform.md#callpstn).
// ---------------------------------------------------------------------------------------------------

declare namespace VoxEngine {
  function addEventListener<T extends keyof _AppEvents>(event: AppEvents | T, callback: (event: _AppEvents[T]) => any): void;
  function removeEventListener<T extends keyof _AppEvents>(event: AppEvents | T, callback?: (event: _AppEvents[T]) => any): void;
  /**
   * Places a PSTN call to `number` (E.164) showing `callerid`, which must be a rented or verified number
   * or the inbound caller ID (docs/platform.md#caller-id). Returns the new leg at once; events follow.
   */
  function callPSTN(number: string, callerid: string, parameters?: CallPSTNParameters): Call;
  /** Places a SIP call to `to` (`sip:user@host`, docs/platform.md#other-call-methods). Returns the new leg at once. */
  function callSIP(to: string, parameters?: CallSIPParameters): Call;
  /** Calls a Voximplant user of this application (docs/platform.md#other-call-methods). Returns the new leg at once. */
  function callUser(parameters: CallUserParameters): Call;
  /** Connects audio both ways between two media units. */
  function sendMediaBetween(mediaUnit1: VoxMediaUnit, mediaUnit2: VoxMediaUnit): void;
  function stopMediaBetween(mediaUnit1: VoxMediaUnit, mediaUnit2: VoxMediaUnit): void;
  /** Ends the session: Terminating then Terminated; no further call events (docs/platform.md#terminate). */
  function terminate(): void;
  /** Gets or sets the session custom data (at most 200 bytes). */
  function customData(customData?: string): string;
}

// ---------------------------------------------------------------------------------------------------
// ApplicationStorage (docs/platform.md#kv-api): requires require(Modules.ApplicationStorage).
// ---------------------------------------------------------------------------------------------------

/** A stored pair; `expireAt` is a Unix timestamp (seconds (inferred)). */
declare interface StorageKey {
  key: string;
  value: string;
  expireAt: number;
}
declare interface StoragePage {
  keys: string[];
}
declare namespace ApplicationStorage {
  /** Resolves to null for a missing key. */
  function get(key: string): Promise<StorageKey | null>;
  /** Keys that begin with `pattern` (a namespace works as one); `count` defaults to 1000, no cursor. */
  function keys(pattern?: string, count?: number): Promise<StoragePage>;
  /** Key ≤ 200 chars, value ≤ 2000 chars, ttl in seconds 0..7,776,000. */
  function put(key: string, value: string, ttl: number): Promise<StorageKey>;
  function remove(key: string): Promise<StorageKey>;
}

// ---------------------------------------------------------------------------------------------------
// Net (docs/platform.md#net-api).
// ---------------------------------------------------------------------------------------------------

declare namespace Net {
  /** Request options; `timeout` and `connectionTimeout` in seconds (defaults 90 and 6, can only be lowered). */
  interface HttpRequestOptions {
    method?: string;
    postData?: string | number[];
    headers?: { [key: string]: string };
    params?: { [key: string]: string };
    rawOutput?: boolean;
    timeout?: number;
    connectionTimeout?: number;
    enableSystemLog?: boolean;
  }
  /** `code`: HTTP status, or 0 (limits), -1..-9 (network failures, -7 timeout). */
  interface HttpRequestResult {
    code: number;
    raw_headers?: string;
    headers?: { key: string; value: string }[];
    text?: string;
    data?: number[];
    error?: string;
  }
  function httpRequestAsync(url: string, options?: HttpRequestOptions): Promise<HttpRequestResult>;
}

// ---------------------------------------------------------------------------------------------------
// Logger, Crypto, modules, timers, utilities (docs/platform.md#utilities).
// ---------------------------------------------------------------------------------------------------

declare namespace Logger {
  /** Writes to the session log (≤ 15,000 characters). */
  function write(message: string): void;
  /** Stops DTMF digits from appearing in the session log. */
  function hideTones(flag: boolean): void;
}

declare namespace Crypto {
  /** HMAC-SHA256 of `data` with `key`, as a hex string. */
  function hmac_sha256(key: string, data: string): string;
  /** SHA-256 of `data`, as a hex string. */
  function sha256(data: string): string;
}

/** Loads a module's globals (e.g. ApplicationStorage). */
declare function require(module: Modules): void;

/** At most 100 active timers; none after Terminating. `timeout` in ms. */
declare function setTimeout(callback: () => any, timeout?: number): number;
declare function clearTimeout(timeoutId: number): void;
/** Intervals below 100 ms become 100 ms. */
declare function setInterval(callback: () => any, timeout?: number): number;
declare function clearInterval(intervalId: number): void;

/** A random UUID string. */
declare function uuidgen(): string;
