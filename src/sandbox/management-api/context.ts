import { ApplicationRecord, RuleRecord } from '../state/model';
import { SandboxState } from '../state/sandbox-state';
import { Params } from './params';

/** Starts JS sessions on the runtime emulator on behalf of StartScenarios. */
export interface SessionStarter {
  /**
   * Starts one session running `rule`'s scenarios (bound order) under `application`, with
   * `VoxEngine.customData()` = `customData`. Returns the session's `call_session_history_id`.
   */
  startScenarios(application: ApplicationRecord, rule: RuleRecord, customData: string): number;
}

/** What a method handler gets: the request's parameters and the sandbox it acts on. */
export interface MethodContext {
  params: Params;
  state: SandboxState;
  /** Real time, epoch ms (for `modified` stamps and purchase dates). */
  wallNow(): number;
  sessions: SessionStarter;
  /** `host:port` the API is served on (for URLs it hands out). */
  host: string;
}

/** A success body without `error`: `{result, ...}`. */
export type MethodResult = Record<string, unknown>;

/**
 * One Management API method. Whether its answer waits until the change is committed to disk follows
 * from its name (`isWriteMethod` in src/platform/methods.ts: Add*, Set*, Del*, Bind*, Reorder*, Attach*).
 */
export interface MethodSpec {
  handle(ctx: MethodContext): MethodResult | Promise<MethodResult>;
  /** It changes ApplicationStorage only (the store writes its rows itself), never a record: no record save after it. */
  storageOnly?: boolean;
}

/** Methods by their `cmd` name. */
export type MethodTable = Record<string, MethodSpec>;
