/**
 * The readable timeline of a trace: one line per record, time relative to the emulator's start
 * (`mm:ss.mmm`, or `h:mm:ss.mmm` past an hour), the session, and a short description. Colors (picocolors)
 * are optional. Renderers are a table keyed by record kind.
 */
import pc from 'picocolors';
import type { TraceRecord } from '../types';

type Paint = (s: string) => string;
interface Palette {
  time: Paint;
  session: Paint;
  event: Paint;
  api: Paint;
  heard: Paint;
  warn: Paint;
  dim: Paint;
}

const PLAIN: Palette = { time: String, session: String, event: String, api: String, heard: String, warn: String, dim: String };
const COLOR: Palette = { time: pc.dim, session: pc.cyan, event: pc.green, api: pc.blue, heard: pc.magenta, warn: pc.yellow, dim: pc.dim };

function str(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

function payload(p: unknown): string {
  if (!p || typeof p !== 'object') return '';
  const parts = Object.entries(p as Record<string, unknown>).map(([k, v]) => `${k}=${str(v)}`);
  return parts.length ? ` {${parts.join(', ')}}` : '';
}

const RENDERERS: Record<string, (r: TraceRecord, c: Palette) => string> = {
  'session.start': (r, c) =>
    c.session(`session start: application ${str(r.application)}${r.ruleName ? `, rule ${str(r.ruleName)}` : ''}, ${str(r.trigger)}; scenarios ${(r.scenarios as string[]).join(', ')}`),
  'session.end': (r, c) => c.session(`session end: ${str(r.finishReason)} after ${str(r.durationS)} s`),
  event: (r, c) => c.event(`${str(r.name)}${r.callId ? ` [${str(r.callId)}]` : ''}${payload(r.payload)}`),
  api: (r, c) => c.api(`${str(r.name)}(${str(r.args ?? '')})${r.callId ? ` [${str(r.callId)}]` : ''}`),
  'call.inbound': (r) => `inbound call [${str(r.callId)}] from ${str(r.from)} to ${str(r.to)}`,
  'call.outbound': (r) => `outbound call [${str(r.callId)}] to ${str(r.number)}, caller ID shown ${str(r.callerid)}`,
  party: (r, c) => c.dim(`party ${str(r.party)} ${str(r.action)}${r.digits ? ` ${str(r.digits)}` : ''}${r.detail ? ` (${str(r.detail)})` : ''}`),
  heard: (r, c) => {
    const what =
      r.item === 'tts' ? `"${str(r.text)}" (${str(r.voice)})` : r.item === 'url' ? str(r.url) : r.item === 'party' ? `the other party ${str(r.peer)}` : `tones ${str(r.digits)}`;
    return c.heard(`${str(r.party)} hears ${what}`);
  },
  storage: (r, c) =>
    c.api(`ApplicationStorage.${str(r.op)}(${str(r.key ?? '')}) → ${r.ok ? (r.found === false ? 'null' : 'ok') : `error: ${str(r.error)}`}`),
  http: (r, c) =>
    c.api(
      r.phase === 'request'
        ? `HTTP ${str(r.method)} ${str(r.url)}`
        : r.phase === 'dropped'
          ? `HTTP ${str(r.method)} ${str(r.url)} dropped (${str(r.reason)})`
          : `HTTP ${str(r.method)} ${str(r.url)} → ${str(r.code)}${r.reason ? ` (${str(r.reason)})` : ''}`,
    ),
  log: (r) => `log: ${str(r.line)}`,
  note: (r, c) => c.warn(`note [${str(r.topic)}]: ${str(r.text)}`),
  limit: (r, c) => c.warn(`limit [${str(r.limit)}]: ${str(r.detail)}`),
  error: (r, c) => c.warn(`error (${str(r.where)}): ${str(r.message)}`),
};

/** Relative time as `mm:ss.mmm` (or `h:mm:ss.mmm`). */
export function formatOffset(ms: number): string {
  const sign = ms < 0 ? '-' : '';
  let rest = Math.abs(Math.round(ms));
  const milli = rest % 1000;
  rest = (rest - milli) / 1000;
  const s = rest % 60;
  rest = (rest - s) / 60;
  const m = rest % 60;
  const h = (rest - m) / 60;
  const mmss = `${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(milli).padStart(3, '0')}`;
  return sign + (h > 0 ? `${h}:${mmss}` : mmss);
}

/** One line per record; `startMs` is time zero. */
export function renderTimeline(records: readonly TraceRecord[], startMs: number, color: boolean): string {
  const c = color ? COLOR : PLAIN;
  const lines = records.map((r) => {
    const render = RENDERERS[r.kind];
    const text = render ? render(r, c) : `${r.kind}${payload(r)}`;
    const session = r.sessionId === undefined ? '    ' : `s${r.sessionId}`.padEnd(4);
    return `${c.time(formatOffset(r.atMs - startMs))} ${c.session(session)} ${text}`;
  });
  return lines.join('\n') + (lines.length ? '\n' : '');
}
