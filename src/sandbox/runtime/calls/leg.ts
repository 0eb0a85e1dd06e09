/**
 * One call leg of a session and its state machine (docs/platform.md#call-methods): ALERTING (inbound, not yet
 * answered) or PROGRESSING (outbound, not yet answered) → CONNECTED → TERMINATED. State changes that
 * come from the far end happen inside scheduled tasks and fire their events there; changes requested by
 * the scenario (hangup, reject) take effect at once and fire their events on the next turn.
 *
 * Event order (docs/platform.md#event-order): outbound answer: AudioStarted → StateChanged → Connected; any end: StateChanged →
 * Disconnected or Failed → RecordStopped (when recording). StateChanged's position is an (inferred) choice.
 */
import type { ScheduledTask } from '../../clock';
import { CALL_EVENTS } from '../globals/enums';
import type { Session } from '../session/session';
import type { PartyAction } from '../types';
import { detach, refreshAround, toneToListeners, type MediaSource, type Playback } from './media';
import { Party } from './party';
import { reasonFor } from './sip';
import { ListenerRegistry } from '../session/listeners';

/** Call.clientType() values the emulator produces (docs/platform.md#other-call-methods). */
export type ClientType = 'pstn' | 'sip' | 'user';

/** Call.state() values (docs/platform.md#call-methods). */
export type CallState = 'ALERTING' | 'PROGRESSING' | 'CONNECTED' | 'TERMINATED';

/**
 * What ends a leg: the event the scenario gets (none after terminate), the SIP code (Disconnected's
 * internalCode or Failed's code) and the reason phrase (default: the code's phrase, calls/sip.ts).
 */
export interface LegEnd {
  event: 'Disconnected' | 'Failed' | undefined;
  code: number;
  reason?: string;
}

/** Construction data of a leg. Numbers are as given (no normalisation). */
export interface LegInit {
  incoming: boolean;
  /** call.clientType(): how the far end is reached. */
  clientType: ClientType;
  /** call.number(): the dialed number. */
  number: string;
  /** call.callerid(): the caller ID of the call (inbound: the caller; outbound: the ID shown to the callee). */
  callerid: string;
  displayName: string;
  headers: Record<string, string>;
  /** The far party's phone number (heardBy key). */
  partyNumber: string;
  /** Our side's number in the call history (the virtual number, or the caller ID we presented). */
  localNumber: string;
  remoteNumber: string;
  actions: readonly PartyAction[];
}

export class CallLeg {
  readonly listeners = new ListenerRegistry();
  readonly facade: object;
  readonly party: Party;
  readonly id: string;
  readonly startMs: number;
  state: CallState;
  customData = '';
  earlyMedia = false;
  handlesTones = false;
  rx: MediaSource | undefined;
  audible: string | undefined;
  recording: { url: string; startMs: number } | undefined;
  connectedAt: number | undefined;
  /** The 60 s no-answer limit (docs/platform.md#session-limits); cancelled once the call is answered. */
  noAnswerTask: ScheduledTask | undefined;
  private readonly pending = new Set<ScheduledTask>();

  constructor(
    readonly session: Session,
    readonly init: LegInit,
  ) {
    this.id = session.nextCallId();
    this.startMs = session.now();
    this.state = init.incoming ? 'ALERTING' : 'PROGRESSING';
    this.facade = session.facade.makeCall();
    session.realm.adopt(this.facade);
    this.party = new Party(this, init.partyNumber, init.actions);
    session.addLeg(this);
  }

  /** The playback the party hears now (what `rx` carries when it is a playback). */
  get playback(): Playback | undefined {
    return this.rx?.kind === 'playback' ? this.rx.playback : undefined;
  }

  get incoming(): boolean {
    return this.init.incoming;
  }

  get partyNumber(): string {
    return this.init.partyNumber;
  }

  /** Schedules far-end or party work for this leg; cancelled when the leg ends. */
  after(delayMs: number, run: () => void): ScheduledTask {
    return this.session.schedule(
      delayMs,
      () => {
        if (this.state !== 'TERMINATED') run();
      },
      undefined,
      this.pending,
    );
  }

  /** Fires a CallEvents event now (call only from a scheduled task). */
  emit(name: keyof typeof CALL_EVENTS, fields: Record<string, unknown> = {}): void {
    this.session.emitCall(this, CALL_EVENTS[name], fields);
  }

