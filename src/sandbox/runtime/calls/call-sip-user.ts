/**
 * VoxEngine.callSIP and VoxEngine.callUser (docs/platform.md#other-call-methods): their argument forms,
 * turned into an outbound leg by placeOutbound (outbound.ts), whose far end behaves like a PSTN phone
 * (the call script's `sip` and `users` far ends). Call.clientType() is 'sip' or 'user'.
 *
 * - callSIP(to, parameters?): `to` is a SIP URI (`sip:alice@example.org`, `sips:…`, or `alice@host`);
 *   when `parameters` is not an object, it and the arguments after it are read positionally as
 *   callerid, displayName, password, authUser, headers, video, outProxy (documented). The password and
 *   authUser are never traced. callerid is optional (a SIP call may show none).
 * - callUser(parameters): `{ username, callerid, displayName?, extraHeaders?, video?, … }`; the older
 *   positional form (username, callerid, displayName?, headers?, video?, scheme?) is what the official
 *   forwardCallToUser still calls (legacy). The `VI-CallTimeout` header sets the no-answer limit,
 *   10–400 s (default 60); a value outside is clamped, with a warning.
 * Video, answering-machine detection, SIP registrations and proxies are not emulated: the call goes on
 * as audio and a warning names what was ignored.
 */
import { NO_ANSWER_MS } from '../constants';
import type { Session } from '../session/session';
import type { CallLeg } from './leg';
import { checkCallerId, placeOutbound } from './outbound';

/** A SIP URI as callSIP takes it: optional sip:/sips: scheme, user@host, optional port and parameters; no spaces. */
const SIP_URI = /^(sips?:)?[^\s@:]+@[^\s@]+$/i;

/** Bounds of callUser's VI-CallTimeout header, seconds (docs/platform.md#other-call-methods). */
const CALL_TIMEOUT_MIN_S = 10;
const CALL_TIMEOUT_MAX_S = 400;

/** Headers given to a call method: an object of strings (values are converted), or nothing. */
function headersOf(label: string, value: unknown): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new TypeError(`${label}: headers must be an object such as { 'X-Order': '42' }, got ${typeof value}`);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = String(v);
  return out;
}

/** An optional string parameter, or a TypeError naming it. */
function optionalString(label: string, name: string, value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new TypeError(`${label}: ${name} must be a string, got ${typeof value}`);
  return value;
}

/**
 * The parameters object of a call method: `args[0]` when it is an object, else the arguments read
 * positionally under `names` (undefined ones left out).
 */
function parametersOf(args: readonly unknown[], names: readonly string[]): Record<string, unknown> {
  const first = args[0];
  if (first !== null && typeof first === 'object' && !Array.isArray(first)) return first as Record<string, unknown>;
  const params: Record<string, unknown> = {};
  names.forEach((name, i) => {
    if (args[i] !== undefined) params[name] = args[i];
  });
  return params;
}

/** Warns about parameters the emulator reads but does not emulate, and about unknown ones. */
function warnIgnored(
  session: Session,
  label: string,
  params: Record<string, unknown>,
  known: readonly string[],
  notEmulated: readonly string[],
): void {
  const ignored = notEmulated.filter((name) => params[name] !== undefined && params[name] !== null && params[name] !== false);
  if (ignored.length > 0)
    session.warn(
      `${label}:notEmulated`,
      `${label}: ${ignored.join(', ')} ${ignored.length === 1 ? 'is' : 'are'} not emulated; the call goes on as an audio call without ${ignored.length === 1 ? 'it' : 'them'}`,
    );
  const unknown = Object.keys(params).filter((name) => !known.includes(name));
  if (unknown.length > 0)
    session.warn(
      `${label}:unknownParameters`,
      `${label}: ${unknown.join(', ')} ${unknown.length === 1 ? 'is not a parameter' : 'are not parameters'} of this method and ${unknown.length === 1 ? 'was' : 'were'} ignored`,
    );
}

const SIP_PARAMETERS = [
  'callerid',
  'displayName',
  'password',
  'authUser',
  'headers',
  'video',
  'outProxy',
  'regId',
  'amd',
  'scheme',
] as const;
const SIP_POSITIONAL = ['callerid', 'displayName', 'password', 'authUser', 'headers', 'video', 'outProxy'] as const;

