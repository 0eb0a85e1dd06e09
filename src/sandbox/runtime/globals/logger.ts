/**
 * Logger and console (docs/platform.md#logs): both write to the session log (SessionRecord.logLines
 * and 'log' trace records). Logger.write accepts objects (docs/platform.md#logs) and keeps at most 15,000 characters;
 * a longer message is cut there and the trace records the limit (inferred: what the platform does with a
 * longer message is not documented).
 */
import { MAX_LOG_CHARS } from '../constants';
import { describeError } from '../session/describe';
import type { Session } from '../session/session';
import type { NamespaceDesc } from './bridge';

/** Renders one logged value: strings as they are, errors as "Name: message", other values as JSON. */
export function formatLogValue(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value !== null && typeof value === 'object' && 'message' in value && 'stack' in value) return describeError(value).message;
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol' || typeof value === 'bigint') return String(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function write(session: Session, text: string, source: string): void {
  let line = text;
  if (line.length > MAX_LOG_CHARS) {
    session.trace('limit', { limit: 'logMessage', detail: `${source}: ${line.length} characters; the first ${MAX_LOG_CHARS} are kept` });
    line = line.slice(0, MAX_LOG_CHARS);
  }
  session.log(line, source);
}

/** Logger: write(message), hideTones(flag). */
export function loggerNamespace(session: Session): NamespaceDesc {
  return {
    label: 'Logger',
    sync: {
      write: (message: unknown) => write(session, formatLogValue(message), 'Logger.write'),
      hideTones: (flag: unknown) => {
        session.trace('api', { name: 'Logger.hideTones', args: String(Boolean(flag)) });
      },
    },
  };
}

/** console.log/info/warn/error/debug: arguments joined by spaces. */
export function consoleNamespace(session: Session): NamespaceDesc {
  const method =
    (name: string) =>
    (...args: unknown[]) =>
      write(session, args.map(formatLogValue).join(' '), `console.${name}`);
  return {
    label: 'console',
    sync: { log: method('log'), info: method('info'), warn: method('warn'), error: method('error'), debug: method('debug') },
  };
}
