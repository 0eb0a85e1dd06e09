/**
 * The VoxEngine runtime emulator: public API (contract: docs/runtime-api.md; manual: docs/runtime.md).
 */
export type {
  ApplicationContext,
  EmulatorOptions,
  FarEndBehaviour,
  FaultSpec,
  FinishReason,
  HeardItem,
  HttpFault,
  HttpRequestInfo,
  HttpResponseSpec,
  HttpTarget,
  InboundCallSpec,
  PartyAction,
  ScenarioSource,
  SessionCallRecord,
  SessionHandle,
  SessionHttpAnswer,
  SessionHttpRequest,
  SessionLinks,
  SessionRecord,
  SessionRecordingRecord,
  StorageFault,
  Trace,
  TraceRecord,
} from './types';
export { VoxEngineEmulator } from './emulator';
export type { StartOptions } from './emulator';
export { runCallScript } from './call-script';
export { CallScriptError, EmulatorUsageError } from './errors';
