/**
 * voxmask as a library for a delivery backend (`import … from 'voxmask'`): open a Management API
 * connection, manage order sessions in ApplicationStorage, and verify the signed call results the
 * scenario POSTs. The sandbox, deploy and the CLI are tools, not part of this surface.
 */
export { connectPlatform } from './platform/client';
export type { PlatformApi } from './platform/api';
export { CredentialsError, PlatformApiError, PlatformTransportError } from './platform/errors';
export {
  openOrderStore,
  openConfiguredOrderStore,
  OrderStore,
  OrderInputError,
  readSeedFile,
  seedRows,
} from './backend/orders';
export type { OrderInput, OrderPartyInput, ActiveOrder, OrderWriteResult, SeedSummary } from './backend/orders';
export { verifySignedResult, signResultBody, ResultReplayGuard, ResultRejectedError } from './backend/results';
export type { CallResult, CallOutcome, LegResult } from '../contract/call-result';
export type { OrderRecord, OrderParty, PartyRole } from '../contract/order-record';
export { maskPhone } from '../contract/phone';
