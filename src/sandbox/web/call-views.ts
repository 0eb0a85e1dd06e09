/**
 * What the browser phone shows of a session, read from its trace records: a row of the Calls panel, and
 * for a call placed from the page what each phone shows as it happens (what the caller hears, the
 * callee's ringing phone and the caller ID on it). Every number is masked (maskTraceRecords, ladder
 * model); the virtual numbers stay visible.
 */
import { maskTraceRecords } from '../runtime/trace/timeline';
import type { TraceRecord } from '../runtime/types';
import { buildLadder, type Ladder, type Lane } from './ladder/model';

/** A row of the Calls panel. Times are virtual ISO 8601; `durationS` in seconds. */
export interface SessionSummary {
  sessionId: number;
  /** call_session_history_id in GetCallHistory, while the session is in the history. */
  historyId?: number;
  /** Placed from the browser phone. */
  live: boolean;
  startedAt: string;
  /** The caller, masked; absent for a session started without a call. */
  caller?: string;
  /** The dialed virtual number. */
  to?: string;
  ended: boolean;
  finishReason?: string;
  durationS?: number;
  /** The masked-call scenario's outcome (e.g. 'connected') and where its result went (e.g. 'delivered'). */
  outcome?: string;
  delivery?: string;
}

/** Something a party heard: `offsetMs` after the session's start. */
export interface HeardLine {
  offsetMs: number;
  kind: 'tts' | 'ringback' | 'party' | 'tone' | 'play';
  text: string;
}

/** A call leg as a phone shows it. */
export interface PhoneLeg {
  callId: string;
  /** The party's number, masked. */
  number: string;
  state: 'dialing' | 'ringing' | 'connected' | 'failed' | 'ended';
  /** Why it failed or ended (e.g. '486 Busy Here'). */
  detail?: string;
  /** What the party heard, oldest first (the newest MAX_HEARD). */
  hears: HeardLine[];
  /** The other party while their audio reaches this one (masked), e.g. after the bridge. */
  talkingWith?: string;
}

/** An outbound leg of a live call: the callee's or the operator's phone. */
export interface FarEndPhone extends PhoneLeg {
  lane: Lane;
  /** The caller ID the phone is shown: the virtual number. */
  callerId: string;
  /** A decision was taken (by a click or by the configured behaviour): the phone no longer asks. */
  decided: boolean;
}

/** A call placed from the browser phone, as its phones show it. */
export interface LiveCallView {
  sessionId: number;
  /** The dialed virtual number. */
  to: string;
  caller: PhoneLeg;
  farEnds: FarEndPhone[];
  ended: boolean;
  finishReason?: string;
  outcome?: string;
}

/** Lines of what a party heard kept per leg. */
export const MAX_HEARD = 40;

const str = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v ?? ''));

/** A row of the Calls panel from the session's records. */
export function sessionSummary(
  records: readonly TraceRecord[],
  sessionId: number,
  extra: { live: boolean; historyId?: number },
): SessionSummary {
  const ladder = buildLadder(records, sessionId);
  const inbound = records.find((r) => r.kind === 'call.inbound');
  return {
    sessionId,
    ...(extra.historyId !== undefined ? { historyId: extra.historyId } : {}),
    live: extra.live,
    startedAt: new Date(ladder.startMs).toISOString(),
    ...(ladder.parties.caller ? { caller: ladder.parties.caller } : {}),
    ...(inbound ? { to: str(inbound.to) } : {}),
    ended: ladder.ended,
    ...pick(ladder, ['finishReason', 'durationS', 'outcome', 'delivery']),
  };
}

function pick<K extends keyof Ladder>(ladder: Ladder, keys: K[]): Partial<Pick<Ladder, K>> {
  const out: Partial<Pick<Ladder, K>> = {};
  for (const k of keys) if (ladder[k] !== undefined) out[k] = ladder[k];
  return out;
}

/** The legs' states, from the masked records of one session. */
type ReadLeg = PhoneLeg & { callerId?: string; peerCallId?: string };

class Legs {
  readonly byId = new Map<string, ReadLeg>();

  leg(callId: unknown): ReadLeg | undefined {
    return this.byId.get(str(callId));
  }

