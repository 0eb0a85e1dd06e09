/**
 * The ladder diagram of one session, as sngrep or Homer draw SIP call flows: one lane per party and one
 * arrow per thing that passed between them, read from the emulator's trace (docs/runtime.md "The trace").
 *
 * Lanes: the caller (the inbound call), the scenario, the callee and the operator (outbound legs), the
 * backend webhook (Net requests, access-URL requests) and ApplicationStorage. An outbound leg is the
 * operator's when the masked-call scenario's log line right before it says `voxmask dialing
 * kind="operator"` (scenarios/masked-call/connect-party.ts); every other outbound leg is a callee's.
 *
 * Privacy: the ladder is built from masked copies of the records (maskTraceRecords: parties' numbers as
 * `+49********678`, the virtual numbers visible), so no label can carry a real number.
 */
import { maskTraceRecords } from '../../runtime/trace/timeline';
import type { TraceRecord } from '../../runtime/types';

/** Lanes, left to right. */
export const LANES = ['caller', 'scenario', 'callee', 'operator', 'webhook', 'storage'] as const;
export type Lane = (typeof LANES)[number];

/** How each lane is titled. */
export const LANE_TITLES: Record<Lane, string> = {
  caller: 'caller',
  scenario: 'scenario',
  callee: 'callee',
  operator: 'operator',
  webhook: 'backend webhook',
  storage: 'ApplicationStorage',
};

/** What an arrow stands for. */
export type StepKind =
  | 'call'
  | 'ringing'
  | 'answer'
  | 'dtmf'
  | 'tts'
  | 'ringback'
  | 'play'
  | 'bridge'
  | 'hangup'
  | 'failed'
  | 'storage'
  | 'webhook'
  | 'webhook-answer'
  | 'access'
  | 'error';

/** One arrow: from lane `from` to lane `to` (the same lane for a note such as an error) at virtual time `atMs`. */
export interface LadderStep {
  /** The trace record it comes from. */
  seq: number;
  /** Virtual epoch ms. */
  atMs: number;
  /** Milliseconds after the session started. */
  offsetMs: number;
  from: Lane;
  to: Lane;
  kind: StepKind;
  /** Masked text of the arrow. */
  label: string;
}

/** The ladder of one session. Every text is masked. */
export interface Ladder {
  sessionId: number;
  /** Virtual epoch ms of the session's start (its first record when no session.start was kept). */
  startMs: number;
  lanes: readonly Lane[];
  steps: LadderStep[];
  /** Who is on each party lane, masked (caller, callee, operator). */
  parties: Partial<Record<Lane, string>>;
  /** The lane of each call leg, by call id ('3.1' → 'caller'). */
  calls: Record<string, Lane>;
  /** The session has ended (a session.end record). */
  ended: boolean;
  /** session.end's finishReason and durationS (s). */
  finishReason?: string;
  durationS?: number;
  /** The masked-call scenario's `voxmask session_end` log line: the call's outcome and where its result went. */
  outcome?: string;
  delivery?: string;
}

type Builder = (r: TraceRecord, lanes: LaneOf) => Omit<LadderStep, 'seq' | 'atMs' | 'offsetMs'> | undefined;
type LaneOf = (callId: unknown) => Lane;

const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v ?? ''));

/**
 * Storage keys hold 64-hex HMACs (contract/lockout.ts): their first 6 digits tell them apart on a diagram.
 * Shortened before masking, which would take a hash's long digit runs for phone numbers.
 */
function shortenHashes(r: TraceRecord): TraceRecord {
  return r.kind === 'storage' && typeof r.key === 'string'
    ? { ...r, key: r.key.replace(/[0-9a-f]{64}/g, (hash) => `${hash.slice(0, 6)}…`) }
    : r;
}

function storageLabel(r: TraceRecord): string {
  const result = !r.ok
    ? `error ${str(r.error)}`
    : r.op === 'get'
      ? r.found
        ? 'found'
        : 'null'
      : r.op === 'keys'
        ? `${str(r.count ?? 0)} keys`
        : 'ok';
  return `${str(r.op)} ${str(r.key ?? '')} → ${result}${r.fault ? ` (fault: ${str(r.fault)})` : ''}`;
}

function urlPath(url: unknown): string {
  try {
    const u = new URL(str(url));
    return `${u.host}${u.pathname}`;
  } catch {
    return str(url);
  }
}

/** The party actions that are arrows of their own (answers and failures come from the scenario's events). */
const PARTY_ACTIONS: Record<string, { kind: StepKind; label: (r: TraceRecord) => string; toParty?: boolean }> = {
  ringing: { kind: 'ringing', label: () => 'ringing' },
  press: { kind: 'dtmf', label: (r) => `DTMF ${str(r.digits)}` },
  hangup: { kind: 'hangup', label: () => 'hang up' },
  abandon: { kind: 'hangup', label: () => 'hangs up before the answer' },
  hearsRingback: { kind: 'ringback', label: () => 'ringback (before the answer)', toParty: true },
  disconnected: { kind: 'hangup', label: () => 'dropped: the session ended', toParty: true },
};

