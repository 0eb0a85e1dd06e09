/**
 * The URLs AppEvents.Started reports for a session started without links of its own (a call script's
 * run): shaped like the platform's, served by nobody.
 */
import type { SessionLinks } from '../types';

/**
 * The links of a session started without any (a call script's run): shaped like the platform's, on its
 * port 12092, served by nobody. The token is not digits, so the trace's number masking leaves it alone.
 */
export function defaultSessionLinks(sessionId: number): SessionLinks {
  const path = `/request/${sessionId}/emulator-session-${sessionId}`;
  return {
    accessURL: `http://127.0.0.1:12092${path}`,
    accessSecureURL: `https://127.0.0.1:12092${path}`,
    logURL: `https://127.0.0.1:12092/logs/session-${sessionId}.log`,
  };
}
