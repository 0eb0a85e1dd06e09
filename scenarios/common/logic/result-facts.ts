/**
 * What a session's result reports about how the call went, and the ONE precedence rule between
 * competing facts. Steps only record what happened; nothing else reads or writes these fields.
 *
 * - outcome: the highest-ranked outcome recorded wins; among equal ranks the FIRST recorded stays:
 *   1. a party was reached ('connected', 'operator'): the call did what it was for;
 *   2. 'operator_unavailable': the last resort failed as well;
 *   3. the first failure a step decided (a PIN failure, lockout, callee busy, a storage fault, ...);
 *   4. 'service_error' after an unexpected error (unexpectedError), only when nothing was decided;
 *   5. nothing recorded: 'caller_hung_up' (the caller left before anything was final).
 *   So a caller sent to the operator after a failed PIN reports 'operator' when the operator answers,
 *   'operator_unavailable' when not, and the PIN failure when they hang up while it rings.
 * - pin.outcome: the latest PIN attempt's outcome replaces the previous one; 'not_entered' before.
 * - endedBy: the first side that ended the call (a hang-up the scenario sends afterwards does not
 *   count); 'scenario' when none was recorded.
 * - operatorReason: why the first transfer to the operator was made.
 * - warnings: each code once, in the order first seen.
 * Pure (no VoxEngine globals): the session passes how a warning is logged.
 */
import type { CallOutcome, EndedBy, OperatorReason, PinOutcome, WarningCode } from '../../../contract/call-result';

/** Outcomes that mean a party was reached (rank 1). */
export type ReachedOutcome = 'connected' | 'operator';
/** Outcomes a step decides when the call fails (rank 3). */
export type FailureOutcome = Exclude<CallOutcome, ReachedOutcome | 'operator_unavailable' | 'caller_hung_up'>;

const RANK_REACHED = 4;
const RANK_OPERATOR_UNAVAILABLE = 3;
const RANK_FAILURE = 2;
const RANK_UNEXPECTED = 1;

export class ResultFacts {
  private decided: { outcome: CallOutcome; rank: number } | null = null;
  private pin: PinOutcome = 'not_entered';
  private attempts = 0;
  private ender: EndedBy | null = null;
  private reason: OperatorReason | null = null;
  private recording: string | null = null;
  private readonly warningCodes: WarningCode[] = [];

  /** `onWarning` runs for every warning recorded (the session logs it). */
  constructor(private readonly onWarning: (code: WarningCode) => void = () => undefined) {}

  /** A party was bridged: `'connected'` (the callee) or `'operator'`. */
  reached(outcome: ReachedOutcome): void {
    this.record(outcome, RANK_REACHED);
  }

  /** The operator could not be reached. */
  operatorUnavailable(): void {
    this.record('operator_unavailable', RANK_OPERATOR_UNAVAILABLE);
  }

  /** A step decided that the call failed, and why. */
  failed(outcome: FailureOutcome): void {
    this.record(outcome, RANK_FAILURE);
  }

  /** An unexpected error ended the flow: 'service_error', unless something was decided already. */
  unexpectedError(): void {
    this.record('service_error', RANK_UNEXPECTED);
  }

  /** Starts a PIN attempt; returns its number (1-based), which names its lockout records. */
  startPinAttempt(): number {
    this.attempts += 1;
    return this.attempts;
  }

  /** PIN attempts started so far. */
  get pinAttempts(): number {
    return this.attempts;
  }

  /** The latest PIN attempt's outcome. */
  pinResult(outcome: PinOutcome): void {
    this.pin = outcome;
  }

  /** `side` ended the call; only the first side recorded counts. */
  endedBy(side: EndedBy): void {
    if (this.ender === null) this.ender = side;
  }

  /** The caller is being sent to the operator for `reason`; only the first transfer counts. */
  toOperator(reason: OperatorReason): void {
    if (this.reason === null) this.reason = reason;
  }

  /** The recording's URL (RecordStarted). */
  recordingUrl(url: string): void {
    this.recording = url;
  }

  /** Records a non-fatal problem for the result's `warnings` (once per code) and reports it to onWarning. */
  warn(code: WarningCode): void {
    if (!this.warningCodes.includes(code)) this.warningCodes.push(code);
    this.onWarning(code);
  }

  /** The facts as the result reports them, with the defaults of the rule above. */
  snapshot(): {
    outcome: CallOutcome;
    pin: { outcome: PinOutcome; attempts: number };
    endedBy: EndedBy;
    operatorReason: OperatorReason | null;
    recordingUrl: string | null;
    warnings: WarningCode[];
  } {
    return {
      outcome: this.decided?.outcome ?? 'caller_hung_up',
      pin: { outcome: this.pin, attempts: this.attempts },
      endedBy: this.ender ?? 'scenario',
      operatorReason: this.reason,
      recordingUrl: this.recording,
      warnings: [...this.warningCodes],
    };
  }

  private record(outcome: CallOutcome, rank: number): void {
    if (this.decided === null || rank > this.decided.rank) this.decided = { outcome, rank };
  }
}
