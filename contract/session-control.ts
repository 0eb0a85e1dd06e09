/**
 * What the backend sends to a running click-to-call session through its media-session access URL
 * (StartScenarios' `media_session_access_url`), which the scenario receives as AppEvents.HttpRequest
 * (docs/platform.md#http-request-event), and what the scenario answers.
 *
 * Request body (POST): `{"v":1,"action":"cancel","requestId":"r-5b1c"}`. `requestId` is optional; when
 * given it must be the session's own (contract/click-to-call.ts), so a URL mixed up between two
 * requests cannot cancel the wrong call. The URL itself is the secret (docs/platform.md#http-request-event).
 *
 * Answer body (JSON): `{"v":1,"accepted":true,"state":"cancelling"}` — `cancelling`: the calls are being
 * hung up and the session will report its result (outcome `cancelled`, or `connected` with
 * `endedBy: "backend"` when the parties were already talking); `ended`: the session was already
 * finishing, nothing changed; a refused request has `accepted: false` and `problem`.
 *
 * Pure TypeScript: no Node or VoxEngine globals (bundled into the click-to-call scenario).
 */
import { checkVersion, parseJsonObject, patternField, problemAt, StoredJsonResult } from './stored-json';
import { REQUEST_ID_PATTERN_SOURCE } from './click-to-call';

/** Format version, written in `v` of requests and answers. */
export const SESSION_CONTROL_VERSION = 1;
/** Longest request body read, in characters. */
export const SESSION_CONTROL_MAX_CHARS = 200;

/** A request to a running session. */
export interface SessionControlRequest {
  v: 1;
  action: 'cancel';
  /** The click-to-call request id the backend believes this session serves. */
  requestId?: string;
}

/** The scenario's answer to a request. */
export interface SessionControlAnswer {
  v: 1;
  accepted: boolean;
  /** `cancelling` (accepted), `ended` (too late, nothing changed), `refused` (see `problem`). */
  state: 'cancelling' | 'ended' | 'refused';
  problem?: string;
}

const REQUEST_ID_RE = new RegExp(REQUEST_ID_PATTERN_SOURCE, 'u');

/** The request body that cancels a click-to-call session (optionally naming its request id). */
export function formatCancelRequest(requestId?: string): string {
  return JSON.stringify(
    requestId === undefined
      ? { v: SESSION_CONTROL_VERSION, action: 'cancel' }
      : { v: SESSION_CONTROL_VERSION, action: 'cancel', requestId },
  );
}

/**
 * Reads a request body, lenient-but-checked (contract/stored-json.ts): `v` 1, `action` "cancel",
 * `requestId` (optional) 1–36 of A-Z a-z 0-9 _ -. Returns `{ ok: true, value }` or `{ ok: false, field, problem }`; never throws.
 */
export function parseSessionControl(text: unknown): StoredJsonResult<SessionControlRequest> {
  const parsed = parseJsonObject(text, SESSION_CONTROL_MAX_CHARS, 'session control request');
  if (!parsed.ok) return parsed;
  const obj = parsed.value;
  const version = checkVersion(obj, SESSION_CONTROL_VERSION);
  if (version) return version;
  if (obj.action !== 'cancel') return problemAt('action', `is ${JSON.stringify(obj.action)}; the only action is "cancel"`);
  if (obj.requestId === undefined) return { ok: true, value: { v: 1, action: 'cancel' } };
  const requestId = patternField(obj, 'requestId', REQUEST_ID_RE, '1-36 of A-Z a-z 0-9 _ -');
  if (!requestId.ok) return requestId;
  return { ok: true, value: { v: 1, action: 'cancel', requestId: requestId.value } };
}

/** The JSON text of an answer. */
export function formatSessionControlAnswer(answer: Omit<SessionControlAnswer, 'v'>): string {
  return JSON.stringify({ v: SESSION_CONTROL_VERSION, ...answer });
}
