/**
 * The trace: one ordered, timestamped record of everything the emulator did (format: trace/schema.ts,
 * published as schemas/trace.schema.json).
 * Records are plain host data (never context objects), so finished sessions can be garbage-collected.
 */
import type { HeardItem, Trace, TraceRecord } from '../types';
import { TRACE_FORMAT, TRACE_VERSION, type TraceFields, type TraceKind } from './schema';
import { renderTimeline } from './timeline';

export { TRACE_FORMAT, TRACE_VERSION } from './schema';
export type { TraceKind, TraceFields } from './schema';

/**
 * The trace of one emulator. `now` gives virtual epoch ms; `startMs` is the emulator's start time.
 * While calls run, records are stored column-wise (kind, time, session, fields; seq is the position + 1
 * until `forget` drops a finished session's records)
 * and turned into TraceRecord objects when `records` is read (cached and extended as the trace grows),
 * so tracing adds little work and little for the garbage collector to walk.
 */
export class TraceLog implements Trace {
  private kinds: TraceKind[] = [];
  private times: number[] = [];
  private sessionIds: number[] = [];
  private fieldsOf: Record<string, unknown>[] = [];
  /** Each row's `seq`; only kept once `forget` has removed rows (until then seq is the position + 1). */
  private seqs: number[] | undefined;
  private built: TraceRecord[] = [];
  /** How many records were ever added (the next record's seq - 1). */
  private added = 0;
  /** The ISO form of the last timestamp converted (many records share one virtual instant). */
  private isoFor = Number.NaN;
  private iso = '';

  constructor(
    private readonly now: () => number,
    readonly startMs: number,
  ) {}

  /** Appends a record stamped with the current virtual time. Fields (typed by trace/schema.ts) must be JSON-safe host data. */
  add<K extends TraceKind>(kind: K, sessionId: number | undefined, fields: TraceFields<K>): void {
    this.kinds.push(kind);
    this.times.push(this.now());
    this.sessionIds.push(sessionId ?? 0);
    this.fieldsOf.push(fields as Record<string, unknown>);
    this.added += 1;
    this.seqs?.push(this.added);
  }

  /** Records held now (after `forget`, fewer than were ever added). */
  get size(): number {
    return this.kinds.length;
  }

  /**
   * Drops every record of the sessions `sessionIds` (finished sessions nobody will ask about again), so a
   * long-running emulator's trace stays bounded. The others keep their seq; one pass over the records.
   */
  forget(sessionIds: ReadonlySet<number>): void {
    if (sessionIds.size === 0) return;
    const keep: number[] = [];
    for (let i = 0; i < this.kinds.length; i++) if (!sessionIds.has(this.sessionIds[i])) keep.push(i);
    if (keep.length === this.kinds.length) return;
    const seqs = this.seqs ?? this.kinds.map((_, i) => i + 1);
    const built = this.built;
    this.built = keep.filter((i) => i < built.length).map((i) => built[i]);
    this.seqs = keep.map((i) => seqs[i]);
    this.kinds = keep.map((i) => this.kinds[i]);
    this.times = keep.map((i) => this.times[i]);
    this.fieldsOf = keep.map((i) => this.fieldsOf[i]);
    this.sessionIds = keep.map((i) => this.sessionIds[i]);
  }

  /** Every record so far, in order: { seq, atMs, at, sessionId?, kind, ...fields }. */
  get records(): TraceRecord[] {
    const built = this.built;
    for (let i = built.length; i < this.kinds.length; i++) built.push(this.build(i));
    return built;
  }

  private build(i: number): TraceRecord {
    const atMs = this.times[i];
    if (atMs !== this.isoFor) {
      this.isoFor = atMs;
      this.iso = new Date(atMs).toISOString();
    }
    const sessionId = this.sessionIds[i];
    const seq = this.seqs ? this.seqs[i] : i + 1;
    const head: TraceRecord =
      sessionId === 0 ? { seq, atMs, at: this.iso, kind: this.kinds[i] } : { seq, atMs, at: this.iso, sessionId, kind: this.kinds[i] };
    return Object.assign(head, this.fieldsOf[i]);
  }

  /** `{ format, version, startTime, records }`, the documented JSON form. */
  toJSON(): object {
    return { format: TRACE_FORMAT, version: TRACE_VERSION, startTime: new Date(this.startMs).toISOString(), records: this.records };
  }

  heardBy(number: string): HeardItem[] {
    const out: HeardItem[] = [];
    for (let i = 0; i < this.kinds.length; i++) {
      const f = this.fieldsOf[i];
      if (this.kinds[i] !== 'heard' || f.party !== number) continue;
      const base = { atMs: this.times[i], sessionId: this.sessionIds[i] };
      if (f.item === 'tts') out.push({ ...base, kind: 'tts', text: f.text as string, voice: f.voice as string });
      else if (f.item === 'url') out.push({ ...base, kind: 'url', url: f.url as string });
      else if (f.item === 'party') out.push({ ...base, kind: 'party', peer: f.peer as string });
      else out.push({ ...base, kind: 'tone', digits: f.digits as string });
    }
    return out;
  }

  callerIdsShownTo(number: string): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.kinds.length; i++) {
      if (this.kinds[i] === 'call.outbound' && this.fieldsOf[i].number === number) out.push(this.fieldsOf[i].callerid as string);
    }
    return out;
  }

  logLines(sessionId?: number): string[] {
    const out: string[] = [];
    for (let i = 0; i < this.kinds.length; i++) {
      if (this.kinds[i] === 'log' && (sessionId === undefined || this.sessionIds[i] === sessionId))
        out.push(this.fieldsOf[i].line as string);
    }
    return out;
  }

  toTimeline(opts?: { color?: boolean; sessionIds?: ReadonlySet<number> }): string {
    const only = opts?.sessionIds;
    return renderTimeline(only === undefined ? this.records : this.recordsOf(only), this.startMs, opts?.color ?? false);
  }

  /** The records of some sessions, built without building (and caching) every other record. */
  private recordsOf(sessionIds: ReadonlySet<number>): TraceRecord[] {
    const out: TraceRecord[] = [];
    for (let i = 0; i < this.kinds.length; i++) {
      if (sessionIds.has(this.sessionIds[i])) out.push(i < this.built.length ? this.built[i] : this.build(i));
    }
    return out;
  }
}
