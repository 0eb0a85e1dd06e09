/**
 * Event listeners of VoxEngine and of each Call (docs/platform.md#event-handlers): handlers run in the order
 * they were added and receive the same event object; `remove(event)` without a handler removes all.
 * A handler that is not a function is accepted here and fails when the event fires (docs/platform.md#unhandled-errors).
 */

/** Handlers by event name. Values are scenario functions or emulator (host) functions. */
export class ListenerRegistry {
  private readonly handlers = new Map<string, unknown[]>();

  /** Adds `handler` for `event` (an event-name string such as 'Call.Connected'). */
  add(event: string, handler: unknown): void {
    const list = this.handlers.get(event);
    if (list) list.push(handler);
    else this.handlers.set(event, [handler]);
  }

  /** Removes one handler (all handlers when `handler` is undefined). */
  remove(event: string, handler?: unknown): void {
    if (handler === undefined) {
      this.handlers.delete(event);
      return;
    }
    const list = this.handlers.get(event);
    if (!list) return;
    const at = list.indexOf(handler);
    if (at >= 0) list.splice(at, 1);
  }

  /** A snapshot of the handlers for `event` (handlers added while dispatching run next time). */
  snapshot(event: string): readonly unknown[] {
    const list = this.handlers.get(event);
    return list ? list.slice() : [];
  }

  /** Removes every handler (the session ended). */
  clear(): void {
    this.handlers.clear();
  }
}
