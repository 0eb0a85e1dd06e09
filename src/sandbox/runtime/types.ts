/**
 * Public types of the VoxEngine runtime emulator: the contract in docs/runtime-api.md.
 * Names and shapes here are fixed by that contract; additions are allowed, renames are not.
 * Everything is in virtual time unless said otherwise. Phone numbers are compared as given:
 * the emulator does not normalise a leading `+` (docs/platform.md#number-format is open).
 */
import type { z } from 'zod';
import type { KeyValueStore } from '../kv-store';
import type { TraceKind } from './trace/schema';
import type {
  farEndSchema,
  faultsSchema,
  httpFaultSchema,
  httpResponseSchema,
  inboundCallSchema,
  partyActionSchema,
  storageFaultSchema,
} from './script/schema';

/** One scenario file: `name` (e.g. 'masked-call') appears in stack traces and the trace. `code` is plain VoxEngine JavaScript. */
export interface ScenarioSource {
  name: string;
  code: string;
}

/** What a party (caller or callee) does once its call is connected, in order (defined by partyActionSchema). */
export type PartyAction = z.infer<typeof partyActionSchema>;

/** How a far end reached by the scenario behaves (defined by farEndSchema). Default when none is set: answer after 3 s. */
export type FarEndBehaviour = z.infer<typeof farEndSchema>;

/** An inbound PSTN call into a session (defined by inboundCallSchema). */
export type InboundCallSpec = z.infer<typeof inboundCallSchema>;

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
 * The handler's answer (defined by httpResponseSchema): `delayMs` is virtual latency in ms (default 50),
 * `networkError` makes the request fail with that Net code (-1..-9, docs/platform.md#net-failures).
 */
export type HttpResponseSpec = z.infer<typeof httpResponseSchema>;

/** Where Net requests go: a function (tests, npm start), or 'real' for real HTTP to 127.0.0.1/localhost only. */
export type HttpTarget = ((req: HttpRequestInfo) => HttpResponseSpec | Promise<HttpResponseSpec>) | 'real';

/** A storage fault (storageFaultSchema): the matching operation rejects, or completes after `delayMs` virtual ms. */
export type StorageFault = z.infer<typeof storageFaultSchema>;

/** An HTTP fault (httpFaultSchema): matching requests time out (-7), answer 500, or fail to connect (-4). */
export type HttpFault = z.infer<typeof httpFaultSchema>;

/** Faults to inject (faultsSchema). Each applies to every session of the emulator unless it names a sessionId. */
export type FaultSpec = z.infer<typeof faultsSchema>;

/** Options of one emulator (one virtual clock shared by all its sessions). */
export interface EmulatorOptions {
  /** Epoch ms or ISO 8601; default 2026-01-01T00:00:00Z. */
  startTime?: number | string;
  /** Default: every request answers 404. */
  http?: HttpTarget;
  /** Far-end behaviours by dialed number, for callPSTN (as dialed, no normalisation). */
  phones?: Record<string, FarEndBehaviour>;
  /** Far-end behaviours by SIP URI, for callSIP (as dialed, e.g. 'sip:desk@pbx.example.com'). */
  sip?: Record<string, FarEndBehaviour>;
  /** Far-end behaviours by Voximplant username, for callUser. */
  users?: Record<string, FarEndBehaviour>;
  /** For numbers, SIP URIs and users not listed; default: answer after 3 s. */
  defaultPhone?: FarEndBehaviour;
  faults?: FaultSpec;
  /**
   * Most finished sessions kept, with their trace records, for `sessions()` and `trace`; older ones are
   * forgotten (a long-running sandbox passes its history limit). Default: all (a call script's run).
   */
  retainSessions?: number;
}

/** The URLs AppEvents.Started reports for a session (docs/platform.md#session-events). */
export interface SessionLinks {
  /** The session's access URL (StartScenarios' media_session_access_url). */
  accessURL: string;
  /** Its HTTPS form (media_session_access_secure_url). */
  accessSecureURL: string;
  /** Where the session's log can be read (GetCallHistory's log_file_url). */
  logURL: string;
}

/**
 * A request to a session's access URL, as AppEvents.HttpRequest delivers it
 * (docs/platform.md#http-request-event). `headers` holds only the X- headers (name as sent → value).
 */
export interface SessionHttpRequest {
  method: string;
  /** The URL's path and query, without scheme and host, e.g. '/request/12/9f3c…'. */
  path: string;
  /** The request body as text. */
  content: string;
  headers: Record<string, string>;
}

/**
 * What an access-URL request got: delivered to the session's AppEvents.HttpRequest listeners, with the
 * body made of the last listener's return value (status 200 (inferred)); or not delivered because the
 * session has ended or is ending.
 */
export type SessionHttpAnswer = { delivered: true; contentType: string; body: string } | { delivered: false; reason: string };

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

/**
 * A trace record as a generic view: { seq, atMs, at (ISO), sessionId?, kind, ...fields }. The fields of
 * each kind are defined in trace/schema.ts (`TypedTraceRecord` is the same record typed by kind;
 * schemas/trace.schema.json is generated from it).
 */
export interface TraceRecord {
  seq: number;
  atMs: number;
  at: string;
  sessionId?: number;
  kind: TraceKind;
  [field: string]: unknown;
}

/** The trace: one ordered, timestamped record of everything (format: trace/schema.ts, published as schemas/trace.schema.json). */
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
