/**
 * voxmask as a library for a delivery backend (`import … from 'voxmask'`): open a Management API
 * connection, manage order sessions in ApplicationStorage (PIN orders, pool sessions), place
 * click-to-call calls, and verify the signed call results the scenario POSTs. The sandbox, deploy and the CLI are tools, not part of this surface.
 */
export { connectPlatform } from './platform/client';
export type { PlatformApi } from './platform/api';
export { CredentialsError, PlatformApiError, PlatformTransportError } from './platform/errors';
export {
  openOrderStore,
  openConfiguredOrderStore,
  openApplicationStorage,
  OrderStore,
  OrderInputError,
  OrderUpdateRefusedError,
  SeedFileError,
  readSeedFile,
  loadSeedFile,
  seedRows,
} from './backend/orders';
export type {
  OrderInput,
  OrderPartyInput,
  ActiveOrder,
  OrderWriteResult,
  CreateOrderOptions,
  SeedSummary,
  SeedFileContents,
  KeyValueBackend,
} from './backend/orders';
export {
  verifySignedResult,
  verifySignedDeadLetter,
  signResultBody,
  collectDeadLetters,
  ResultReplayGuard,
  MemoryReplayStore,
  FileReplayStore,
  ResultRejectedError,
  ResultVerifierOptionError,
  DEFAULT_REPLAY_RETENTION_S,
} from './backend/results';
export type {
  ReplayStore,
  ReplayClaim,
  ReplayGuardOptions,
  CollectDeadLettersOptions,
  DeadLetterReport,
  DeadLetterSource,
} from './backend/results';
export {
  SessionStore,
  openConfiguredSessionStore,
  poolNumbersNeeded,
  resolvePool,
  PoolExhaustedError,
  PoolContentionError,
  SessionConflictError,
  SessionNotFoundError,
  SIZING_RULE,
} from './backend/sessions';
export type {
  OpenSessionInput,
  OpenSessionResult,
  PoolSession,
  PinSession,
  SessionStoreOptions,
  PoolStatus,
  PoolSizingInput,
} from './backend/sessions';
export { ClickToCall, openConfiguredClickToCall, CancelCallError, AccessUrlError, RuleNotFoundError } from './backend/calls';
export type { PlaceCallInput, PlacedCall, CancelOutcome, ClickToCallOptions } from './backend/calls';
export { loadConfig } from './config';
export type { CallResult, CallOutcome, LegResult } from '../contract/call-result';
export type { OrderRecord, OrderParty, PartyRole } from '../contract/order-record';
export { maskPhone } from '../contract/phone';
