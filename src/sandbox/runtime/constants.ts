/**
 * Platform limits and emulator timings. Each limit cites its section of docs/platform.md;
 * timings marked (inferred) are emulator choices (docs/runtime.md lists them).
 */

/** Wall-clock CPU time one callback may use, ms (docs/platform.md#scenario-limits). */
export const CALLBACK_LIMIT_MS = 1000;
/** Largest scenario source, characters (docs/platform.md#scenario-limits): one rule for the runtime and the build. */
export { MAX_SCENARIO_CHARS } from '../../../contract/scenario-limits';
/** Active timers per session (docs/platform.md#timers). */
export const MAX_TIMERS = 100;
/** setInterval floor, ms (docs/platform.md#timers). */
export const MIN_INTERVAL_MS = 100;
/** Longest Logger.write message, characters (docs/platform.md#logs). */
export const MAX_LOG_CHARS = 15_000;
/** Longest say() text, characters (docs/platform.md#call-playback). */
export const MAX_SAY_CHARS = 1500;
/** Largest VoxEngine.customData / call.customData, UTF-8 bytes (docs/platform.md#custom-data). */
export const MAX_CUSTOM_DATA_BYTES = 200;
/** Call attempts per session (docs/platform.md#session-limits). */
export const MAX_CALL_ATTEMPTS = 50;
/** Unanswered (progressing) outbound calls at a time (docs/platform.md#session-limits). */
export const MAX_PROGRESSING_CALLS = 10;
/** A session with no calls ends after this long, ms (docs/platform.md#session-idle-end). */
export const IDLE_SESSION_MS = 60_000;
/** No-answer limit for outbound calls (Failed 408) and unanswered inbound calls, ms (docs/platform.md#session-limits). */
export const NO_ANSWER_MS = 60_000;
/** HTTP requests running at once per session (docs/platform.md#net-limits). */
export const HTTP_MAX_ACTIVE = 3;
/** HTTP requests active plus queued per session; one more throws (docs/platform.md#net-limits). */
export const HTTP_MAX_TOTAL = 35;
/** Net total timeout default and cap, s (docs/platform.md#net-limits). */
export const HTTP_DEFAULT_TIMEOUT_S = 90;
/** Net connect timeout default and cap, s (docs/platform.md#net-limits). */
export const HTTP_DEFAULT_CONNECT_TIMEOUT_S = 6;
/** Largest HTTP response body, bytes (docs/platform.md#net-limits); more gives code -9. */
export const HTTP_MAX_RESPONSE_BYTES = 2 * 1024 * 1024;
/** How long termination waits for active HTTP requests, ms (docs/platform.md#net-limits, docs/platform.md#terminate). */
export const HTTP_DRAIN_ON_TERMINATE_MS = 90_000;
/** The thrown text when the HTTP limit is exceeded (docs/platform.md#net-limits). */
export const HTTP_LIMIT_MESSAGE = 'Exceeded the HTTP connection count limit!';

/** (inferred) Virtual latency of an HTTP handler's answer when it gives no delayMs, ms (docs/runtime-api.md). */
export const HTTP_DEFAULT_LATENCY_MS = 50;
/** (inferred) Virtual time until a refused connection is reported (-4), ms. */
export const HTTP_REFUSED_AFTER_MS = 20;
/** (inferred) Virtual latency of an ApplicationStorage operation, ms. */
export const STORAGE_LATENCY_MS = 5;
/** (inferred) Virtual delay of a 'slow' storage fault without delayMs, ms. */
export const STORAGE_SLOW_DEFAULT_MS = 5000;
/** (inferred) TTS duration: per character of text, ms. */
export const TTS_MS_PER_CHAR = 70;
/** (inferred) TTS duration: fixed part, ms. */
export const TTS_BASE_MS = 300;
/** (inferred) Duration of a non-looping startPlayback() URL, ms (the emulator does not download the file). */
export const URL_PLAYBACK_MS = 5000;
/** (inferred) Delay from callPSTN to Ringing when the far end rings, ms. */
export const RINGING_AFTER_MS = 500;
/** (inferred) Default gap between DTMF digits a party presses, ms (docs/runtime-api.md). */
export const DTMF_GAP_MS = 300;
/** (inferred) Default wait of a waitUntilHeard action, s (docs/runtime-api.md). */
export const WAIT_UNTIL_HEARD_DEFAULT_S = 60;
/** Default emulator start time (docs/runtime-api.md). */
export const DEFAULT_START_TIME = '2026-01-01T00:00:00Z';
/** Default bound of runUntilIdle, s (docs/runtime-api.md). */
export const DEFAULT_MAX_VIRTUAL_S = 3 * 3600;
