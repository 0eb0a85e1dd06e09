/**
 * The browser phone of the sandbox (docs/sandbox.md "Browser phone"): calls placed from a page, their
 * far ends driven live (runtime/live/live-parties.ts) on a clock that runs in real time while they do
 * (live-clock.ts), and what the page shows: sessions, the phones of live calls, ladders, orders and
 * results. The HTTP side is routes.ts; who may use it, access.ts.
 */
import { z } from 'zod';
import type { CallResult } from '../../../contract/call-result';
import type { SessionHandle, InboundCallSpec, VoxEngineEmulator } from '../runtime';
import { DEFAULT_DECIDE_WITHIN_S, LiveParties, type LiveDecision } from '../runtime/live/live-parties';
import { buildLadder } from './ladder/model';
import { renderLaddersSvg } from './ladder/svg';
import { liveCallView, sessionSummary, type LiveCallView, type SessionSummary } from './call-views';
import { LiveClock } from './live-clock';
import { ordersPanel, partyChoices, partyPhone, type ApplicationStores, type OrdersPanel, type PartyChoice } from './orders-view';
import { TraceIndex } from './trace-index';
import { VoxmaskError } from '../../errors';

/** Options of the browser phone (SandboxOptions.web). */
export interface SandboxWebOptions {
  /** The results a local receiver verified (`voxmask start`); absent: the panel says nothing receives them. */
  results?: () => readonly CallResult[];
  /** Virtual ms per wall ms while a live call runs (default 1: real time; tests go faster). */
  clockRate?: number;
  /** Default seconds a ringing phone waits for a click before its configured behaviour decides (default 20). */
  decideWithinS?: number;
}

/** What the browser phone uses of the sandbox. */
export interface WebSandbox {
  readonly emulator: VoxEngineEmulator;
  placeInboundCall(call: InboundCallSpec): SessionHandle;
  historyIdOf(sessionId: number): number | undefined;
}

