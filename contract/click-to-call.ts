/**
 * The custom data of a click-to-call session (issue 12 §3): the `script_custom_data` the backend
 * sends with the Management API's StartScenarios (docs/platform.md#start-scenarios), which the
 * click-to-call scenario reads with `VoxEngine.customData()` (docs/platform.md#custom-data).
 *
 * ```json
 * {"v":1,"mode":"click-to-call","orderId":"A-1042","from":"courier","to":"customer","requestId":"r-5b1c"}
 * ```
 * No phone numbers: the session reads both parties' numbers from the order record in ApplicationStorage
 * (contract/order-record.ts), so custom data kept in call history (docs/platform.md#custom-data) reveals
 * nothing. At most CLICK_TO_CALL_DATA_MAX_BYTES (200) UTF-8 bytes: every field at its maximum fits
 * (a test checks it).
 *
 * Pure TypeScript: no Node or VoxEngine globals (bundled into the click-to-call scenario).
 */
import { PARTY_ROLES, PartyRole } from './order-record';
import {
  checkVersion,
  orderIdField,
  formatChecked,
  oneOfField,
  parseJsonObject,
  patternField,
  problemAt,
  StoredJsonResult,
  utf8Length,
} from './stored-json';

/** Longest session custom data, in UTF-8 bytes (docs/platform.md#custom-data). */
export const CLICK_TO_CALL_DATA_MAX_BYTES = 200;
/** Format version, written in `v`. */
export const CLICK_TO_CALL_VERSION = 1;
/** Value of `mode`. */
export const CLICK_TO_CALL_MODE = 'click-to-call';
/** Request ids: 1–36 of A-Z a-z 0-9 _ - (a UUID fits). */
export const REQUEST_ID_PATTERN_SOURCE = '^[A-Za-z0-9_-]{1,36}$';

/** Version 1 of the click-to-call custom data. */
export interface ClickToCallData {
  v: 1;
  mode: 'click-to-call';
  orderId: string;
  /** Role of the party called first (party A); the scenario reads the number from the order record. */
  from: PartyRole;
  /** Role of the party called once A answers (party B). */
  to: PartyRole;
  /** The backend's id of this request, reported back in the result. */
  requestId: string;
}

const REQUEST_ID_RE = new RegExp(REQUEST_ID_PATTERN_SOURCE, 'u');

/**
 * Reads custom data, lenient-but-checked (contract/stored-json.ts): unknown fields ignored; at most 200
 * UTF-8 bytes, `v` 1, `mode` "click-to-call", `orderId` in the order id layout, `from` and `to` two
 * different roles of contract/order-record.ts, `requestId` 1–36 of A-Z a-z 0-9 _ -.
 * Returns `{ ok: true, value }` or `{ ok: false, field, problem }`.
 */
export function parseClickToCallData(text: string): StoredJsonResult<ClickToCallData> {
  if (typeof text === 'string' && utf8Length(text) > CLICK_TO_CALL_DATA_MAX_BYTES) {
    return problemAt(
      '',
      `click-to-call data is ${utf8Length(text)} UTF-8 bytes; session custom data holds at most ${CLICK_TO_CALL_DATA_MAX_BYTES}`,
    );
  }
  const parsed = parseJsonObject(text, CLICK_TO_CALL_DATA_MAX_BYTES, 'click-to-call data');
  if (!parsed.ok) return parsed;
  const obj = parsed.value;
  const version = checkVersion(obj, CLICK_TO_CALL_VERSION);
  if (version) return version;
  if (obj.mode !== CLICK_TO_CALL_MODE) return problemAt('mode', `is ${JSON.stringify(obj.mode)}; must be "${CLICK_TO_CALL_MODE}"`);
  const orderId = orderIdField(obj);
  if (!orderId.ok) return orderId;
  const from = oneOfField(obj, 'from', PARTY_ROLES);
  if (!from.ok) return from;
  const to = oneOfField(obj, 'to', PARTY_ROLES);
  if (!to.ok) return to;
  if (to.value === from.value) return problemAt('to', `is the same role as "from" ("${from.value}")`);
  const requestId = patternField(obj, 'requestId', REQUEST_ID_RE, '1-36 of A-Z a-z 0-9 _ -');
  if (!requestId.ok) return requestId;
  return {
    ok: true,
    value: { v: 1, mode: CLICK_TO_CALL_MODE, orderId: orderId.value, from: from.value, to: to.value, requestId: requestId.value },
  };
}

/**
 * The custom data text for StartScenarios' `script_custom_data`, checked by parseClickToCallData
 * (so it is within CLICK_TO_CALL_DATA_MAX_BYTES).
 * @throws StoredJsonError (contract/stored-json.ts) naming the first bad field
 */
export function formatClickToCallData(data: Omit<ClickToCallData, 'v' | 'mode'>): string {
  return formatChecked({ v: 1, mode: CLICK_TO_CALL_MODE, ...data } as ClickToCallData, 'click-to-call data', parseClickToCallData);
}

/** Actions the backend can send to a running click-to-call session through its access URL. */
export const CLICK_TO_CALL_ACTIONS = ['cancel'] as const;
export type ClickToCallAction = (typeof CLICK_TO_CALL_ACTIONS)[number];

/**
 * What the backend POSTs to the session's media-session access URL (docs/platform.md#http-request-event),
 * read by the scenario from `AppEvents.HttpRequest`'s `content`:
 * `{"v":1,"action":"cancel","requestId":"r-5b1c"}`. `cancel`: hang up every leg and end the session
 * with a result that says it was cancelled. `requestId` (optional) lets the scenario check it is the
 * request it was started for.
 */
export interface ClickToCallCommand {
  v: 1;
  action: ClickToCallAction;
  requestId?: string;
}

/** Longest command text, in characters (the sandbox and the platform take far more; the scenario reads no more). */
export const CLICK_TO_CALL_COMMAND_MAX_CHARS = 200;

/**
 * Reads a command, lenient-but-checked: unknown fields ignored; `v` 1, `action` one of
 * CLICK_TO_CALL_ACTIONS, `requestId` (when present) 1–36 of A-Z a-z 0-9 _ -.
 */
export function parseClickToCallCommand(text: string): StoredJsonResult<ClickToCallCommand> {
  const parsed = parseJsonObject(text, CLICK_TO_CALL_COMMAND_MAX_CHARS, 'click-to-call command');
  if (!parsed.ok) return parsed;
  const obj = parsed.value;
  const version = checkVersion(obj, CLICK_TO_CALL_VERSION);
  if (version) return version;
  const action = oneOfField(obj, 'action', CLICK_TO_CALL_ACTIONS);
  if (!action.ok) return action;
  const command: ClickToCallCommand = { v: 1, action: action.value };
  if (obj.requestId !== undefined) {
    const requestId = patternField(obj, 'requestId', REQUEST_ID_RE, '1-36 of A-Z a-z 0-9 _ -');
    if (!requestId.ok) return requestId;
    command.requestId = requestId.value;
  }
  return { ok: true, value: command };
}

/**
 * The text of a command, checked by parseClickToCallCommand.
 * @throws StoredJsonError naming the first bad field
 */
export function formatClickToCallCommand(command: Omit<ClickToCallCommand, 'v'>): string {
  return formatChecked({ v: 1, ...command } as ClickToCallCommand, 'click-to-call command', parseClickToCallCommand);
}
