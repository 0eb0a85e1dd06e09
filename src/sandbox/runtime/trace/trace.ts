/**
 * The trace: one ordered, timestamped record of everything the emulator did (schemas/trace.schema.json).
 * Records are plain host data (never context objects), so finished sessions can be garbage-collected.
 */
import type { HeardItem, Trace, TraceRecord } from '../types';
import { renderTimeline } from './timeline';

/** Record kinds; schemas/trace.schema.json documents the fields of each. */
export type TraceKind =
  | 'session.start'
  | 'session.end'
  | 'event'
  | 'api'
  | 'call.inbound'
  | 'call.outbound'
  | 'party'
  | 'heard'
  | 'storage'
  | 'http'
  | 'log'
  | 'note'
  | 'limit'
  | 'error';

/** Identifier of the trace JSON format (the `format` field of `toJSON()`). */
export const TRACE_FORMAT = 'voxmask-trace';
/** Version of the trace JSON format. */
export const TRACE_VERSION = 1;

/** A record as stored while the emulator runs: small and of one shape (cheap to make and to collect). */
interface StoredRecord {
  seq: number;
  atMs: number;
  sessionId: number | undefined;
  kind: TraceKind;
  fields: Record<string, unknown>;
}

/**
 * The trace of one emulator. `now` gives virtual epoch ms; `startMs` is the emulator's start time.
 * Records are stored compactly and turned into TraceRecord objects when `records` is read (the result
 * is cached and extended as the trace grows), so tracing costs little while calls run.
 */
export class TraceLog implements Trace {
  private readonly stored: StoredRecord[] = [];
  private readonly built: TraceRecord[] = [];
  private seq = 0;
  /** The ISO form of the last timestamp converted (many records share one virtual instant). */
  private isoFor = Number.NaN;
  private iso = '';

  constructor(
    private readonly now: () => number,
    readonly startMs: number,
  ) {}

  /** Appends a record stamped with the current virtual time. Fields must be JSON-safe host data. */
  add(kind: TraceKind, sessionId: number | undefined, fields: Record<string, unknown>): void {
    this.stored.push({ seq: ++this.seq, atMs: this.now(), sessionId, kind, fields });
  }

  /** Every record so far, in order: { seq, atMs, at, sessionId?, kind, ...fields }. */
  get records(): TraceRecord[] {
    const { stored, built } = this;
    for (let i = built.length; i < stored.length; i++) built.push(this.build(stored[i]));
    return built;
  }

  private build(r: StoredRecord): TraceRecord {
    if (r.atMs !== this.isoFor) {
      this.isoFor = r.atMs;
      this.iso = new Date(r.atMs).toISOString();
    }
    const head: TraceRecord =
      r.sessionId === undefined ? { seq: r.seq, atMs: r.atMs, at: this.iso, kind: r.kind } : { seq: r.seq, atMs: r.atMs, at: this.iso, sessionId: r.sessionId, kind: r.kind };
    return Object.assign(head, r.fields);
  }

  /** `{ format, version, startTime, records }`, the documented JSON form. */
  toJSON(): object {
    return { format: TRACE_FORMAT, version: TRACE_VERSION, startTime: new Date(this.startMs).toISOString(), records: this.records };
  }

  heardBy(number: string): HeardItem[] {
    const out: HeardItem[] = [];
    for (const r of this.stored) {
      const f = r.fields;
      if (r.kind !== 'heard' || f.party !== number) continue;
      const base = { atMs: r.atMs, sessionId: r.sessionId as number };
      if (f.item === 'tts') out.push({ ...base, kind: 'tts', text: f.text as string, voice: f.voice as string });
      else if (f.item === 'url') out.push({ ...base, kind: 'url', url: f.url as string });
      else if (f.item === 'party') out.push({ ...base, kind: 'party', peer: f.peer as string });
      else out.push({ ...base, kind: 'tone', digits: f.digits as string });
    }
    return out;
  }

  callerIdsShownTo(number: string): string[] {
    const out: string[] = [];
    for (const r of this.stored) if (r.kind === 'call.outbound' && r.fields.number === number) out.push(r.fields.callerid as string);
    return out;
  }

  logLines(sessionId?: number): string[] {
    const out: string[] = [];
    for (const r of this.stored) {
      if (r.kind === 'log' && (sessionId === undefined || r.sessionId === sessionId)) out.push(r.fields.line as string);
    }
    return out;
  }

  toTimeline(opts?: { color?: boolean }): string {
    return renderTimeline(this.records, this.startMs, opts?.color ?? false);
  }
}
