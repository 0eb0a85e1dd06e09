/**
 * Keeps the most recently finished session of the process referenced until the next session finishes,
 * and cuts the context of the one it held before off from its host objects.
 *
 * Why (measured, docs/runtime.md "Performance"):
 * - When the last session of an emulator is collected, V8 drops the hidden classes that only its objects
 *   (session, call legs, listeners, timers, context) still used, and throws away the optimized host code
 *   that depends on them (`--trace-deopt` shows "reason: weak objects" for TaskHeap.push, CallLeg.emit,
 *   Session.trace, ...).
 * - V8 keeps a function's optimized code only while some closure using it is alive. The host closures a
 *   session creates (its guarded globals, the facade bridge) die with it, so without a live one the next
 *   sessions recompile them: `--trace-opt` showed about 25 TurboFan jobs per 200 benchmark calls, 44–295 ms
 *   of helper-thread CPU.
 * Holding one finished session, its context still wired to its host closures, keeps both alive.
 *
 * The session held before is released (`Session.releaseContext`): its dead context no longer reaches
 * its host objects, which the scavenger would otherwise copy until a full GC collects the context.
 *
 * Cost: one finished session, its node:vm context and, through its services, its emulator stay in
 * memory until another session finishes (or forever if none does). Nothing else is retained.
 */

/** What the anchor needs of a session. */
interface Releasable {
  releaseContext(): void;
}

let anchored: Releasable | undefined;

/** Holds `session` (a finished session) in place of the one held before, which is released. */
export function anchorFinishedSession(session: Releasable): void {
  const previous = anchored;
  anchored = session;
  previous?.releaseContext();
}

/** The session held now (undefined before any session finished); for tests and diagnostics. */
export function anchoredSession(): object | undefined {
  return anchored;
}
