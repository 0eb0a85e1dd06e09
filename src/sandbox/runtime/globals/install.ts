/**
 * Creates a session's node:vm context and its VoxEngine globals (docs/platform.md#globals, docs/platform.md#emulator-notes).
 *
 * - One context per session, with `microtaskMode: 'afterEvaluate'`, so a callback's promise jobs run
 *   right after it (and inside the watchdog).
 * - Every global is an accessor on the sandbox's prototype, shared by all sessions (mutating a
 *   contextified sandbox is slow; this way a session defines nothing up front). Each accessor builds its
 *   global on first lookup through the context-side facade and caches it per session. Assigning a
 *   global from scenario code replaces the cached value.
 * - Module globals (ApplicationStorage) appear only after `require(Modules.X)` (docs/platform.md#globals (inferred)).
 */
import * as vm from 'node:vm';
import { CALL_METHOD_NAMES, CALL_METHODS, CALL_UNEMULATED_NAMES, legOf } from '../calls/methods';
import type { Session } from '../session/session';
import type { FacadeInstalled, FacadeModule, GlobalItem, GuardedNamespace, HostBridge, HostFn, NamespaceDesc } from './bridge';
import { GLOBAL_ENUMS, MODULE_MEMBER_BY_VALUE, MODULES } from './enums';
import { contextFacade } from './facade.context';
import { guardErrors, guardNamespace, guardSync } from './guard';
import { consoleNamespace, loggerNamespace } from './logger';
import { HttpClient, netNamespace } from './net';
import { GLOBALS_NOT_EMULATED, notEmulatedNamespace } from './not-emulated';
import { ContextRealm } from './realm';
import { storageNamespace } from './storage';
import { TimerTable } from './timers';
import { cryptoNamespace, getLocalTime, UTILITY_NAMES, utilityFunctions } from './utilities';
import { voiceNamespace, type VoiceMiss } from './voice-namespace';
import { DEFAULT_VOICE_ID, LANGUAGE_TREE, VOICE_LIST } from './voices';
import { voxEngineNamespace } from './voxengine';

/** What installGlobals gives back to the session. */
export interface InstalledGlobals {
  context: vm.Context;
  realm: ContextRealm;
  facade: FacadeInstalled;
  timers: TimerTable;
  http: HttpClient;
  /**
   * Called once the session has ended: the context keeps no path to the session's host objects (its
   * globals' state and every host function are cut off), so they die in the next scavenge rather than
   * at the next full GC. Why: V8's scavenger treats a dead context as alive until a full GC finds it
   * dead, and copies everything the context reaches (docs/runtime.md "Performance").
   */
  release(): void;
}

/** Per-session state behind the shared accessors. */
interface SessionGlobals {
  session: Session;
  sandbox: object;
  realm: ContextRealm;
  timers: TimerTable;
  http: HttpClient;
  facade: FacadeInstalled;
  values: Map<string, unknown>;
  functions: Record<string, HostFn> | undefined;
  /** The last Modules member read that does not exist (modulesGlobal), until require() takes it. */
  missingModule: string | undefined;
}

type Builder = (g: SessionGlobals) => GlobalItem;

const namespace =
  (make: (g: SessionGlobals) => NamespaceDesc): Builder =>
  (g) => ({ kind: 'namespace', ns: guardNamespace(g.realm, make(g)) });

function functionsOf(g: SessionGlobals): Record<string, HostFn> {
  if (!g.functions) {
    g.functions = {};
    for (const [name, fn] of Object.entries({ ...g.timers.functions(), ...utilityFunctions(g.session) }))
      g.functions[name] = guardSync(g.realm, fn);
  }
  return g.functions;
}

/** Modules whose globals the emulator provides, by module name (value of Modules.X). */
const MODULE_GLOBALS: Record<string, (g: SessionGlobals) => Record<string, GuardedNamespace>> = {
  [MODULES.ApplicationStorage]: (g) => ({ ApplicationStorage: guardNamespace(g.realm, storageNamespace(g.session)) }),
};