  read(r: TraceRecord, startMs: number): void {
    if (r.kind === 'call.inbound')
      this.byId.set(str(r.callId), { callId: str(r.callId), number: str(r.from), state: 'ringing', hears: [] });
    if (r.kind === 'call.outbound')
      this.byId.set(str(r.callId), {
        callId: str(r.callId),
        number: str(r.number),
        callerId: str(r.callerid),
        state: 'dialing',
        hears: [],
      });
    const leg = this.leg(r.callId);
    if (!leg) return;
    const end = (state: PhoneLeg['state'], detail?: string) => {
      if (leg.state === 'failed' || leg.state === 'ended') return;
      leg.state = state;
      if (detail) leg.detail = detail;
      leg.peerCallId = undefined;
    };
    if (r.kind === 'party') {
      if (r.action === 'ringing' && leg.state === 'dialing') leg.state = 'ringing';
      if (r.action === 'hearsRingback') this.hear(leg, startMs, r, 'ringback', 'ringback');
      if (r.action === 'hangup' || r.action === 'abandon') end('ended', 'hung up');
      if (r.action === 'disconnected') end('ended', 'the session ended');
    }
    if (r.kind === 'event' && r.name === 'Call.Connected') leg.state = 'connected';
    if (r.kind === 'event' && r.name === 'Call.Failed') {
      const p = (r.payload ?? {}) as Record<string, unknown>;
      end('failed', `${str(p.code)} ${str(p.reason)}`);
    }
    if (r.kind === 'event' && r.name === 'Call.Disconnected') end('ended', str(((r.payload ?? {}) as Record<string, unknown>).reason));
    if (r.kind === 'api' && (r.name === 'Call.hangup' || r.name === 'Call.reject')) end('ended', 'the scenario hung up');
    if (r.kind === 'heard') {
      if (r.item === 'tts') this.hear(leg, startMs, r, 'tts', str(r.text));
      else if (r.item === 'url')
        this.hear(
          leg,
          startMs,
          r,
          str(r.url).startsWith('progress-tone:') ? 'ringback' : 'play',
          str(r.url).startsWith('progress-tone:') ? 'ringback' : `plays ${str(r.url)}`,
        );
      else if (r.item === 'tone') this.hear(leg, startMs, r, 'tone', `tones ${str(r.digits)}`);
      else if (r.item === 'party') {
        this.hear(leg, startMs, r, 'party', `talking with ${str(r.peer)}`);
        leg.peerCallId = str(r.peerCallId);
      }
    }
  }

  /** Sets each leg's talkingWith: the peer whose audio it gets, while both legs are connected. */
  settle(): void {
    for (const leg of this.byId.values()) {
      const peer = leg.peerCallId === undefined ? undefined : this.byId.get(leg.peerCallId);
      if (peer && leg.state === 'connected' && peer.state === 'connected') leg.talkingWith = peer.number;
    }
  }

  private hear(leg: ReadLeg, startMs: number, r: TraceRecord, kind: HeardLine['kind'], text: string): void {
    if (kind !== 'party') leg.peerCallId = undefined;
    leg.hears.push({ offsetMs: r.atMs - startMs, kind, text });
    if (leg.hears.length > MAX_HEARD) leg.hears.shift();
  }
}

/**
 * The phones of a live call from its session's records. `decided(callId)` says whether an outbound leg's
 * ringing phone has been decided (LiveParties.farEnds).
 */
export function liveCallView(
  records: readonly TraceRecord[],
  sessionId: number,
  decided: (callId: string) => boolean,
): LiveCallView | undefined {
  const ladder = buildLadder(records, sessionId);
  const masked = maskTraceRecords(records.filter((r) => r.sessionId === sessionId));
  const legs = new Legs();
  for (const r of masked) legs.read(r, ladder.startMs);
  const inbound = masked.find((r) => r.kind === 'call.inbound');
  const caller = inbound && legs.leg(inbound.callId);
  if (!inbound || !caller) return undefined;
  legs.settle();
  const farEnds: FarEndPhone[] = [];
  for (const [callId, lane] of Object.entries(ladder.calls)) {
    const leg = legs.leg(callId);
    if (lane === 'caller' || !leg) continue;
    const { callerId, peerCallId: _peer, ...phone } = leg;
    farEnds.push({ ...phone, lane, callerId: callerId ?? '', decided: decided(callId) });
  }
  const { peerCallId: _peer, callerId: _shown, ...callerPhone } = caller;
  return {
    sessionId,
    to: str(inbound.to),
    caller: callerPhone,
    farEnds,
    ended: ladder.ended,
    ...pick(ladder, ['finishReason', 'outcome']),
  };
}
