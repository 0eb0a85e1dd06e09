/**
 * The contract between the host side and the context-side facade (globals/facade-source.ts).
 * Host functions receive raw context values as arguments and may return host data (copied into the
 * context by the facade) or context objects (passed through).
 */
import type { VoiceTree } from './voices';

/** A host function exposed synchronously; `this` is the scenario's receiver. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type HostFn = (this: unknown, ...args: any[]) => unknown;

/**
 * A host function exposed as a promise-returning API: called with the scenario's arguments (array-like)
 * and the context promise's settle functions. It must settle them from a scheduled task through
 * `SessionScope.invoke`, never inline; it may throw synchronously to make the call itself throw.
 */
export type AsyncHostFn = (args: ArrayLike<unknown>, resolve: (value: unknown) => void, reject: (error: unknown) => void) => void;

/** One namespace object (e.g. VoxEngine, Net, ApplicationStorage) as the facade builds it. */
export interface NamespaceDesc {
  /** Name used in "<label>.<member> is not emulated". */
  label: string;
  sync?: Record<string, HostFn>;
  async?: Record<string, AsyncHostFn>;
  values?: Record<string, unknown>;
  unemulated?: readonly string[];
  frozen?: boolean;
}

/** A queued callback for the dispatch trampoline. */
export interface DispatchSlot {
  fn: (...args: unknown[]) => unknown;
  args: unknown[];
}

/** Everything the facade reads from the host when it installs the globals of one session. */
export interface HostBridge {
  now(): number;
  takeSlot(): DispatchSlot;
  reportRejection(promise: object, reason: unknown): void;
  callMethod(call: unknown, name: string, args: ArrayLike<unknown>): unknown;
  callMethodNames: readonly string[];
  callUnemulated: readonly string[];
  voiceKey: symbol;
  namespaces: Record<string, NamespaceDesc>;
  functions: Record<string, HostFn>;
  /** getLocalTime(tz, date?) → epoch ms whose UTC fields read the local time; the facade makes it a Date. */
  getLocalTime: HostFn;
  enums: Record<string, Readonly<Record<string, string | number>>>;
  notEmulatedGlobals: readonly string[];
  voiceList: Record<string, VoiceTree | null>;
  language: VoiceTree;
  /** Returns the globals a module adds, or throws for a module that is not emulated. */
  require(moduleName: unknown): Record<string, NamespaceDesc> | undefined;
}

/** What the facade returns to the host. */
export interface FacadeApi {
  /** A new, empty context-realm Call object (the host maps it to its call leg). */
  makeCall(): object;
  /** Copies host data into a context-realm object (used for event objects). */
  makeEvent(fields: Record<string, unknown>): object;
  /** A context-realm probe for the rejection tracker. */
  probe(promise: object): (reason: unknown) => void;
  promisePrototype: object;
  then: (this: unknown, onFulfilled: unknown, onRejected: unknown) => unknown;
}
