/**
 * Maps an outbound leg's Call.Failed code to what the caller is told and the result outcome.
 * Codes from docs/platform.md#failure-codes: 486 busy, 487 request terminated (our own
 * hang-up at the ring timeout, or the far end cancelling), 408 not answered within 60 s, 603 rejected,
 * 404 invalid number, 480 unavailable, 402 insufficient funds, 403 call limit. Pure data.
 */
import type { FailureOutcome } from './result-facts';

/** Why a dialed party could not be connected. */
export type CalleeFailure = 'busy' | 'no_answer' | 'rejected' | 'failed';

const BY_CODE: Readonly<Record<number, CalleeFailure>> = {
  486: 'busy',
  600: 'busy',
  408: 'no_answer',
  487: 'no_answer',
  480: 'failed',
  603: 'rejected',
};

/** The failure kind of a Failed code; `ringTimedOut` means the scenario itself hung up at the ring timeout. */
export function calleeFailureOf(code: number, ringTimedOut: boolean): CalleeFailure {
  if (ringTimedOut) return 'no_answer';
  return BY_CODE[code] ?? 'failed';
}

/** Prompt id and outcome for each failure kind. */
export const CALLEE_FAILURES: Readonly<
  Record<CalleeFailure, { prompt: 'calleeBusy' | 'calleeNoAnswer' | 'calleeRejected' | 'calleeFailed'; outcome: FailureOutcome }>
> = {
  busy: { prompt: 'calleeBusy', outcome: 'callee_busy' },
  no_answer: { prompt: 'calleeNoAnswer', outcome: 'callee_no_answer' },
  rejected: { prompt: 'calleeRejected', outcome: 'callee_rejected' },
  failed: { prompt: 'calleeFailed', outcome: 'callee_failed' },
};
