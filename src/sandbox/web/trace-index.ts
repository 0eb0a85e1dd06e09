/**
 * The trace records of the newest sessions, by session, kept up to date incrementally: each `update()`
 * reads only the records added since the last one (found by `seq`, which stays valid when the emulator
 * forgets old sessions). The browser phone reads sessions, ladders and live calls from here, so a
 * long-running sandbox's trace is walked once, not on every tick.
 */
import type { TraceLog } from '../runtime/trace/trace';
import type { TraceRecord } from '../runtime/types';

/** Sessions kept by default (the Calls panel lists the newest). */
export const INDEXED_SESSIONS = 200;

export class TraceIndex {
  private lastSeq = 0;
  /** Records by session id, oldest session first. */
  private readonly bySession = new Map<number, TraceRecord[]>();

  constructor(
    private readonly trace: TraceLog,
    private readonly maxSessions = INDEXED_SESSIONS,
  ) {}

  /** Reads the new records; returns the ids of the sessions that got some (empty: nothing new). */
  update(): Set<number> {
    const records = this.trace.records;
    const changed = new Set<number>();
    for (let i = firstAfter(records, this.lastSeq); i < records.length; i++) {
      const r = records[i];
      this.lastSeq = r.seq;
      if (r.sessionId === undefined) continue;
      let own = this.bySession.get(r.sessionId);
      if (!own) {
        own = [];
        this.bySession.set(r.sessionId, own);
        if (this.bySession.size > this.maxSessions) this.bySession.delete(this.bySession.keys().next().value as number);
      }
      own.push(r);
      changed.add(r.sessionId);
    }
    return changed;
  }

  /** The records of one session (undefined when it is unknown or no longer kept). */
  recordsOf(sessionId: number): readonly TraceRecord[] | undefined {
    return this.bySession.get(sessionId);
  }

  /** The ids of the kept sessions, newest first. */
  sessionIds(): number[] {
    return [...this.bySession.keys()].reverse();
  }
}

/** Index of the first record whose seq is greater than `seq` (records are in seq order). */
function firstAfter(records: readonly TraceRecord[], seq: number): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (records[mid].seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
