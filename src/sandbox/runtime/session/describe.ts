/** Turns any thrown value (from any realm) into a message and an optional stack for the trace. */
export function describeError(error: unknown): { message: string; stack?: string } {
  if (error !== null && typeof error === 'object' && 'message' in error) {
    const e = error as { name?: unknown; message?: unknown; stack?: unknown };
    const name = typeof e.name === 'string' ? e.name : 'Error';
    const message = `${name}: ${String(e.message)}`;
    return typeof e.stack === 'string' ? { message, stack: e.stack } : { message };
  }
  return { message: `thrown value: ${typeof error === 'string' ? JSON.stringify(error) : String(error)}` };
}