function requireModule(g: SessionGlobals, moduleName: unknown): Record<string, GuardedNamespace> | undefined {
  const missing = g.missingModule;
  g.missingModule = undefined;
  if (moduleName === undefined && missing !== undefined) {
    throw new TypeError(
      `require: Modules.${missing} is not a member of Modules in the VoxEngine typings (v28) the emulator follows, so require() got undefined; its members are ${Object.keys(MODULES).join(', ')}`,
    );
  }
  if (typeof moduleName !== 'string')
    throw new TypeError(`require: expected a Modules member such as Modules.ApplicationStorage, got ${String(moduleName)}`);
  g.session.trace('api', { name: 'require', args: moduleName });
  const install = MODULE_GLOBALS[moduleName];
  if (install) return install(g);
  const member = MODULE_MEMBER_BY_VALUE.get(moduleName);
  if (member) throw new Error(`Modules.${member} is not emulated`);
  throw new TypeError(`require: unknown module ${JSON.stringify(moduleName)}`);
}

/** Property reads that are not member lookups (logging, awaiting): never taken for a missing module. */
const NOT_A_MEMBER = new Set(['then', 'toJSON', 'constructor', 'toString', 'valueOf', 'inspect']);

/**
 * Modules as the scenario sees it: the shared frozen enum behind a proxy that remembers the last member
 * read that does not exist, so that `require(Modules.Player)` (undefined) can name Modules.Player.
 */
function modulesGlobal(g: SessionGlobals): object {
  return new Proxy(SHARED_ENUMS.Modules, {
    get(target, prop, receiver) {
      if (typeof prop === 'string' && !(prop in target) && !NOT_A_MEMBER.has(prop)) g.missingModule = prop;
      return Reflect.get(target, prop, receiver) as unknown;
    },
  });
}

/** A session's warning for a voice the emulator lacks (it reads as undefined; say() then uses the default voice). */
function voiceMiss(session: Session): VoiceMiss {
  return (name, partial) =>
    session.warn(
      `voice:${name}`,
      `${name} is ${partial ? `not among the emulated voices (${partial})` : 'not a voice or provider of the VoxEngine typings (misspelled?)'}; it reads as undefined here, so say() with it uses the default voice ${DEFAULT_VOICE_ID}`,
    );
}

/** Adds a module's global once (the one place a contextified sandbox is mutated). */
function defineModuleGlobal(g: SessionGlobals, name: string, value: unknown): void {
  if (Object.prototype.hasOwnProperty.call(g.sandbox, name)) return;
  Object.defineProperty(g.sandbox, name, { value, writable: true, configurable: true, enumerable: false });
}

/**
 * The enum objects (AppEvents, CallEvents, ...): frozen and without a prototype, so one object can serve
 * every session (nothing in it can be changed, and it leads to no realm).
 */
const SHARED_ENUMS: Record<string, object> = Object.fromEntries(
  Object.entries(GLOBAL_ENUMS).map(([name, values]) => [name, Object.freeze(Object.assign(Object.create(null) as object, values))]),
);

/** Every global, by name: how to build it. */
const GLOBAL_BUILDERS: Record<string, Builder> = {
  VoxEngine: namespace(({ session }) => voxEngineNamespace(session)),
  Net: namespace(({ session, http }) => netNamespace(session, http)),
  Logger: namespace(({ session }) => loggerNamespace(session)),
  console: namespace(({ session }) => consoleNamespace(session)),
  Crypto: namespace(() => cryptoNamespace()),
  ...Object.fromEntries(
    ['setTimeout', 'setInterval', 'clearTimeout', 'clearInterval', ...UTILITY_NAMES].map((n) => [
      n,
      (g: SessionGlobals): GlobalItem => ({ kind: 'function', fn: functionsOf(g)[n] }),
    ]),
  ),
  ...Object.fromEntries(Object.keys(GLOBAL_ENUMS).map((n) => [n, (): GlobalItem => ({ kind: 'value', value: SHARED_ENUMS[n] })])),
  ...Object.fromEntries(
    GLOBALS_NOT_EMULATED.map((n) => [
      n,
      ({ realm }: SessionGlobals): GlobalItem => ({ kind: 'value', value: notEmulatedNamespace(realm, n) }),
    ]),
  ),
  VoiceList: ({ session, realm }) => ({
    kind: 'value',
    value: voiceNamespace(realm, '', { children: VOICE_LIST }, 'VoiceList', voiceMiss(session)),
  }),
  Language: ({ session, realm }) => ({
    kind: 'value',
    value: voiceNamespace(realm, 'Language', LANGUAGE_TREE, 'Language', voiceMiss(session)),
  }),
  Modules: (g) => ({ kind: 'value', value: modulesGlobal(g) }),
  getLocalTime: ({ session, realm }) => ({ kind: 'localTime', fn: guardSync(realm, getLocalTime(session)) }),
  JSession: (g) => ({ kind: 'value', value: g.realm.frozen({ close: (globalValue(g, 'VoxEngine') as { terminate: unknown }).terminate }) }),
  Date: () => ({ kind: 'date' }),
  Call: () => ({ kind: 'call' }),
  __voxmaskDispatch: () => ({ kind: 'dispatch' }),
  require: (g) => ({
    kind: 'require',
    fn: guardErrors(g.realm, (moduleName: unknown) => requireModule(g, moduleName)),
    define: (name, value) => defineModuleGlobal(g, name, value),
  }),
};