/** A bad request body or argument; `field` names it. Answered 400. */
export class WebInputError extends VoxmaskError {
  override name = 'WebInputError';
  readonly code = 'E_WEB_INPUT';
  constructor(
    readonly field: string,
    readonly problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

/** What the page needs to place a call: the callers to offer and the virtual numbers to dial. */
export interface WebSetup {
  parties: PartyChoice[];
  virtualNumbers: string[];
  decideWithinS: number;
}

/** What the page is pushed (Server-Sent Events): the newest sessions and the live calls. */
export interface WebSnapshot {
  /** Virtual time, ISO 8601. */
  now: string;
  sessions: SessionSummary[];
  live: LiveCallView[];
}

/** Rows of the Calls panel. */
export const SESSIONS_SHOWN = 50;
/** Wall ms between two looks at the trace for the page. */
export const PUSH_TICK_MS = 100;
/** Wall ms between pushes of the virtual time alone, while a live call runs. */
const CLOCK_PUSH_MS = 1000;

const callSchema = z
  .strictObject({
    to: z.string().min(1, 'give the virtual number to dial'),
    party: z.string().min(1).optional(),
    from: z.string().optional(),
    decideWithinS: z.number().finite().positive().max(3600, 'must be at most 3600 s').optional(),
  })
  .refine((b) => (b.party === undefined) !== (b.from === undefined || b.from === ''), {
    message: 'give exactly one of party (a seeded party) and from (a number)',
    path: ['from'],
  });

const pressSchema = z.strictObject({ digits: z.string().regex(/^[0-9*#]{1,32}$/, 'must be 1-32 keys of 0-9, * and #') });
const decideSchema = z.strictObject({ decision: z.enum(['answer', 'reject', 'busy', 'noAnswer', 'hangUp']) });

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  throw new WebInputError(issue.path.join('.') || '(body)', issue.message);
}

/** A typed caller ID: spaces, dashes, dots and brackets dropped; then an optional + and 3-15 digits. */
function typedNumber(from: string): string {
  const number = from.replace(/[\s\-.()]/g, '');
  if (!/^\+?[0-9]{3,15}$/.test(number)) throw new WebInputError('from', 'must be a phone number: an optional + and 3-15 digits');
  return number;
}

export class SandboxWeb {
  readonly live = new LiveParties();
  private readonly clock: LiveClock;
  private readonly index: TraceIndex;
  private readonly summaries = new Map<number, SessionSummary>();
  private readonly liveSessions = new Set<number>();
  private readonly listeners = new Set<(snapshot: WebSnapshot) => void>();
  private timer: NodeJS.Timeout | undefined;
  /** Wall ms of the last push. */
  private pushedAt = 0;
  private current: WebSnapshot | undefined;

  /** Throws RangeError for a clockRate or decideWithinS that is not a positive number. */
  constructor(
    private readonly sandbox: WebSandbox,
    private readonly apps: ApplicationStores & { virtualNumbers(): string[] },
    private readonly options: SandboxWebOptions,
    onError: (err: Error) => void,
  ) {
    const decide = options.decideWithinS ?? DEFAULT_DECIDE_WITHIN_S;
    if (!(decide > 0 && decide <= 3600))
      throw new RangeError(`decideWithinS must be a number of seconds in (0, 3600], got ${String(options.decideWithinS)}`);
    this.clock = new LiveClock(sandbox.emulator, options.clockRate ?? 1, onError);
    this.index = new TraceIndex(sandbox.emulator.trace);
    sandbox.emulator.setLiveHooks(this.live);
  }

  /** The callers and virtual numbers the Phones panel offers. */
  setup(): WebSetup {
    return {
      parties: partyChoices(this.apps),
      virtualNumbers: this.apps.virtualNumbers(),
      decideWithinS: this.options.decideWithinS ?? DEFAULT_DECIDE_WITHIN_S,
    };
  }

  /** The Orders and results panel now. */
  orders(): OrdersPanel {
    return ordersPanel(this.apps, this.sandbox.emulator.now(), this.options.results);
  }

  /**
   * Places a live call: `{ to, party | from, decideWithinS? }` (party: a PartyChoice ref; from: a typed
   * number). Returns its session id. Throws WebInputError for a bad body or a party whose order is
   * gone, SandboxRoutingError when the number has no route.
   */
  placeCall(body: unknown): { sessionId: number } {
    const b = parse(callSchema, body);
    const from = b.party !== undefined ? partyPhone(this.apps, b.party) : typedNumber(b.from ?? '');
    if (from === undefined) throw new WebInputError('party', 'no such party: its order has ended or changed');
    const handle = this.sandbox.placeInboundCall({ from, to: b.to, actions: [] });
    this.live.watch(handle.id, { decideWithinS: b.decideWithinS ?? this.options.decideWithinS });
    this.liveSessions.add(handle.id);
    this.clock.start(handle.id);
    void handle.done.finally(() => {
      this.clock.stop(handle.id);
      this.live.unwatch(handle.id);
    });
    this.wake();
    return { sessionId: handle.id };
  }

  /** The caller of a live call presses keys. Throws WebInputError / LiveCommandError. */
  async press(sessionId: number, body: unknown): Promise<void> {
    this.live.press(sessionId, parse(pressSchema, body).digits);
    await this.sandbox.emulator.runDue();
  }

  /** The caller of a live call hangs up. Throws LiveCommandError. */
  async hangUp(sessionId: number): Promise<void> {
    this.live.hangUp(sessionId);
    await this.sandbox.emulator.runDue();
  }

  /** The person on a live call's far end `callId` decides. Throws WebInputError / LiveCommandError. */
  async decide(sessionId: number, callId: string, body: unknown): Promise<void> {
    this.live.decide(sessionId, callId, parse(decideSchema, body).decision as LiveDecision);
    await this.sandbox.emulator.runDue();
  }

  /** The ladder of a kept session as SVG, with the results delivered for it beside it; undefined when it is not kept. */
  ladderSvg(sessionId: number): string | undefined {
    this.index.update();
    const records = this.index.recordsOf(sessionId);
    if (!records) return undefined;
    const ladder = buildLadder(records, sessionId);
    const delivered = (this.options.results?.() ?? []).filter((r) => r.sessionId === sessionId);
    const notes = delivered.flatMap((r) => [
      `verified result: ${r.outcome}`,
      `  PIN ${r.pin.outcome}, ended by ${r.endedBy}, ${r.durationS} s`,
    ]);
    return renderLaddersSvg([ladder], {
      keep: this.apps.virtualNumbers(),
      notes: new Map([[sessionId, notes]]),
      idPrefix: `s${sessionId}`,
    });
  }

  /** The current snapshot (computed now when nobody is subscribed). */
  snapshot(): WebSnapshot {
    this.refresh();
    return this.current as WebSnapshot;
  }

  /** Calls `listener` with every new snapshot until the returned function is called. */
  subscribe(listener: (snapshot: WebSnapshot) => void): () => void {
    this.listeners.add(listener);
    this.wake();
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** Stops the clock and the pushes, and hands the far ends back to their behaviours. */
  close(): void {
    this.clock.close();
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.listeners.clear();
    this.sandbox.emulator.setLiveHooks(undefined);
  }

  /** Starts looking at the trace while someone listens or a live call runs. */
  private wake(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      if (this.listeners.size === 0 && this.runningLive() === 0) {
        clearInterval(this.timer);
        this.timer = undefined;
        return;
      }
      // While a live call runs the page's clock moves even when nothing else does.
      const clockDue = this.runningLive() > 0 && Date.now() - this.pushedAt >= CLOCK_PUSH_MS;
      if (!this.refresh() && !clockDue) return;
      this.pushedAt = Date.now();
      const snapshot = { ...(this.current as WebSnapshot), now: new Date(this.sandbox.emulator.now()).toISOString() };
      this.current = snapshot;
      for (const listener of this.listeners) listener(snapshot);
    }, PUSH_TICK_MS);
    this.timer.unref();
  }

  private runningLive(): number {
    let n = 0;
    for (const id of this.liveSessions) if (this.live.isLive(id)) n += 1;
    return n;
  }

  /** Reads new trace records; rebuilds what changed. Returns whether the snapshot changed. */
  private refresh(): boolean {
    const changed = this.index.update();
    if (this.current && changed.size === 0) return false;
    for (const id of changed) {
      const records = this.index.recordsOf(id);
      if (records)
        this.summaries.set(id, sessionSummary(records, id, { live: this.liveSessions.has(id), historyId: this.sandbox.historyIdOf(id) }));
    }
    const ids = this.index.sessionIds();
    for (const id of this.summaries.keys()) if (!this.index.recordsOf(id)) this.summaries.delete(id);
    for (const id of this.liveSessions) if (!this.index.recordsOf(id) && !this.live.isLive(id)) this.liveSessions.delete(id);
    const live: LiveCallView[] = [];
    for (const id of [...this.liveSessions].reverse()) {
      const records = this.index.recordsOf(id);
      const decided = new Map(this.live.farEnds(id).map((f) => [f.callId, f.decided]));
      const view = records && liveCallView(records, id, (callId) => decided.get(callId) ?? true);
      if (view) live.push(view);
    }
    this.current = {
      now: new Date(this.sandbox.emulator.now()).toISOString(),
      sessions: ids.slice(0, SESSIONS_SHOWN).flatMap((id) => this.summaries.get(id) ?? []),
      live: live.slice(0, 5),
    };
    return true;
  }
}
