/**
 * Result delivery policy, shared by the scenario (scenarios/masked-call/delivery.ts runs it) and the
 * Node side (src/config/scenario.ts bounds its worst case at build time). Pure TypeScript.
 * HTTP codes from Net.HttpRequestResult (docs/platform.md#net-api): a status, or 0 / negative numbers
 * for local failures (-7 timeout, -4 connection error, ...).
 * Also the deadline rule of delivery (docs/scenario.md, Delivery and signature) and the stored form of
 * a dead letter (docs/results.md), so the scenario and the backend share one definition.
 */
import type { SignatureHeaders } from './signature';

/** 2xx: the backend has the result. */
export function isDelivered(code: number): boolean {
  return code >= 200 && code < 300;
}

/**
 * Whether another attempt may succeed: network failures (code <= 0), 408, 425, 429 and 5xx. Any other
 * 4xx means the backend refused this result (bad signature, bad body), so retrying cannot help and the
 * result goes straight to the dead-letter store.
 */
export function isRetryable(code: number): boolean {
  return code <= 0 || code === 408 || code === 425 || code === 429 || code >= 500;
}

/** Milliseconds to wait after failed attempt `attempt` (1-based): base, 2x base, 4x base, ... */
export function backoffMs(attempt: number, baseS: number): number {
  return baseS * 1000 * 2 ** (attempt - 1);
}

/**
 * Longest a delivery can take, in seconds: every one of `attempts` requests runs into
 * `requestTimeoutS`, and each of the `attempts - 1` retries waits its backoff (backoffMs) first.
 */
export function worstCaseDeliveryS(policy: { attempts: number; requestTimeoutS: number; backoffS: number }): number {
  let waitMs = 0;
  for (let attempt = 1; attempt < policy.attempts; attempt += 1) waitMs += backoffMs(attempt, policy.backoffS);
  return policy.attempts * policy.requestTimeoutS + waitMs / 1000;
}

/**
 * A session with no calls ends this long after its last call ended, in seconds (Voximplant: "60 seconds
 * with no active calls", https://voximplant.com/docs/guides/voxengine/limits). Delivery starts after the
 * calls have ended, so this window, not the retry policy, is what bounds it.
 */
export const IDLE_SESSION_END_S = 60;
/** Seconds before the idle end by which delivery must have settled: room for the log line and terminate(). */
export const DELIVERY_MARGIN_S = 5;
/** Seconds before the delivery deadline at which posting stops, so the dead-letter write always gets its turn. */
export const DEAD_LETTER_RESERVE_S = 10;
/** Shortest request timeout worth starting, in seconds: with less time left the POST is not made. */
export const MIN_REQUEST_TIMEOUT_S = 1;

/**
 * When the session's last call ended, in epoch ms: the latest `endedAt` (ISO 8601) of the result's
 * legs (a leg not ended yet counts as `nowMs`), never later than `nowMs`; an unparsable time is skipped.
 * The platform's idle clock started then.
 */
export function lastCallEndedAtMs(legs: readonly { endedAt: string | null }[], nowMs: number): number {
  const ends = legs.map((leg) => (leg.endedAt === null ? nowMs : Date.parse(leg.endedAt))).filter((ms) => Number.isFinite(ms));
  return ends.length === 0 ? nowMs : Math.min(nowMs, Math.max(...ends));
}

/**
 * The epoch ms by which delivery must have settled (delivered, dead-lettered or logged): the idle end
 * (IDLE_SESSION_END_S after `callsEndedAtMs`, epoch ms) less DELIVERY_MARGIN_S.
 */
export function deliveryDeadlineMs(callsEndedAtMs: number): number {
  return callsEndedAtMs + (IDLE_SESSION_END_S - DELIVERY_MARGIN_S) * 1000;
}

/**
 * The Net timeout (whole seconds) for the next POST: the configured `requestTimeoutS`, cut to the
 * `remainingMs` left before posting must stop; 0 when fewer than MIN_REQUEST_TIMEOUT_S remain (make no
 * request).
 */
export function requestTimeoutWithinS(requestTimeoutS: number, remainingMs: number): number {
  const timeoutS = Math.min(requestTimeoutS, Math.floor(remainingMs / 1000));
  return timeoutS >= MIN_REQUEST_TIMEOUT_S ? timeoutS : 0;
}

