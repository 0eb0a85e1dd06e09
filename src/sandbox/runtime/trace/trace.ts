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

/** The trace of one emulator. `now` gives virtual epoch ms; `startMs` is the emulator's start time. */
export class TraceLog implements Trace {
  readonly records: TraceRecord[] = [];
  private seq = 0;
  /** The ISO form of the last timestamp (many records share one virtual instant). */
  private isoFor = Number.NaN;
  private iso = '';

  constructor(
    private readonly now: () => number,
    readonly startMs: number,
  ) {}

  /** Appends a record stamped with the current virtual time. Fields must be JSON-safe host data. */
  add(kind: TraceKind, sessionId: number | undefined, fields: Record<string, unknown>): TraceRecord {
    const atMs = this.now();
    if (atMs !== this.isoFor) {
      this.isoFor = atMs;
      this.iso = new Date(atMs).toISOString();
    }
    const record = Object.assign({ seq: ++this.seq, atMs, at: this.iso, sessionId, kind }, fields) as TraceRecord;
    if (sessionId === undefined) delete record.sessionId;
    this.records.push(record);
    return record;
  }

  /** `{ format, version, startTime, records }`, the documented JSON form. */
  toJSON(): object {
    return { format: TRACE_FORMAT, version: TRACE_VERSION, startTime: new Date(this.startMs).toISOString(), records: this.records };
  }

  heardBy(number: string): HeardItem[] {
    const out: HeardItem[] = [];
    for (const r of this.records) {
      if (r.kind !== 'heard' || r.party !== number) continue;
      const sessionId = r.sessionId as number;
      switch (r.item) {
        case 'tts':
          out.push({ atMs: r.atMs, kind: 'tts', text: r.text as string, voice: r.voice as string, sessionId });
          break;
        case 'url':
          out.push({ atMs: r.atMs, kind: 'url', url: r.url as string, sessionId });
          break;
        case 'party':
          out.push({ atMs: r.atMs, kind: 'party', peer: r.peer as string, sessionId });
          break;
        default:
          out.push({ atMs: r.atMs, kind: 'tone', digits: r.digits as string, sessionId });
      }
    }
    return out;
  }

  callerIdsShownTo(number: string): string[] {
    const out: string[] = [];
    for (const r of this.records) if (r.kind === 'call.outbound' && r.number === number) out.push(r.callerid as string);
    return out;
  }

  logLines(sessionId?: number): string[] {
    const out: string[] = [];
    for (const r of this.records) {
      if (r.kind === 'log' && (sessionId === undefined || r.sessionId === sessionId)) out.push(r.line as string);
    }
    return out;
  }

  toTimeline(opts?: { color?: boolean }): string {
    return renderTimeline(this.records, this.startMs, opts?.color ?? false);
  }
}
