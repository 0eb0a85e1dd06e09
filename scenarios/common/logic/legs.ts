/**
 * Timing of call legs for the result (pure). Times are epoch milliseconds in, ISO 8601 UTC out;
 * the first end/answer recorded wins, so late platform events cannot rewrite history.
 */
import type { LegKind, LegResult } from '../../../contract/call-result';

export class LegTimes {
  private answeredAtMs: number | null = null;
  private endedAtMs: number | null = null;
  private failure: { code: number; reason: string } | null = null;

  constructor(
    readonly kind: LegKind,
    /** Masked number of the far end. */
    private readonly maskedNumber: string,
    private readonly startedAtMs: number,
  ) {}

  markAnswered(atMs: number): void {
    if (this.answeredAtMs === null && this.endedAtMs === null) this.answeredAtMs = atMs;
  }

  markEnded(atMs: number): void {
    if (this.endedAtMs === null) this.endedAtMs = atMs;
  }

  markFailed(atMs: number, code: number, reason: string): void {
    if (this.failure === null && this.answeredAtMs === null) this.failure = { code, reason };
    this.markEnded(atMs);
  }

  /** The leg as it appears in the result; `nowMs` closes a leg that has not ended yet. */
  toResult(nowMs: number): LegResult {
    const end = this.endedAtMs ?? nowMs;
    const answered = this.answeredAtMs;
    return {
      kind: this.kind,
      number: this.maskedNumber,
      startedAt: iso(this.startedAtMs),
      answeredAt: answered === null ? null : iso(answered),
      endedAt: iso(end),
      ringS: seconds((answered ?? end) - this.startedAtMs),
      talkS: answered === null ? 0 : seconds(end - answered),
      failureCode: this.failure?.code ?? null,
      failureReason: this.failure?.reason ?? null,
    };
  }
}

/** ISO 8601 UTC with milliseconds. */
export function iso(epochMs: number): string {
  return new Date(epochMs).toISOString();
}

/** Milliseconds to seconds with millisecond precision (never negative). */
export function seconds(ms: number): number {
  return Math.max(0, Math.round(ms)) / 1000;
}
