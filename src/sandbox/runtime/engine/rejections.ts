/**
 * Synchronous detection of unhandled promise rejections in scenario contexts.
 *
 * The platform ends a session on an unhandled rejection (docs/platform.md#unhandled-errors;
 * that it ends at once is inferred). Node reports unhandled rejections only on its own tick and only through process-wide events
 * (which test runners take over), so the emulator tracks them itself with V8 promise hooks while it runs:
 * - `init(child, parent)` remembers the pair. V8 reports two kinds: a reaction promise (then, catch,
 *   finally, await of a promise), which settles only after `parent` has settled, and the promise `await`
 *   makes for a plain value, whose parent is the enclosing async function's promise and which settles
 *   at once. So `parent` counts as handled when a child of it settles after `parent` itself settled.
 * - `settled(promise)`: for a promise of a tracked realm, a probe reaction created IN THAT REALM is added,
 *   so it runs in the context's own microtask queue and reports a rejection with its reason.
 * After each callback (whose microtasks have drained), `takeUnhandled` returns the rejections that still
 * have no handler: exactly the set V8/Node would report at the end of that tick. The probe also marks the
 * promise handled for V8, so Node never reports these to the process.
 */
import { promiseHooks } from 'node:v8';

/** What a realm (one session context) registers. */
export interface TrackedRealm {
  /** The context's %Promise.prototype%. */
  readonly promisePrototype: object;
  /** The context's original Promise.prototype.then (captured before scenario code could patch it). */
  readonly then: (this: unknown, onFulfilled: unknown, onRejected: unknown) => unknown;
  /** A context-realm factory: probe(promise) returns a context function that calls `report(promise, reason)`. */
  readonly probe: (promise: object) => (reason: unknown) => void;
}

interface RealmEntry extends TrackedRealm {
  rejected: { promise: object; reason: unknown }[];
}

/** One unhandled rejection: the reason the promise was rejected with. */
export interface UnhandledRejection {
  reason: unknown;
}

/** Tracks the promises of the registered realms while enabled. */
export class RejectionTracker {
  private readonly realms = new Map<object, RealmEntry>();
  private readonly handled = new WeakSet<object>();
  private readonly internal = new WeakSet<object>();
  private readonly parentOf = new WeakMap<object, object>();
  private readonly settledSet = new WeakSet<object>();
  private probing = false;
  private stopHooks: (() => void) | undefined;
  private enabledCount = 0;

  /** Starts tracking a realm (a session context); its probes report through `report`. */
  register(realm: TrackedRealm): void {
    this.realms.set(realm.promisePrototype, { ...realm, rejected: [] });
  }

  /** The callback probes call: records a rejection of a promise of a tracked realm. */
  readonly report = (promise: object, reason: unknown): void => {
    const entry = this.realms.get(Object.getPrototypeOf(promise) as object);
    if (entry) entry.rejected.push({ promise, reason });
  };

  /** Stops tracking a realm (its session ended). */
  unregister(promisePrototype: object): void {
    this.realms.delete(promisePrototype);
  }

  /** Installs the hooks (reference counted: nested enables share one installation). */
  enable(): void {
    if (this.enabledCount++ > 0) return;
    this.stopHooks = promiseHooks.createHook({ init: this.onInit.bind(this), settled: this.onSettled.bind(this) }) as () => void;
  }

  private onInit(promise: object, parent?: object): void {
    if (this.probing) this.internal.add(promise);
    else if (parent !== undefined && this.realms.has(Object.getPrototypeOf(parent) as object)) this.parentOf.set(promise, parent);
  }

  private onSettled(promise: object): void {
    if (this.internal.has(promise)) return;
    const entry = this.realms.get(Object.getPrototypeOf(promise) as object);
    if (!entry) return;
    this.settledSet.add(promise);
    const parent = this.parentOf.get(promise);
    if (parent !== undefined && this.settledSet.has(parent)) this.handled.add(parent);
    this.probing = true;
    try {
      entry.then.call(promise, undefined, entry.probe(promise));
    } finally {
      this.probing = false;
    }
  }

  /** Removes the hooks when the last enable is matched. */
  disable(): void {
    if (--this.enabledCount > 0) return;
    this.enabledCount = 0;
    this.stopHooks?.();
    this.stopHooks = undefined;
  }

  /** Clears a flag a watchdog interruption may have left set inside a hook. */
  reset(): void {
    this.probing = false;
  }

  /** Rejections of the realm that still have no handler; clears the realm's list. */
  takeUnhandled(promisePrototype: object): UnhandledRejection[] {
    const entry = this.realms.get(promisePrototype);
    if (!entry || entry.rejected.length === 0) return [];
    const out: UnhandledRejection[] = [];
    for (const r of entry.rejected) if (!this.handled.has(r.promise)) out.push({ reason: r.reason });
    entry.rejected = [];
    return out;
  }
}
