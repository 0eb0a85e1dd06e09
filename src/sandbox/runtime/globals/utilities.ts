/**
 * Global utility functions and Crypto (docs/platform.md#utilities). Strings are UTF-8 when turned into
 * bytes (inferred); digests are lowercase hex (inferred). uuidgen() is deterministic per session (derived from the
 * session id and a counter) so runs repeat exactly; it has the RFC 4122 version-4 layout.
 */
import { createHash, createHmac } from 'node:crypto';
import type { Session } from '../session/session';
import type { HostFn, NamespaceDesc } from './bridge';

function bytesArg(label: string, value: unknown): Buffer {
  if (typeof value === 'string') return Buffer.from(value, 'utf8');
  if (Array.isArray(value)) {
    return Buffer.from(
      value.map((b, i) => {
        if (typeof b !== 'number' || !Number.isInteger(b) || b < 0 || b > 255)
          throw new TypeError(`${label}: element ${i} must be an integer 0-255, got ${String(b)}`);
        return b;
      }),
    );
  }
  throw new TypeError(`${label}: data must be a string or an array of integers 0-255`);
}

function encodingArg(label: string, value: unknown): BufferEncoding {
  const enc = value === undefined ? 'utf-8' : String(value).toLowerCase();
  const map: Record<string, BufferEncoding> = {
    'utf-8': 'utf8',
    utf8: 'utf8',
    ascii: 'latin1',
    'iso-8859-1': 'latin1',
    latin1: 'latin1',
    'utf-16le': 'utf16le',
  };
  const found = map[enc];
  if (!found) throw new TypeError(`${label}: unsupported encoding ${JSON.stringify(value)}`);
  return found;
}

function digest(algorithm: string, label: string) {
  return (data: unknown) => {
    const parts = Array.isArray(data) && data.every((d) => typeof d === 'string') ? [data.join('')] : [data];
    return createHash(algorithm).update(bytesArg(label, parts[0])).digest('hex');
  };
}

function levenshtein(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/**
 * Wall-clock time of zone `tz` at epoch `ms`, expressed as the epoch ms whose UTC fields read that local
 * time (so getHours() of the resulting Date gives the local hour). Throws RangeError for an unknown zone.
 */
export function localTimeMs(tz: string, ms: number): number {
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    }).formatToParts(new Date(ms));
  } catch {
    throw new RangeError(`getLocalTime: unknown time zone ${JSON.stringify(tz)}`);
  }
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'), ms % 1000);
}

/** Names of the global utility functions. */
export const UTILITY_NAMES = [
  'base64_encode',
  'base64_decode',
  'str2bytes',
  'bytes2str',
  'bytes2hex',
  'hex2bytes',
  'uuidgen',
  'levenshtein_distance',
] as const;

/** The global functions (base64_*, str2bytes, bytes2*, hex2bytes, uuidgen, getLocalTime, levenshtein_distance). */
export function utilityFunctions(session: Session): Record<string, HostFn> {
  let uuids = 0;
  return {
    base64_encode: (data: unknown) => bytesArg('base64_encode', data).toString('base64'),
    base64_decode: (data: unknown) => {
      if (typeof data !== 'string') throw new TypeError('base64_decode: data must be a string');
      return [...Buffer.from(data, 'base64')];
    },
    str2bytes: (str: unknown, enc: unknown) => {
      if (typeof str !== 'string') throw new TypeError('str2bytes: str must be a string');
      return [...Buffer.from(str, encodingArg('str2bytes', enc))];
    },
    bytes2str: (bytes: unknown, enc: unknown) => bytesArg('bytes2str', bytes).toString(encodingArg('bytes2str', enc)),
    bytes2hex: (bytes: unknown, upper: unknown) => {
      const hex = bytesArg('bytes2hex', bytes).toString('hex');
      return upper === true ? hex.toUpperCase() : hex;
    },
    hex2bytes: (str: unknown) => {
      if (typeof str !== 'string' || !/^([0-9a-fA-F]{2})*$/.test(str))
        throw new TypeError('hex2bytes: str must be a string of hex digit pairs');
      return [...Buffer.from(str, 'hex')];
    },
    uuidgen: () => {
      const h = createHash('sha1').update(`voxmask:${session.id}:${++uuids}`).digest('hex');
      const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
    },
    levenshtein_distance: (a: unknown, b: unknown) => levenshtein(String(a), String(b)),
  };
}

/** getLocalTime(tz, date?): returns epoch ms; the facade wraps it into a Date. */
export function getLocalTime(session: Session): HostFn {
  return (tz: unknown, date: unknown) => {
    if (typeof tz !== 'string') throw new TypeError('getLocalTime: tz must be an IANA time zone name such as "Europe/Moscow"');
    const ms = date === undefined ? session.now() : Number((date as { getTime?: () => number })?.getTime?.() ?? date);
    if (!Number.isFinite(ms)) throw new TypeError('getLocalTime: date must be a Date');
    return localTimeMs(tz, ms);
  };
}

/** Crypto: md5, sha1, sha256 and hmac_sha256, returning lowercase hex. */
export function cryptoNamespace(): NamespaceDesc {
  return {
    label: 'Crypto',
    sync: {
      md5: digest('md5', 'Crypto.md5'),
      sha1: digest('sha1', 'Crypto.sha1'),
      sha256: digest('sha256', 'Crypto.sha256'),
      hmac_sha256: (key: unknown, data: unknown) =>
        createHmac('sha256', bytesArg('Crypto.hmac_sha256 key', key)).update(bytesArg('Crypto.hmac_sha256 data', data)).digest('hex'),
    },
  };
}
