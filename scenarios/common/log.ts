/**
 * The scenario's session log (Logger.write). Privacy rule: numbers are logged masked (maskPhone) by the
 * caller of these functions, and every line passes through maskPhonesInText as a safety net, so a full
 * phone number can never reach the log. PINs are never passed here. DTMF digits are kept out of the
 * platform's own log with Logger.hideTones(true) in the entry file.
 */
import { maskPhonesInText } from '../../contract/mask-text';

export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** Writes `voxmask <event> key=value ...` to the session log. Values are expected to be masked already. */
export function logEvent(event: string, fields: LogFields = {}): void {
  const parts = Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? JSON.stringify(v) : String(v)}`);
  Logger.write(maskPhonesInText(`voxmask ${event}${parts.length ? ` ${parts.join(' ')}` : ''}`));
}

/** Logs an unexpected error by name and message only (messages never carry numbers or PINs, and are masked anyway). */
export function logError(where: string, err: unknown): void {
  const e = err instanceof Error ? err : new Error(String(err));
  logEvent('error', { where, error: e.name, message: e.message });
}
