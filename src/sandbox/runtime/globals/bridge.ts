/**
 * The contract between the host side and the context-side facade (globals/facade.context.ts). Every
 * function handed to the facade is already guarded (globals/guard.ts): it takes raw context values,
 * returns context values and throws context errors.
 */
import type { Intrinsics } from './realm';

/** A host function exposed synchronously; `this` is the scenario's receiver. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HostFn = (this: unknown, ...args: any[]) => unknown;

/**
 * A host function exposed as a promise-returning API: called with the scenario's arguments and the
 * settle functions of the context promise it returns. It must settle them from a scheduled task through
 * `Session.invoke`, never inline; it may throw synchronously to make the call itself throw.
 */
export type AsyncHostFn = (args: unknown[], resolve: (value: unknown) => void, reject: (error: unknown) => void) => void;

/** One namespace object (e.g. VoxEngine, Net, ApplicationStorage) as host modules describe it. */
export interface NamespaceDesc {
  /** Name used in "<label>.<member> is not emulated". */
  label: string;
  sync?: Record<string, HostFn>;
  async?: Record<string, AsyncHostFn>;
  unemulated?: readonly string[];
}

/** A namespace as the facade receives it: guarded members plus the names that are not emulated. */
export interface GuardedNamespace {
  label: string;
  /** Whether `name` is a member. */
  has(name: string): boolean;
  /** The guarded member (built on first request). */
  member(name: string): HostFn;
  /** Names that throw "<label>.<name> is not emulated" when read. */
  unemulated: ReadonlySet<string>;
}

/** What the facade builds a global from (globals/install.ts decides per name). */
export type GlobalItem =
  | { kind: 'namespace'; ns: GuardedNamespace }
  | { kind: 'function'; fn: HostFn }
  | { kind: 'value'; value: unknown }
  | { kind: 'localTime'; fn: HostFn }
  | { kind: 'date' }
  | { kind: 'call' }
  | { kind: 'dispatch' }
  /** `fn(moduleName)` returns the module's namespaces; `define(name, value)` adds each as a global. */
  | { kind: 'require'; fn: HostFn; define: (name: string, value: unknown) => void };

/** A queued callback for the dispatch trampoline. */
export interface DispatchSlot {
  fn: (...args: unknown[]) => unknown;
  args: unknown[];
  /** Set by the trampoline to what the callback returned (an AppEvents.HttpRequest answer is one). */
  result: unknown;
  /**
   * When set and the callback returns a Promise of the context, the trampoline adds a reaction to it, in
   * the context, that reports its outcome through HostBridge.settled (an async HttpRequest listener).
   */
  awaitResult: boolean;
}

/** Everything the facade reads from the host when it is installed in one session's context. */
export interface HostBridge {
  now(): number;
  takeSlot(): DispatchSlot;
  reportRejection(promise: object, reason: unknown): void;
  /** How a Promise a callback returned (DispatchSlot.awaitResult) settled: fulfilled (`ok`) with `value`, or rejected with it. */
  settled(promise: object, ok: boolean, value: unknown): void;
  /** Runs Call method `name` for the Call object `call` (calls/methods.ts); guarded. */
  callMethod(call: unknown, name: string, args: ArrayLike<unknown>): unknown;
  /** The Call methods the facade defines on Call.prototype (calls/methods.ts). */
  callMethodNames: Iterable<string>;
  /** Call method names that throw "Call.<name> is not emulated" when read. */
  callUnemulated: ReadonlySet<string>;
}

/** What the facade script evaluates to. */
export interface FacadeModule {
  intrinsics: Intrinsics;
  install(host: HostBridge): FacadeInstalled;
}

/** What `install` returns. */
export interface FacadeInstalled {
  /** A new, empty Call object of the context (the host maps it to its call leg). */
  makeCall(): object;
  /** A context-realm probe for the rejection tracker. */
  probe(promise: object): (reason: unknown) => void;
  /** The context's original Promise.prototype.then. */
  then: (this: unknown, onFulfilled: unknown, onRejected: unknown) => unknown;
  /** Builds a global's value in the context. */
  build(item: GlobalItem): unknown;
  /**
   * Cuts every path from the context to host functions (the session ended): a context function that
   * would call the host throws instead. Nothing of the session runs in the context afterwards.
   */
  detach(): void;
}
