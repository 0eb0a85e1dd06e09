/**
 * Creates a session's node:vm context and installs the VoxEngine globals into it (voxengine-runtime.md
 * §1.3, §7): one context per session, `microtaskMode: 'afterEvaluate'` so a callback's promise jobs run
 * right after it (and inside the watchdog), and globals built by the context-side facade from the host
 * bridge below.
 */
import * as vm from 'node:vm';
import { CALL_METHOD_NAMES, CALL_METHODS, CALL_UNEMULATED_NAMES } from '../calls/methods';
import { VOICE_KEY } from '../calls/playback';
import type { Session } from '../session/session';
import type { FacadeApi, HostBridge, NamespaceDesc } from './bridge';
import { GLOBAL_ENUMS, MODULE_MEMBER_BY_VALUE, MODULES } from './enums';
import { facadeScript } from './facade-source';
import { consoleNamespace, loggerNamespace } from './logger';
import { HttpClient, netNamespace } from './net';
import { GLOBALS_NOT_EMULATED } from './not-emulated';
import { storageNamespace } from './storage';
import { TimerTable } from './timers';
import { cryptoNamespace, getLocalTime, utilityFunctions } from './utilities';
import { LANGUAGE_TREE, VOICE_LIST } from './voices';
import { voxEngineNamespace } from './voxengine';

/** What installGlobals gives back to the session. */
export interface InstalledGlobals {
  context: vm.Context;
  facade: FacadeApi;
  timers: TimerTable;
  http: HttpClient;
}

/** Modules whose globals the emulator provides, by module name (value of Modules.X). */
const MODULE_GLOBALS: Record<string, (session: Session) => Record<string, NamespaceDesc>> = {
  [MODULES.ApplicationStorage]: (session) => ({ ApplicationStorage: storageNamespace(session) }),
};

function requireModule(session: Session, moduleName: unknown): Record<string, NamespaceDesc> | undefined {
  if (typeof moduleName !== 'string') throw new TypeError(`require: expected a Modules member such as Modules.ApplicationStorage, got ${String(moduleName)}`);
  const install = MODULE_GLOBALS[moduleName];
  session.trace('api', { name: 'require', args: moduleName });
  if (install) return install(session);
  const member = MODULE_MEMBER_BY_VALUE.get(moduleName);
  if (member) throw new Error(`Modules.${member} is not emulated`);
  throw new TypeError(`require: unknown module ${JSON.stringify(moduleName)}`);
}

/** Creates the context of `session` and its globals. */
export function installGlobals(session: Session): InstalledGlobals {
  const context = vm.createContext({}, { microtaskMode: 'afterEvaluate', name: `voxengine session ${session.id}` });
  const timers = new TimerTable(session);
  const http = new HttpClient(session);
  const bridge: HostBridge = {
    now: () => session.now(),
    takeSlot: () => session.takeSlot(),
    reportRejection: session.services.tracker.report,
    callMethod: (call, name, args) => {
      const leg = call !== null && typeof call === 'object' ? session.legsByFacade.get(call) : undefined;
      if (!leg) throw new TypeError(`Call.${name}: called on something that is not a Call`);
      return CALL_METHODS[name](leg, args);
    },
    callMethodNames: CALL_METHOD_NAMES,
    callUnemulated: CALL_UNEMULATED_NAMES,
    voiceKey: VOICE_KEY,
    namespaces: {
      VoxEngine: voxEngineNamespace(session),
      Net: netNamespace(session, http),
      Logger: loggerNamespace(session),
      console: consoleNamespace(session),
      Crypto: cryptoNamespace(),
    },
    functions: { ...timers.functions(), ...utilityFunctions(session) },
    getLocalTime: getLocalTime(session),
    enums: GLOBAL_ENUMS,
    notEmulatedGlobals: GLOBALS_NOT_EMULATED,
    voiceList: VOICE_LIST,
    language: LANGUAGE_TREE,
    require: (moduleName) => requireModule(session, moduleName),
  };
  const install = facadeScript().runInContext(context) as (host: HostBridge) => FacadeApi;
  const facade = install(bridge);
  return { context, facade, timers, http };
}
