/**
 * Status codes and reason strings of Failed/Disconnected (docs/platform.md#failure-codes). The codes are
 * documented; the reason strings are SIP reason phrases, the stand-in the reference suggests (inferred).
 */

/** Reason phrase for a SIP status code. */
const PHRASES: Record<number, string> = {
  200: 'Normal call clearing',
  402: 'Payment Required',
  403: 'Call limit reached',
  404: 'Not Found',
  408: 'Request Timeout',
  480: 'Temporarily Unavailable',
  486: 'Busy Here',
  487: 'Request Terminated',
  603: 'Decline',
};

/** The reason string for `code` ('SIP <code>' for codes without a known phrase). */
export function reasonFor(code: number): string {
  return PHRASES[code] ?? `SIP ${code}`;
}