// --- Dead letters: the signed request the webhook would have received ---

/**
 * A dead letter as stored under `deadletter:<sessionId>` (docs/results.md): the signed envelope
 * `{"headers":{"X-Voxmask-Timestamp":"<unix s>","X-Voxmask-Signature":"v1=<hex>"},"body":"<result JSON>"}`,
 * or, written by a scenario without the results secret, the bare result JSON (`headers` null).
 */
export interface DeadLetter {
  /** The signature headers as stored (names as written; values unchecked here), or null for a bare result. */
  headers: Record<string, string | string[] | undefined> | null;
  /** The result JSON exactly as signed. */
  body: string;
}

/**
 * The stored value of a dead letter: the envelope when `headers` are given (signatureHeaders), else the
 * bare `body`. The caller checks the length against KV_MAX_VALUE_LENGTH (contract/storage-limits.ts).
 */
export function formatDeadLetter(body: string, headers: SignatureHeaders | null): string {
  return headers ? JSON.stringify({ headers, body }) : body;
}

/**
 * Reads a stored dead letter: an envelope (a JSON object with an object `headers` and a string `body`)
 * gives its parts; anything else is taken as a bare body (`headers` null), to be validated as a result
 * by the reader. Never throws; the signature is checked by the backend (verifySignedDeadLetter).
 */
export function parseDeadLetter(value: string): DeadLetter {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return { headers: null, body: value };
  }
  if (typeof parsed !== 'object' || parsed === null) return { headers: null, body: value };
  const { headers, body } = parsed as { headers?: unknown; body?: unknown };
  if (typeof headers !== 'object' || headers === null || Array.isArray(headers) || typeof body !== 'string')
    return { headers: null, body: value };
  return { headers: headers as Record<string, string>, body };
}

// --- The session log as the last resort ---

/** Letters standing for the 16 nibble values: the logged dead letter holds no digit, so the log's number masking leaves it intact. */
const NIBBLE_LETTERS = 'abcdefghijklmnop';

/**
 * A text as letters only, for the session log: every UTF-8 byte as two of `a`–`p` (high nibble,
 * then low). The log masks every run of seven or more digits (contract/mask-text.ts), which would break
 * the signature's timestamp and the body; a text with no digits passes unchanged. Twice the UTF-8 length.
 */
export function toLogLetters(text: string): string {
  let out = '';
  for (const char of text) {
    for (const byte of utf8Bytes(char.codePointAt(0) as number)) out += NIBBLE_LETTERS[byte >> 4] + NIBBLE_LETTERS[byte & 15];
  }
  return out;
}

/**
 * The text toLogLetters encoded.
 * @throws Error naming the problem when `letters` is not an even-length string of `a`–`p` or not valid UTF-8
 */
export function fromLogLetters(letters: string): string {
  if (!/^(?:[a-p]{2})*$/.test(letters)) throw new Error('logged value: must be pairs of the letters a-p (toLogLetters)');
  const bytes: number[] = [];
  for (let i = 0; i < letters.length; i += 2) bytes.push(NIBBLE_LETTERS.indexOf(letters[i]) * 16 + NIBBLE_LETTERS.indexOf(letters[i + 1]));
  let out = '';
  for (let i = 0; i < bytes.length;) {
    const lead = bytes[i];
    const extra = lead < 0x80 ? 0 : lead >= 0xf0 ? 3 : lead >= 0xe0 ? 2 : lead >= 0xc0 ? 1 : -1;
    if (extra < 0 || i + extra >= bytes.length) throw new Error(`logged value: invalid UTF-8 at byte ${i}`);
    let code = extra === 0 ? lead : lead & (0x3f >> extra);
    for (let k = 1; k <= extra; k += 1) {
      const next = bytes[i + k];
      if ((next & 0xc0) !== 0x80) throw new Error(`logged value: invalid UTF-8 at byte ${i + k}`);
      code = code * 64 + (next & 0x3f);
    }
    out += String.fromCodePoint(code);
    i += extra + 1;
  }
  return out;
}

function utf8Bytes(code: number): number[] {
  if (code < 0x80) return [code];
  if (code < 0x800) return [0xc0 | (code >> 6), 0x80 | (code & 0x3f)];
  if (code < 0x10000) return [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
  return [0xf0 | (code >> 18), 0x80 | ((code >> 12) & 0x3f), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
}
