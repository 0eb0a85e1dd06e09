/**
 * The readable timeline of a trace: one line per record, time relative to the emulator's start
 * (`mm:ss.mmm`, or `h:mm:ss.mmm` past an hour), the session, and a short description. Colors (picocolors)
 * are optional. Renderers are a table keyed by record kind.
 *
 * Phone numbers are masked by default (README "Privacy and abuse controls"): the parties' numbers in
 * their known fields with maskPhone (`+49********678`), every other text with maskPhonesInText
 * (contract/mask-text.ts), and every rendered line once more as a safety net. The virtual numbers
 * (an inbound call's `to`, an outbound call's `callerid`) are public and stay visible.
 */
import pc from 'picocolors';
import { maskPhonesInJson, maskPhonesInText } from '../../../../contract/mask-text';
import { internationalDigits, maskPhone } from '../../../../contract/phone';
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

/** Record fields that hold a party's (real) number. */
const PARTY_NUMBER_FIELDS = ['from', 'number', 'party', 'peer'] as const;
/** Record fields that hold a virtual number: the dialed number of an inbound call, the caller ID shown on an outbound one. */
const VIRTUAL_NUMBER_FIELDS: Record<string, string> = { 'call.inbound': 'to', 'call.outbound': 'callerid' };

/**
 * The virtual numbers of a trace, which may stay visible: every inbound call's `to` and outbound call's
 * `callerid`, except any that is also a party's number (a scenario showing a caller's own number as
 * caller ID must not make that number public). Compared by canonical digits.
 */
export function virtualNumbersOf(records: readonly TraceRecord[]): string[] {
  const parties = new Set<string>();
  const virtual = new Set<string>(); // one entry per number: every masked line walks this list
  for (const r of records) {
    for (const field of PARTY_NUMBER_FIELDS) {
      const digits = typeof r[field] === 'string' ? internationalDigits(r[field] as string) : null;
      if (digits !== null) parties.add(digits);
    }
    const field = VIRTUAL_NUMBER_FIELDS[r.kind];
    if (field && typeof r[field] === 'string') virtual.add(r[field] as string);
  }
  return [...virtual].filter((number) => !parties.has(internationalDigits(number) ?? ''));
}

/** A party's number as it may be shown: maskPhone's form when it reads as a number, else the text masker's. */
function maskedPartyNumber(value: unknown, keep: readonly string[]): unknown {
  if (typeof value !== 'string') return value;
  return internationalDigits(value) !== null ? maskPhone(value) : maskPhonesInText(value, { keep });
}

/**
 * Copies of trace records with every phone number masked: the party-number fields (`from`, `number`,
 * `party`, `peer`) with maskPhone, even when shorter than the text masker's seven digits; every other
 * string and key with maskPhonesInText; `keep` (default: virtualNumbersOf the records) stays visible.
 * The records keep their shape (schemas/trace.schema.json); JSON numbers are copied as they are.
 */
export function maskTraceRecords(records: readonly TraceRecord[], keep: readonly string[] = virtualNumbersOf(records)): TraceRecord[] {
  return records.map((r) => {
    const masked = maskPhonesInJson(r, { keep });
    for (const field of PARTY_NUMBER_FIELDS) if (field in r) masked[field] = maskedPartyNumber(r[field], keep);
    return masked;
  });
}