const STATE = new WeakMap<object, SessionGlobals>();

let compiledFacade: vm.Script | undefined;

/**
 * The script run first in every session context: the source text of `contextFacade`, called there, so
 * it evaluates to the context's FacadeModule. Compiled once per process.
 */
function facadeScript(): vm.Script {
  compiledFacade ??= new vm.Script(`(${contextFacade.toString()})()`, { filename: 'voxengine-globals.js' });
  return compiledFacade;
}

function globalValue(g: SessionGlobals, name: string): unknown {
  if (g.values.has(name)) return g.values.get(name);
  const value = g.facade.build(GLOBAL_BUILDERS[name](g));
  g.values.set(name, value);
  return value;
}

/**
 * One accessor per global, shared by all sessions (`this` is the sandbox). They live on the prototype
 * of every sandbox: the vm interceptor looks globals up on the sandbox and its prototype chain, so a
 * session pays nothing per global until it uses one. Null-prototyped, so no host Object.prototype
 * member leaks in as a global.
 */
const ACCESSORS: PropertyDescriptorMap = Object.fromEntries(
  Object.keys(GLOBAL_BUILDERS).map((name) => [
    name,
    {
      configurable: true,
      enumerable: false,
      get(this: object) {
        const g = STATE.get(this);
        return g ? globalValue(g, name) : undefined;
      },
      set(this: object, value: unknown) {
        STATE.get(this)?.values.set(name, value);
      },
    },
  ]),
);
/**
 * Globals the context already owns as builtins (Date, console) must shadow them on the sandbox itself,
 * and only after the facade has captured the real builtins.
 */
const SHADOWING = ['Date', 'console'];
const GLOBALS_PROTOTYPE: object = Object.create(
  null,
  Object.fromEntries(Object.entries(ACCESSORS).filter(([name]) => !SHADOWING.includes(name))),
);
const SHADOW_ACCESSORS: PropertyDescriptorMap = Object.fromEntries(SHADOWING.map((name) => [name, ACCESSORS[name]]));

/** Creates the context of `session` and its globals. */
export function installGlobals(session: Session): InstalledGlobals {
  const sandbox = Object.create(GLOBALS_PROTOTYPE) as object;
  const context = vm.createContext(sandbox, { microtaskMode: 'afterEvaluate', name: `voxengine session ${session.id}` });
  const facadeModule = facadeScript().runInContext(context) as FacadeModule;
  const realm = new ContextRealm(facadeModule.intrinsics);
  const guard = (fn: HostFn) => guardSync(realm, fn);
  const bridge: HostBridge = {
    now: () => session.now(),
    takeSlot: () => session.takeSlot(),
    reportRejection: session.services.tracker.report,
    settled: (promise: object, ok: boolean, value: unknown) => session.promiseSettled(promise, ok, value),
    callMethod: guard((call: unknown, name: string, args: ArrayLike<unknown>) =>
      CALL_METHODS[name](legOf(session.legsByFacade, `Call.${name}`, call), args),
    ),
    callMethodNames: CALL_METHOD_NAMES,
    callUnemulated: CALL_UNEMULATED_NAMES,
  };
  const installed = facadeModule.install(bridge);
  const state: SessionGlobals = {
    session,
    sandbox,
    realm,
    timers: new TimerTable(session),
    http: new HttpClient(session),
    facade: installed,
    values: new Map(),
    functions: undefined,
    missingModule: undefined,
  };
  STATE.set(sandbox, state);
  Object.defineProperties(sandbox, SHADOW_ACCESSORS);
  const release = (): void => {
    STATE.delete(sandbox);
    installed.detach();
  };
  return { context, realm, facade: installed, timers: state.timers, http: state.http, release };
}