/** VoxEngine.callSIP(to, parameters?) or its positional form; returns the new leg (PROGRESSING). */
export function callSIP(session: Session, args: readonly unknown[]): CallLeg {
  const label = 'VoxEngine.callSIP';
  const to = args[0];
  if (typeof to !== 'string' || !SIP_URI.test(to)) {
    throw new TypeError(`${label}: to must be a SIP URI such as 'sip:alice@example.org' (no spaces), got ${JSON.stringify(to)}`);
  }
  const params = parametersOf(args.slice(1), SIP_POSITIONAL);
  const given = params.callerid;
  const callerid = given === undefined || given === null ? '' : checkCallerId(session, label, given);
  if (callerid === '') session.note('sipNoCallerId', 'VoxEngine.callSIP without a callerid shows the far end an empty caller ID [I]');
  const displayName = optionalString(label, 'displayName', params.displayName) ?? callerid;
  optionalString(label, 'password', params.password);
  optionalString(label, 'authUser', params.authUser);
  const headers = headersOf(label, params.headers);
  warnIgnored(session, label, params, SIP_PARAMETERS, ['video', 'outProxy', 'regId', 'amd']);
  return placeOutbound(session, { clientType: 'sip', address: to, callerid, displayName, headers });
}

const USER_PARAMETERS = [
  'username',
  'callerid',
  'displayName',
  'extraHeaders',
  'video',
  'videoOrientationExtension',
  'analyticsLabel',
  'amd',
  'pushNotificationTimeout',
  'scheme',
  'maxVideoBitrate',
  'disableExtVideoOffset',
  'disableExtVideoOrientation',
  'disableExtPlayoutDelay',
  'disableExtVideoTiming',
  'conferenceCall',
  'disableDtxForAudio',
] as const;
const USER_POSITIONAL = ['username', 'callerid', 'displayName', 'extraHeaders', 'video', 'scheme'] as const;

/** The no-answer limit from a VI-CallTimeout header (seconds, 10–400, default 60), in ms. */
function callTimeoutMs(session: Session, headers: Record<string, string>): number {
  const name = Object.keys(headers).find((k) => k.toLowerCase() === 'vi-calltimeout');
  if (name === undefined) return NO_ANSWER_MS;
  const seconds = Number(headers[name]);
  if (!Number.isFinite(seconds)) {
    session.warn(
      'callTimeoutHeader',
      `VoxEngine.callUser: VI-CallTimeout ${JSON.stringify(headers[name])} is not a number of seconds; the default ${NO_ANSWER_MS / 1000} s applies`,
    );
    return NO_ANSWER_MS;
  }
  const clamped = Math.min(CALL_TIMEOUT_MAX_S, Math.max(CALL_TIMEOUT_MIN_S, seconds));
  if (clamped !== seconds) {
    session.warn(
      'callTimeoutHeader',
      `VoxEngine.callUser: VI-CallTimeout ${seconds} s is outside ${CALL_TIMEOUT_MIN_S}–${CALL_TIMEOUT_MAX_S} s; the emulator uses ${clamped} s (what the platform does is undocumented)`,
    );
  }
  return clamped * 1000;
}

/** VoxEngine.callUser(parameters) or its legacy positional form; returns the new leg (PROGRESSING). */
export function callUser(session: Session, args: readonly unknown[]): CallLeg {
  const label = 'VoxEngine.callUser';
  const params = parametersOf(args, USER_POSITIONAL);
  if (params !== args[0]) {
    session.note(
      'callUserPositional',
      'VoxEngine.callUser(username, callerid, displayName, headers, video, scheme): the positional form the official forwardCallToUser uses is accepted (legacy form) [L]',
    );
  }
  const username = params.username;
  if (typeof username !== 'string' || username.length === 0)
    throw new TypeError(`${label}: username must be the non-empty name of a Voximplant user, got ${JSON.stringify(username)}`);
  const callerid = checkCallerId(session, label, params.callerid);
  const displayName = optionalString(label, 'displayName', params.displayName) ?? callerid;
  const headers = headersOf(label, params.extraHeaders);
  warnIgnored(session, label, params, USER_PARAMETERS, ['video', 'amd']);
  return placeOutbound(session, {
    clientType: 'user',
    address: username,
    callerid,
    displayName,
    headers,
    noAnswerMs: callTimeoutMs(session, headers),
  });
}
