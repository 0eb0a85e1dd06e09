/**
 * Keeps the most recently finished session of the process referenced until the next session finishes.
 *
 * Why (measured, docs/runtime.md "Performance"): when the last session of an emulator is collected, V8
 * drops the hidden classes that only its objects (session, call legs, listeners, timers, context) still
 * used, and throws away the optimized host code that depends on them (`--trace-deopt` shows
 * "reason: weak objects" for TaskHeap.push, CallLeg.emit, Session.trace, ...). The next emulator in the
 * process then runs that code cold and recompiles it: about 30 TurboFan jobs per emulator. Holding one
 * finished session keeps those classes alive; in the runtime benchmark (a new emulator per round, as
 * in a test suite) that is about 15–20 % less CPU per simulated call.
 *
 * Cost: one finished session, its node:vm context and, through its services, its emulator stay in
 * memory until another session finishes (or forever if none does). Nothing else is retained.
 */

let anchored: object | undefined;

/** Holds `session` (a finished session) in place of the one held before. */
export function anchorFinishedSession(session: object): void {
  anchored = session;
}

/** The session held now (undefined before any session finished); for tests and diagnostics. */
export function anchoredSession(): object | undefined {
  return anchored;
}
