/**
 * Public types of the VoxEngine runtime emulator: the contract in docs/runtime-api.md.
 * Names and shapes here are fixed by that contract; additions are allowed, renames are not.
 * Everything is in virtual time unless said otherwise. Phone numbers are compared as given:
 * the emulator does not normalise a leading `+` (docs/platform.md#number-format is open).
 */
import type { KeyValueStore } from '../kv-store';

/** One scenario file: `name` (e.g. 'masked-call') appears in stack traces and the trace. `code` is plain VoxEngine JavaScript. */
export interface ScenarioSource {
  name: string;
  code: string;
}

/** What a party (caller or callee) does once its call is connected, in order. */
export type PartyAction =
  /** Do nothing for N virtual seconds. */
  | { waitS: number }
  /** DTMF digits 0-9 * #, `gapMs` virtual milliseconds apart (default 300). */
  | { press: string; gapMs?: number }
  /** Wait until a TTS text containing this (case-insensitive) has FINISHED playing to this party; default timeout 60 s, then go on. */
  | { waitUntilHeard: string; timeoutS?: number }
  /** End the call from this side. */
  | { hangup: true };

/** How a far-end phone reached by callPSTN behaves. Default when a number has none: answer after 3 s. */
export type FarEndBehaviour =
  /** Rings for `afterS` seconds (default 3), answers, then runs `actions`. */
  | { answer: { afterS?: number; actions?: PartyAction[] } }
  /** Failed 486 after `afterS` seconds (default 1). */
  | { busy: { afterS?: number } }
  /** Rings until the scenario hangs up (Failed 487) or 60 s pass (Failed 408). */
  | { noAnswer: Record<string, never> }
  /** Failed 480 at once (no Ringing). */
  | { unreachable: Record<string, never> }
  /** Failed 603 after `afterS` seconds (default 2). */
  | { reject: { afterS?: number } }
  /** Failed 404 at once. */
  | { invalidNumber: Record<string, never> };

/** An inbound PSTN call into a session. */
export interface InboundCallSpec {
  /** Caller ID as the platform delivers it. */
  from: string;
  /** The dialed (virtual) number. */
  to: string;
  /** Arrival, seconds after the run's start (default 0). */
  atS?: number;
  displayName?: string;
  /** SIP X- headers delivered with CallAlerting. */
  headers?: Record<string, string>;
  /** The caller gives up if not answered by then (seconds after arrival). */
  abandonAfterS?: number;
  /** Run after the scenario answers. */
  actions?: PartyAction[];
}

/**
 * The application a session runs under: its ApplicationStorage and its secrets (VoxEngine.getSecretValue).
 * Create `storage` with the emulator's clock (`new KeyValueStore(() => emulator.now())`) so TTLs expire
 * in virtual time.
 */
export interface ApplicationContext {
  id: number;
  name: string;
  storage: KeyValueStore;
  secrets: Record<string, string>;
  /** Account id reported in AppEvents.Started (default 1). */
  accountId?: number;
}

/** An HTTP request made by a scenario through Net, as the handler sees it. Header names keep the scenario's spelling. */
export interface HttpRequestInfo {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
  sessionId: number;
}

/**
 * The handler's answer. `delayMs` is virtual latency in ms (default 50). `networkError` makes the request
 * fail with that Net code (-1..-9, docs/platform.md#net-failures) instead.
 */
export interface HttpResponseSpec {
  status?: number;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
  networkError?: number;
}

/** Where Net requests go: a function (tests, npm start), or 'real' for real HTTP to 127.0.0.1/localhost only. */
export type HttpTarget = ((req: HttpRequestInfo) => HttpResponseSpec | Promise<HttpResponseSpec>) | 'real';

/** A storage fault: the matching operation rejects, or completes after `delayMs` virtual ms. */
export interface StorageFault {
  op: 'get' | 'put' | 'remove' | 'keys';
  kind: 'reject' | 'slow';
  /** For 'slow': the virtual delay in ms (default 5000). */
  delayMs?: number;
  /** How many operations it affects (default: all). */
  times?: number;
  /** Only keys starting with this. */
  keyPrefix?: string;
  /** Only this session (default: every session). */
  sessionId?: number;
}

