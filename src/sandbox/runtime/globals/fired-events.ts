/** Which events the emulator fires, so a listener for any other event can be pointed out in the trace. */
import type { Session } from '../session/session';
import { APP_EVENTS, CALL_EVENTS } from './enums';

const FIRED_CALL_EVENTS = [
  'Connected',
  'Disconnected',
  'Failed',
  'Ringing',
  'AudioStarted',
  'PlaybackStarted',
  'PlaybackFinished',
  'ToneReceived',
  'RecordStarted',
  'RecordStopped',
  'RecordError',
  'StateChanged',
] as const;

const FIRED = new Set<string>([
  APP_EVENTS.Started,
  APP_EVENTS.CallAlerting,
  APP_EVENTS.HttpRequest,
  APP_EVENTS.Terminating,
  APP_EVENTS.Terminated,
  ...FIRED_CALL_EVENTS.map((n) => CALL_EVENTS[n]),
]);

/** Notes (once per session and name) a listener for an event the emulator never fires. */
export function noteUnfiredEvent(session: Session, event: string): void {
  if (!FIRED.has(event)) session.note(`neverFired:${event}`, `a listener for '${event}' was added; the emulator never fires this event`);
}