/** Arrows by record kind. */
const BUILDERS: Partial<Record<TraceRecord['kind'], Builder>> = {
  'call.inbound': (r) => ({ from: 'caller', to: 'scenario', kind: 'call', label: `call to ${str(r.to)}` }),
  'call.outbound': (r, laneOf) => ({
    from: 'scenario',
    to: laneOf(r.callId),
    kind: 'call',
    label: `call ${str(r.number)}, caller ID ${str(r.callerid)}`,
  }),
  party: (r, laneOf) => {
    const action = PARTY_ACTIONS[str(r.action)];
    if (!action) return undefined;
    const lane = laneOf(r.callId);
    return { from: action.toParty ? 'scenario' : lane, to: action.toParty ? lane : 'scenario', kind: action.kind, label: action.label(r) };
  },
  event: (r, laneOf) => {
    const lane = laneOf(r.callId);
    const payload = (r.payload ?? {}) as Record<string, unknown>;
    if (r.name === 'Call.Connected')
      return lane === 'caller'
        ? { from: 'scenario', to: 'caller', kind: 'answer', label: 'answer' }
        : { from: lane, to: 'scenario', kind: 'answer', label: 'answer' };
    if (r.name === 'Call.Failed')
      return { from: lane, to: 'scenario', kind: 'failed', label: `failed ${str(payload.code)} ${str(payload.reason)}` };
    return undefined;
  },
  api: (r, laneOf) => {
    if (r.name === 'Call.hangup' || r.name === 'Call.reject')
      return { from: 'scenario', to: laneOf(r.callId), kind: 'hangup', label: r.name === 'Call.hangup' ? 'hang up' : 'reject' };
    if (r.name === 'VoxEngine.sendMediaBetween') {
      const [a, b] = str(r.args)
        .split(',')
        .map((id) => id.trim());
      return { from: laneOf(a), to: laneOf(b), kind: 'bridge', label: 'bridge: audio both ways' };
    }
    return undefined;
  },
  heard: (r, laneOf) => {
    const lane = laneOf(r.callId);
    if (r.item === 'tts') return { from: 'scenario', to: lane, kind: 'tts', label: `TTS “${str(r.text)}”` };
    if (r.item === 'url')
      return str(r.url).startsWith('progress-tone:')
        ? { from: 'scenario', to: lane, kind: 'ringback', label: 'ringback' }
        : { from: 'scenario', to: lane, kind: 'play', label: `plays ${str(r.url)}` };
    if (r.item === 'tone') return { from: 'scenario', to: lane, kind: 'dtmf', label: `tones ${str(r.digits)}` };
    return undefined;
  },
  storage: (r) => ({ from: 'scenario', to: 'storage', kind: 'storage', label: storageLabel(r) }),
  http: (r) => {
    if (r.phase === 'request') return { from: 'scenario', to: 'webhook', kind: 'webhook', label: `${str(r.method)} ${urlPath(r.url)}` };
    const answer = r.phase === 'dropped' ? `dropped (${str(r.reason)})` : `${str(r.code)}${r.reason ? ` ${str(r.reason)}` : ''}`;
    return { from: 'webhook', to: 'scenario', kind: 'webhook-answer', label: answer };
  },
  access: (r) => ({
    from: 'webhook',
    to: 'scenario',
    kind: 'access',
    label: `access URL ${str(r.method)}${r.delivered ? '' : ' (not delivered)'}`,
  }),
  error: (r) => ({ from: 'scenario', to: 'scenario', kind: 'error', label: `error in ${str(r.where)}: ${str(r.message)}` }),
};

const DIALING = /^voxmask dialing kind="(callee|operator)"/;
const SESSION_END = /^voxmask session_end outcome="([^"]*)"(?: delivery="([^"]*)")?/;

/**
 * The ladder of session `sessionId` from trace records (any sessions; the others are skipped), in record
 * order. Numbers are masked (see the module description); `keep` lists numbers that may stay visible
 * (default: the virtual numbers of the session's records, timeline.ts virtualNumbersOf).
 */
export function buildLadder(records: readonly TraceRecord[], sessionId: number, keep?: readonly string[]): Ladder {
  const own = maskTraceRecords(records.filter((r) => r.sessionId === sessionId).map(shortenHashes), ...(keep ? [keep] : []));
  const ladder: Ladder = { sessionId, startMs: own[0]?.atMs ?? 0, lanes: LANES, steps: [], parties: {}, calls: {}, ended: false };
  const lanesByCall = new Map<string, Lane>();
  let nextOutbound: Lane = 'callee';
  const laneOf: LaneOf = (callId) => lanesByCall.get(str(callId)) ?? 'callee';
  for (const r of own) {
    if (r.kind === 'session.start') ladder.startMs = r.atMs;
    if (r.kind === 'session.end')
      Object.assign(ladder, { ended: true, finishReason: str(r.finishReason), durationS: r.durationS as number });
    if (r.kind === 'call.inbound') {
      lanesByCall.set(str(r.callId), 'caller');
      ladder.parties.caller ??= str(r.from);
    }
    if (r.kind === 'call.outbound') {
      lanesByCall.set(str(r.callId), nextOutbound);
      ladder.parties[nextOutbound] ??= str(r.number);
      nextOutbound = 'callee';
    }
    if (r.kind === 'log') {
      const dialing = DIALING.exec(str(r.line));
      if (dialing) nextOutbound = dialing[1] as Lane;
      const end = SESSION_END.exec(str(r.line));
      if (end) Object.assign(ladder, { outcome: end[1], ...(end[2] ? { delivery: end[2] } : {}) });
    }
    const step = BUILDERS[r.kind]?.(r, laneOf);
    if (step) ladder.steps.push({ seq: r.seq, atMs: r.atMs, offsetMs: r.atMs - ladder.startMs, ...step });
  }
  ladder.calls = Object.fromEntries(lanesByCall);
  return ladder;
}
