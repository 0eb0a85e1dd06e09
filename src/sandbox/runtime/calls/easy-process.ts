/**
 * VoxEngine.easyProcess, forwardCallToPSTN/SIP/User and playSoundAndHangup (docs/platform.md#easy-process), written
 * after the documented behaviour of the official easyProcess source (docs/platform.md#easy-process): the handlers below are
 * emulator functions registered as ordinary listeners, so they run in event order like scenario code.
 */
import { APP_EVENTS, CALL_EVENTS } from '../globals/enums';
import type { Session } from '../session/session';
import type { CallLeg } from './leg';
import { legOf } from './methods';
import { callSIP, callUser } from './call-sip-user';
import { callPSTN } from './outbound';
import { CALL_METHODS } from './methods';
import { setSource, stopRoute } from './media';

/**
 * sendMediaBetween(a, b): each call receives the other's audio (docs/platform.md#media-routing). `by`
 * names the helper that calls it (easyProcess does, as the official source does): the trace shows the
 * call as VoxEngine.sendMediaBetween made by that helper, and errors name the helper.
 */
export function sendMediaBetween(session: Session, a: unknown, b: unknown, by?: string): void {
  const label = by ?? 'VoxEngine.sendMediaBetween';
  const first = legOf(session.legsByFacade, `${label} (first call)`, a);
  const second = legOf(session.legsByFacade, `${label} (second call)`, b);
  if (first === second) throw new TypeError(`${label}: the two calls must differ`);
  session.trace('api', { name: 'VoxEngine.sendMediaBetween', args: `${first.id}, ${second.id}`, ...(by ? { by } : {}) });
  setSource(first, { kind: 'party', from: second });
  setSource(second, { kind: 'party', from: first });
}

/** stopMediaBetween(a, b): removes both routes if they are still in place. */
export function stopMediaBetween(session: Session, a: unknown, b: unknown): void {
  const first = legOf(session.legsByFacade, 'VoxEngine.stopMediaBetween (first call)', a);
  const second = legOf(session.legsByFacade, 'VoxEngine.stopMediaBetween (second call)', b);
  session.trace('api', { name: 'VoxEngine.stopMediaBetween', args: `${first.id}, ${second.id}` });
  stopRoute(first, second);
  stopRoute(second, first);
}

/**
 * easyProcess(call1, call2, onEstablished?, direct?): call2.Connected → call1.answer(); call2.Ringing →
 * call1.ring(); call2.AudioStarted → call1.startEarlyMedia(); call1.Connected → onEstablished(call1, call2);
 * Failed or Disconnected of either → terminate the session. Media is connected at once.
 */
export function easyProcess(session: Session, c1: unknown, c2: unknown, onEstablished: unknown, direct: unknown): void {
  const call1 = legOf(session.legsByFacade, 'VoxEngine.easyProcess (call1)', c1);
  const call2 = legOf(session.legsByFacade, 'VoxEngine.easyProcess (call2)', c2);
  if (direct === true) throw new Error('VoxEngine.easyProcess with direct=true (answerDirect, P2P) is not emulated');
  if (onEstablished !== undefined && typeof onEstablished !== 'function') {
    throw new TypeError('VoxEngine.easyProcess: onEstablished must be a function');
  }
  session.trace('api', { name: 'VoxEngine.easyProcess', args: `${call1.id}, ${call2.id}` });
  const none: unknown[] = [];
  const on = (leg: CallLeg, event: string, run: () => void) => leg.listeners.add(event, run);
  on(call2, CALL_EVENTS.Connected, () => CALL_METHODS.answer(call1, none));
  on(call2, CALL_EVENTS.Ringing, () => CALL_METHODS.ring(call1, none));
  on(call2, CALL_EVENTS.AudioStarted, () => CALL_METHODS.startEarlyMedia(call1, none));
  if (typeof onEstablished === 'function') on(call1, CALL_EVENTS.Connected, () => onEstablished(call1.facade, call2.facade));
  const close = () => session.terminate();
  for (const leg of [call1, call2]) {
    on(leg, CALL_EVENTS.Failed, close);
    on(leg, CALL_EVENTS.Disconnected, close);
  }
  sendMediaBetween(session, c1, c2, 'VoxEngine.easyProcess');
}

