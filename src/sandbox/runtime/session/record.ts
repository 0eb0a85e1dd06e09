/**
 * The SessionRecord of a finished session, shaped after the Management API's CallSessionInfo
 * (docs/platform.md#call-history, docs/platform.md#recordings): one entry per call leg and per recording.
 */
import type { FinishReason, SessionCallRecord, SessionRecord, SessionRecordingRecord } from '../types';
import type { Session } from './session';

/** The outcome of one call leg, collected when it ends. */
export type LegOutcome = SessionCallRecord;
/** One recording, collected when its call ends. */
export type RecordingOutcome = SessionRecordingRecord;

/** Builds the record; `durationS` is the whole session in seconds. */
export function buildSessionRecord(session: Session, finishReason: FinishReason, durationS: number): SessionRecord {
  return {
    sessionId: session.id,
    applicationId: session.app.id,
    applicationName: session.app.name,
    ...(session.ruleName !== undefined ? { ruleName: session.ruleName } : {}),
    startDate: new Date(session.startMs).toISOString(),
    durationS,
    finishReason,
    customData: session.customData,
    calls: session.outcomes.slice(),
    records: session.recordings.slice(),
    logLines: session.logLines.slice(),
  };
}
