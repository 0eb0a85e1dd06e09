/** The backend's receiver of signed call results (scheme: docs/scenario.md "Results"). */
export { ResultRejectedError } from './errors';
export type { ResultRejectCode } from './errors';
export { ResultReplayGuard } from './replay';
export { signResultBody, verifySignedResult } from './verify';
export type { SignedRequest, VerifyOptions } from './verify';