/**
 * forwardCallToPSTN(numberTransform?, onEstablished?, options?): on CallAlerting, dials
 * `numberTransform(destination) || destination` with `options.callerid` or the inbound caller ID, then
 * easyProcess.
 */
export function forwardCallToPSTN(session: Session, transform: unknown, onEstablished: unknown, options: unknown): void {
  if (transform !== undefined && transform !== null && typeof transform !== 'function') {
    throw new TypeError('VoxEngine.forwardCallToPSTN: numberTransform must be a function');
  }
  const given = options !== null && typeof options === 'object' ? (options as { callerid?: unknown; followDiversion?: unknown }) : {};
  session.trace('api', { name: 'VoxEngine.forwardCallToPSTN' });
  session.appListeners.add(APP_EVENTS.CallAlerting, (event: { call: object; destination: string; callerid: string }) => {
    const transformed = typeof transform === 'function' ? (transform as (n: string) => unknown)(event.destination) : undefined;
    const number = typeof transformed === 'string' && transformed ? transformed : event.destination;
    const callerid = typeof given.callerid === 'string' && given.callerid ? given.callerid : event.callerid;
    const outbound = callPSTN(session, number, callerid, given.followDiversion ? { followDiversion: given.followDiversion } : {});
    easyProcess(session, event.call, outbound.facade, onEstablished, false);
  });
}

/**
 * forwardCallToSIP(onEstablished?, video?): on CallAlerting, calls the dialed SIP URI (the event's
 * toURI) showing the inbound caller ID and display name, then easyProcess (the official source).
 */
export function forwardCallToSIP(session: Session, onEstablished: unknown, video: unknown): void {
  session.trace('api', { name: 'VoxEngine.forwardCallToSIP' });
  session.appListeners.add(APP_EVENTS.CallAlerting, (event: { call: object; toURI: string; callerid: string; displayName: string }) => {
    const outbound = callSIP(session, [event.toURI, event.callerid, event.displayName, null, null, null, video]);
    easyProcess(session, event.call, outbound.facade, onEstablished, false);
  });
}

/**
 * forwardCallToUser(onEstablished?, video?): on CallAlerting, calls the user named by the dialed
 * number (destination) showing the inbound caller ID and display name, then easyProcess (the official
 * source, which uses callUser's positional form).
 */
export function forwardCallToUser(session: Session, onEstablished: unknown, video: unknown): void {
  session.trace('api', { name: 'VoxEngine.forwardCallToUser' });
  session.appListeners.add(
    APP_EVENTS.CallAlerting,
    (event: { call: object; destination: string; callerid: string; displayName: string }) => {
      const outbound = callUser(session, [event.destination, event.callerid, event.displayName, null, video]);
      easyProcess(session, event.call, outbound.facade, onEstablished, false);
    },
  );
}

/**
 * playSoundAndHangup(url): plays `url` to the session's inbound call and hangs up when the playback ends
 * or the call fails or disconnects. An unanswered inbound call is answered first (inferred).
 */
export function playSoundAndHangup(session: Session, url: unknown): void {
  if (typeof url !== 'string' || !url) throw new TypeError('VoxEngine.playSoundAndHangup: url must be a non-empty string');
  const call = session.incoming;
  if (!call) throw new Error('VoxEngine.playSoundAndHangup: the session has no inbound call');
  session.trace('api', { name: 'VoxEngine.playSoundAndHangup', args: url });
  const none: unknown[] = [];
  const play = () => CALL_METHODS.startPlayback(call, [url]);
  call.listeners.add(CALL_EVENTS.PlaybackFinished, () => CALL_METHODS.hangup(call, none));
  if (call.state === 'ALERTING') {
    session.note('playSoundAnswers', 'VoxEngine.playSoundAndHangup answers an unanswered inbound call before playing [I]');
    call.listeners.add(CALL_EVENTS.Connected, play);
    CALL_METHODS.answer(call, none);
  } else play();
}
