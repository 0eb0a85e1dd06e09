import { ApplicationRecord, RuleRecord } from '../state/model';
import { SandboxState } from '../state/sandbox-state';
import { ApiCode, ApiError } from './errors';
import { Params } from './params';

/** A session StartScenarios started: its history id and the URLs that reach it (docs/platform.md#start-scenarios). */
export interface StartedSession {
  historyId: number;
  accessUrl: string;
  accessSecureUrl: string;
  checkUrl: string;
}

/** Starts JS sessions on the runtime emulator on behalf of StartScenarios. */
export interface SessionStarter {
  /**
   * Starts one session running `rule`'s scenarios (bound order) under `application`, with
   * `VoxEngine.customData()` = `customData`. Returns its `call_session_history_id` and access URLs.
   */
  startScenarios(application: ApplicationRecord, rule: RuleRecord, customData: string): StartedSession;
}

/** For a server that runs no sessions (benches): StartScenarios answers 501. */
export const NO_SESSIONS: SessionStarter = {
  startScenarios: () => {
    throw new ApiError(ApiCode.UNKNOWN_COMMAND, 'This server runs no sessions', 501);
  },
};

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
