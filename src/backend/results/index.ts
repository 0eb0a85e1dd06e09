/** The backend's receiver of signed call results (scheme: docs/scenario.md "Results"; dead letters: docs/results.md). */
export { ResultRejectedError, ResultVerifierOptionError } from './errors';
export type { ResultRejectCode } from './errors';
export { ResultReplayGuard, MemoryReplayStore, DEFAULT_REPLAY_RETENTION_S, DEFAULT_CLAIM_LEASE_S } from './replay';
export type { ReplayStore, ReplayClaim, ReplayRules, ReplayGuardOptions } from './replay';
export { FileReplayStore } from './file-replay-store';
export type { FileReplayStoreOptions } from './file-replay-store';
export { signResultBody, validatedBody, verifySignedResult, verifySignedDeadLetter, DEAD_LETTER_MAX_AGE_S } from './verify';
export type { SignedRequest, VerifyOptions, DeadLetterVerifyOptions } from './verify';
export { collectDeadLetters } from './dead-letters';
export type { CollectDeadLettersOptions, DeadLetterReport, DeadLetterSource } from './dead-letters';
