/**
 * The 1 s per-callback limit (docs/platform.md#scenario-limits), enforced cheaply.
 *
 * `vm`'s `timeout` option starts a watchdog thread per call (~120-200 µs each, measured in
 * bench/runtime.bench.ts), which would dominate a simulated call made of dozens of callbacks. Instead the
 * emulator runs a whole slice of its scheduler inside ONE timed `runInContext` whose budget is
 * CALLBACK_LIMIT_MS + SLICE_MS, and starts new callbacks only during the first SLICE_MS of the slice. Any
 * callback therefore gets at least CALLBACK_LIMIT_MS of wall time, and one that runs away is stopped after
 * at most CALLBACK_LIMIT_MS + SLICE_MS. When the watchdog fires, the callback running at that moment (the
 * caller tracks it) is the culprit. Scenario contexts use `microtaskMode: 'afterEvaluate'`, so their
 * promise jobs run inside the same timed region.
 */
import * as vm from 'node:vm';
import { CALLBACK_LIMIT_MS } from '../constants';

/** Wall-clock length of a scheduler slice, ms: callbacks start only within it. */
export const SLICE_MS = 10;

const WATCHDOG_SCRIPT = new vm.Script('__voxmaskSlice()', { filename: 'voxmask-watchdog.js' });
let watchdogContext: vm.Context | undefined;
let sliceBody: (() => void) | undefined;

/** Result of one watched slice. */
export interface WatchedResult {
  /** True when the slice was stopped by the watchdog: a callback exceeded the limit. */
  timedOut: boolean;
}

/**
 * Runs `body` (host code that dispatches scenario callbacks) under the watchdog. `body` must stop starting
 * callbacks once SLICE_MS of wall time have passed. Errors thrown by `body` propagate unchanged.
 */
export function runWatched(body: () => void): WatchedResult {
  if (!watchdogContext) {
    watchdogContext = vm.createContext({ __voxmaskSlice: () => sliceBody?.() });
  }
  sliceBody = body;
  try {
    WATCHDOG_SCRIPT.runInContext(watchdogContext, { timeout: CALLBACK_LIMIT_MS + SLICE_MS });
    return { timedOut: false };
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return { timedOut: true };
    throw error;
  } finally {
    sliceBody = undefined;
  }
}