  /** The call is answered: by the far end (outbound) or after answer() (inbound). Runs inside a task. */
  connect(): void {
    if (this.state === 'TERMINATED' || this.state === 'CONNECTED') return;
    const oldState = this.state;
    this.state = 'CONNECTED';
    this.connectedAt = this.session.now();
    this.session.services.clock.cancel(this.noAnswerTask);
    this.session.note('stateChangedOrder', 'Call.StateChanged fires right before the Connected, Disconnected or Failed it belongs to [I]');
    if (!this.incoming) this.emit('AudioStarted', { headers: {} });
    else this.session.note('inboundNoAudioStarted', 'an answered inbound call gets Connected without AudioStarted [I]');
    this.emit('StateChanged', { oldState, newState: 'CONNECTED' });
    this.emit('Connected', { headers: {} });
    refreshAround(this);
    this.party.start();
  }

  /** Ends the leg now; the scenario's events (if any) follow on the next turn. Ending twice is harmless. */
  end(how: LegEnd): void {
    if (this.state === 'TERMINATED') return;
    const oldState = this.state;
    const now = this.session.now();
    const reason = how.reason ?? reasonFor(how.code);
    this.state = 'TERMINATED';
    for (const task of this.pending) this.session.services.clock.cancel(task);
    this.pending.clear();
    this.party.waiting?.cancel();
    this.party.waiting = undefined;
    detach(this);
    const durationS = this.connectedAt === undefined ? 0 : Math.round((now - this.connectedAt) / 1000);
    const recording = this.recording;
    this.session.outcomes.push({
      callId: this.id,
      incoming: this.incoming,
      localNumber: this.init.localNumber,
      remoteNumber: this.init.remoteNumber,
      startTime: new Date(this.startMs).toISOString(),
      durationS,
      successful: this.connectedAt !== undefined,
      endReason: reason,
      ...(recording ? { recordUrl: recording.url } : {}),
    });
    const recordS = recording ? Math.round((now - recording.startMs) / 1000) : 0;
    if (recording)
      this.session.recordings.push({ recordUrl: recording.url, startTime: new Date(recording.startMs).toISOString(), durationS: recordS });
    this.session.legsChanged();
    const event = how.event;
    if (!event) return;
    this.session.note(
      'endPayload',
      "Disconnected/Failed reasons are SIP reason phrases; a normal hang-up has internalCode 200; cost is 0 and direction 'in' or 'out' [I]",
    );
    this.session.schedule(0, () => {
      this.emit('StateChanged', { oldState, newState: 'TERMINATED' });
      if (event === 'Failed') this.emit('Failed', { code: how.code, reason, headers: {} });
      else {
        this.emit('Disconnected', {
          internalCode: how.code,
          reason,
          duration: durationS,
          cost: 0,
          direction: this.incoming ? 'in' : 'out',
          headers: {},
        });
      }
      if (recording) this.emit('RecordStopped', { url: recording.url, cost: '0.0000', duration: recordS });
    });
  }

  /** terminate() or a session error: the platform drops the call; the scenario gets no events (docs/platform.md#terminate). */
  tearDown(): void {
    if (this.state === 'TERMINATED') return;
    this.party.trace('disconnected', { detail: 'the session ended' });
    this.end({ event: undefined, code: 200, reason: 'Session terminated' });
  }

  /** The party hangs up (a hangup action). */
  hangupFromParty(): void {
    if (this.state === 'CONNECTED') this.end({ event: 'Disconnected', code: 200 });
    else if (this.incoming) this.end({ event: 'Disconnected', code: 487 });
    else this.end({ event: 'Failed', code: 487 });
  }

  /** A DTMF digit the party pressed arrives (docs/platform.md#dtmf): ToneReceived, or tones in the audio. */
  toneFromParty(digit: string): void {
    if (this.state !== 'CONNECTED') return;
    if (this.handlesTones) this.emit('ToneReceived', { tone: digit, type: '1' });
    else toneToListeners(this, digit);
  }

  /** The CallAlerting payload (docs/platform.md#session-events) for an inbound leg. */
  alertingPayload(): Record<string, unknown> {
    return {
      call: this.facade,
      callerid: this.init.callerid,
      destination: this.init.number,
      displayName: this.init.displayName,
      headers: { ...this.init.headers },
      fromURI: `sip:${this.init.callerid}@voximplant.com`,
      toURI: `sip:${this.init.number}@voximplant.com`,
      scheme: {},
    };
  }
}