/** How each record kind reads: its text (from a record whose numbers are already masked) and the color of its line. */
const RENDERERS: Record<string, { paint?: keyof Palette; text: (r: TraceRecord) => string }> = {
  'session.start': {
    paint: 'session',
    text: (r) =>
      `session start: application ${str(r.application)}${r.ruleName ? `, rule ${str(r.ruleName)}` : ''}, ${str(r.trigger)}; scenarios ${(r.scenarios as string[]).join(', ')}`,
  },
  'session.end': { paint: 'session', text: (r) => `session end: ${str(r.finishReason)} after ${str(r.durationS)} s` },
  event: { paint: 'event', text: (r) => `${str(r.name)}${r.callId ? ` [${str(r.callId)}]` : ''}${payload(r.payload)}` },
  api: {
    paint: 'api',
    text: (r) => `${str(r.name)}(${str(r.args ?? '')})${r.callId ? ` [${str(r.callId)}]` : ''}${r.by ? ` by ${str(r.by)}` : ''}`,
  },
  'call.inbound': { text: (r) => `inbound call [${str(r.callId)}] from ${str(r.from)} to ${str(r.to)}` },
  'call.outbound': {
    text: (r) =>
      `outbound ${r.clientType ? `${str(r.clientType).toUpperCase()} ` : ''}call [${str(r.callId)}] to ${str(r.number)}, caller ID shown ${str(r.callerid)}`,
  },
  party: {
    paint: 'dim',
    text: (r) => `party ${str(r.party)} ${str(r.action)}${r.digits ? ` ${str(r.digits)}` : ''}${r.detail ? ` (${str(r.detail)})` : ''}`,
  },
  heard: {
    paint: 'heard',
    text: (r) => {
      const what =
        r.item === 'tts'
          ? `"${str(r.text)}" (${str(r.voice)})`
          : r.item === 'url'
            ? str(r.url)
            : r.item === 'party'
              ? `the other party ${str(r.peer)}`
              : `tones ${str(r.digits)}`;
      return `${str(r.party)} hears ${what}`;
    },
  },
  storage: {
    paint: 'api',
    text: (r) =>
      `ApplicationStorage.${str(r.op)}(${str(r.key ?? '')}) → ${r.ok ? (r.found === false ? 'null' : 'ok') : `error: ${str(r.error)}`}`,
  },
  http: {
    paint: 'api',
    text: (r) =>
      r.phase === 'request'
        ? `HTTP ${str(r.method)} ${str(r.url)}`
        : r.phase === 'dropped'
          ? `HTTP ${str(r.method)} ${str(r.url)} dropped (${str(r.reason)})`
          : `HTTP ${str(r.method)} ${str(r.url)} → ${str(r.code)}${r.reason ? ` (${str(r.reason)})` : ''}`,
  },
  access: {
    paint: 'event',
    text: (r) =>
      `access URL ${str(r.method)} ${str(r.path)} → ${r.delivered ? `200 ${JSON.stringify(str(r.body ?? ''))}` : `not delivered (${str(r.reason)})`}`,
  },
  log: { text: (r) => `log: ${str(r.line)}` },
  note: { paint: 'warn', text: (r) => `note [${str(r.topic)}]: ${str(r.text)}` },
  warning: { paint: 'warn', text: (r) => `warning [${str(r.topic)}]: ${str(r.text)}` },
  limit: { paint: 'warn', text: (r) => `limit [${str(r.limit)}]: ${str(r.detail)}` },
  error: { paint: 'warn', text: (r) => `error (${str(r.where)}): ${str(r.message)}` },
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

/** Options of renderTimeline. */
export interface TimelineOptions {
  /** Print phone numbers in full (`--show-numbers`, local debugging); masked by default. */
  showNumbers?: boolean;
}

/**
 * One line per record; `startMs` (epoch ms) is time zero. Phone numbers are masked unless
 * `options.showNumbers` (see the module description); colors are applied after masking, so no escape
 * sequence splits or joins a number.
 */
export function renderTimeline(records: readonly TraceRecord[], startMs: number, color: boolean, options: TimelineOptions = {}): string {
  const c = color ? COLOR : PLAIN;
  const keep = options.showNumbers ? [] : virtualNumbersOf(records);
  const shown = options.showNumbers ? records : maskTraceRecords(records, keep);
  const lines = shown.map((r) => {
    const render = RENDERERS[r.kind];
    const plain = render ? render.text(r) : `${r.kind}${payload(r)}`;
    const text = options.showNumbers ? plain : maskPhonesInText(plain, { keep });
    const session = r.sessionId === undefined ? '    ' : `s${r.sessionId}`.padEnd(4);
    return `${c.time(formatOffset(r.atMs - startMs))} ${c.session(session)} ${render?.paint ? c[render.paint](text) : text}`;
  });
  return lines.join('\n') + (lines.length ? '\n' : '');
}
