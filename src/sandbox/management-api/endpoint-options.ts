/**
 * What the token-checked endpoints of the local Management API (api-endpoint.ts, admin-endpoints.ts)
 * share from the server (server.ts): the sandbox, the injected faults, the account's key and clock for
 * the token, and the time a request body may take.
 */
import type { SandboxState } from '../state/sandbox-state';
import type { AuthAccount } from './auth';
import type { FaultInjector } from './faults';

/** Settings every token-checked endpoint gets. */
export interface EndpointOptions {
  /** The sandbox's state; answers to write methods wait for `state.durable()`. */
  state: SandboxState;
  faults: FaultInjector;
  /** The account whose JWTs are accepted. */
  auth: AuthAccount;
  /** Real clock for JWT checks and `modified` stamps, epoch ms. */
  wallNow: () => number;
  /** Time a whole request body may take to arrive, ms. */
  bodyTimeoutMs: number;
}