/** An HTTP fault: matching requests time out (-7), answer 500, or fail to connect (-4). */
export interface HttpFault {
  urlContains?: string;
  kind: 'timeout' | 'status500' | 'connectionRefused';
  /** How many requests it affects (default: all). */
  times?: number;
  /** Only this session (default: every session). */
  sessionId?: number;
}

/** Faults to inject. Each applies to every session of the emulator unless it names a sessionId. */
export interface FaultSpec {
  storage?: StorageFault[];
  http?: HttpFault[];
}

/** Options of one emulator (one virtual clock shared by all its sessions). */
export interface EmulatorOptions {
  /** Epoch ms or ISO 8601; default 2026-01-01T00:00:00Z. */
  startTime?: number | string;
  /** Default: every request answers 404. */
  http?: HttpTarget;
  /** Far-end behaviours by dialed number (as dialed, no normalisation). */
  phones?: Record<string, FarEndBehaviour>;
  /** For numbers not listed; default: answer after 3 s. */
  defaultPhone?: FarEndBehaviour;
  faults?: FaultSpec;
  /**
   * Most finished sessions kept, with their trace records, for `sessions()` and `trace`; older ones are
   * forgotten (a long-running sandbox passes its history limit). Default: all (a call script's run).
   */
  retainSessions?: number;
}

/** A started session. */
export interface SessionHandle {
  /** sessionId, unique per emulator. */
  readonly id: number;
  /** Resolves after Terminated. */
  readonly done: Promise<SessionRecord>;
}

/** Why a session ended (the subset of CallSessionInfo.finish_reason the emulator produces). */
export type FinishReason = 'Normal termination' | 'JS session error' | 'Timeout';

/** One call leg of a finished session (CallInfo in docs/platform.md#call-history). Times are ISO 8601 UTC, durations seconds. */
export interface SessionCallRecord {
  callId: string;
  incoming: boolean;
  localNumber: string;
  remoteNumber: string;
  startTime: string;
  durationS: number;
  successful: boolean;
  endReason: string;
  recordUrl?: string;
}

/** One recording of a finished session. */
export interface SessionRecordingRecord {
  recordUrl: string;
  startTime: string;
  durationS: number;
}

/** One finished session, shaped after the Management API's CallSessionInfo (docs/platform.md#call-history). */
export interface SessionRecord {
  sessionId: number;
  applicationId: number;
  applicationName: string;
  ruleName?: string;
  /** ISO 8601 UTC. */
  startDate: string;
  durationS: number;
  finishReason: FinishReason;
  customData: string;
  calls: SessionCallRecord[];
  records: SessionRecordingRecord[];
  logLines: string[];
}

/** Something a party heard, in virtual epoch ms. */
export type HeardItem =
  | { atMs: number; kind: 'tts'; text: string; voice: string; sessionId: number }
  | { atMs: number; kind: 'url'; url: string; sessionId: number }
  /** The other party's audio (peer = that party's number). */
  | { atMs: number; kind: 'party'; peer: string; sessionId: number }
  | { atMs: number; kind: 'tone'; digits: string; sessionId: number };

/** TraceRecord: { seq, atMs, at (ISO), sessionId?, kind, ...fields }; kinds documented in schemas/trace.schema.json. */
export interface TraceRecord {
  seq: number;
  atMs: number;
  at: string;
  sessionId?: number;
  kind: string;
  [field: string]: unknown;
}

/** The trace: one ordered, timestamped record of everything (schema: schemas/trace.schema.json). */
export interface Trace {
  readonly records: TraceRecord[];
  toJSON(): object;
  /** What the party on this phone number heard, in order. */
  heardBy(number: string): HeardItem[];
  /** The caller IDs this phone number was shown on calls that reached it. */
  callerIdsShownTo(number: string): string[];
  /** Log lines (Logger.write, console.*) of one session or all. */
  logLines(sessionId?: number): string[];
  /** The readable timeline for people: every session, or only `sessionIds`. */
  toTimeline(opts?: { color?: boolean; sessionIds?: ReadonlySet<number> }): string;
}
