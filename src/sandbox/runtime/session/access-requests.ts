/**
 * Requests to a session's access URL (docs/platform.md#http-request-event): each fires
 * AppEvents.HttpRequest in a task of the session and is answered with what the listeners return, at
 * once or when the Promise a listener returned settles; requests the session never answers are
 * answered as not delivered when it ends. One AccessRequests per session (session.ts).
 */
import { APP_EVENTS } from '../globals/enums';
import type { SessionHttpAnswer, SessionHttpRequest } from '../types';
import { describeError } from './describe';
import type { Session } from './session';

/** The access-URL requests of one session and the Promises its HttpRequest listeners returned. */
export class AccessRequests {
  /** Access-URL requests not yet delivered; answered as not delivered if the session ends first. */
  private readonly waiters = new Set<(answer: SessionHttpAnswer) => void>();
  /** How awaited Promises of listeners settled before anyone asked (whenSettled), and who waits for the others. */
  private readonly settlements = new WeakMap<object, { ok: boolean; value: unknown }>();
  private readonly settleWaiters = new WeakMap<object, (ok: boolean, value: unknown) => void>();

  constructor(private readonly session: Session) {}

  /**
   * A request to the session's access URL: AppEvents.HttpRequest fires in a task at the current
   * virtual time, or right after Started when the session has not started yet (Started is the first
   * event, docs/platform.md#session-events); resolves with the answer once the listeners ran (and the
   * Promise a listener returned has settled), or as not delivered when the session ends first (or has
   * ended). Never rejects.
   */
  request(request: SessionHttpRequest): Promise<SessionHttpAnswer> {
    const session = this.session;
    return new Promise((resolve) => {
      if (session.state !== 'pending' && !session.running) {
        resolve({ delivered: false, reason: 'the session has ended or is ending' });
        return;
      }
      const answered = (answer: SessionHttpAnswer): void => {
        const { delivered, ...rest } = answer;
        session.trace('access', { method: request.method, path: request.path, delivered, ...rest });
        resolve(answer);
      };
      this.waiters.add(answered);
      const deliver = (): void => {
        session.schedule(0, () =>
          // Still a waiter until answered (an async listener answers later): the session may end first.
          this.deliver(request, (answer) => {
            if (this.waiters.delete(answered)) answered(answer);
          }),
        );
      };
      session.onceStarted(deliver);
    });
  }

  /** HostBridge.settled: a Promise a listener returned (DispatchSlot.awaitResult) has settled, inside a callback of this session. */
  settled(promise: object, ok: boolean, value: unknown): void {
    const waiter = this.settleWaiters.get(promise);
    if (!waiter) {
      this.settlements.set(promise, { ok, value });
      return;
    }
    this.settleWaiters.delete(promise);
    waiter(ok, value);
  }

  /** The session ended: every request not answered yet is answered as not delivered. */
  endAll(): void {
    for (const waiter of this.waiters) waiter({ delivered: false, reason: 'the session ended' });
    this.waiters.clear();
  }

  /** Fires AppEvents.HttpRequest and calls `finish` with the answer: at once, or once the Promise a listener returned settles. */
  private deliver(request: SessionHttpRequest, finish: (answer: SessionHttpAnswer) => void): void {
    const session = this.session;
    if (!session.running) {
      finish({ delivered: false, reason: 'the session has ended or is ending' });
      return;
    }
    if (session.appListeners.snapshot(APP_EVENTS.HttpRequest).length === 0) {
      session.note(
        'httpRequestNoListener',
        'a request to the access URL of a session without an AppEvents.HttpRequest listener is answered 200 with an empty body [I]',
      );
    }
    const headers = Object.entries(request.headers).map(([key, value]) => ({ key, value }));
    const value = session.emitApp(
      APP_EVENTS.HttpRequest,
      { method: request.method, path: request.path, content: request.content, headers },
      true,
    );
    if (value === null || typeof value !== 'object' || Object.getPrototypeOf(value) !== session.realm.promisePrototype) {
      finish({ delivered: true, ...this.answerFor(value) });
      return;
    }
    // An async listener: answered with what its Promise resolves to; a rejection ends the session as an unhandled one would.
    session.note(
      'httpRequestPromise',
      'an AppEvents.HttpRequest listener returned a Promise: the access URL answers with what it resolves to, once it settles (whether the platform waits is undocumented) [I]',
    );
    this.whenSettled(value, (ok, outcome) => {
      if (ok) {
        finish({ delivered: true, ...this.answerFor(outcome) });
        return;
      }
      session.fail(outcome, 'AppEvents.HttpRequest handler (rejected promise)');
      finish({ delivered: false, reason: 'the HttpRequest listener failed' });
    });
  }

  /** Calls `then` with how `promise` settled: now, when it settled during the callback that returned it, or when it does. */
  private whenSettled(promise: object, then: (ok: boolean, value: unknown) => void): void {
    const done = this.settlements.get(promise);
    if (!done) {
      this.settleWaiters.set(promise, then);
      return;
    }
    this.settlements.delete(promise);
    then(done.ok, done.value);
  }

  /** The access URL's answer for a listener's return value (docs/platform.md#http-request-event, inferred). */
  private answerFor(value: unknown): { contentType: string; body: string } {
    this.session.note(
      'httpRequestAnswer',
      "the access URL answers 200 with the HttpRequest listener's return value: a string or number as text, another value as JSON, nothing as an empty body [I]",
    );
    if (value === undefined || value === null) return { contentType: 'text/plain; charset=utf-8', body: '' };
    if (typeof value === 'string' || typeof value === 'number') return { contentType: 'text/plain; charset=utf-8', body: String(value) };
    let body: string | undefined;
    try {
      body = JSON.stringify(value);
    } catch (error) {
      this.session.trace('error', {
        where: 'AppEvents.HttpRequest answer',
        message: `the listener's return value cannot be sent as JSON: ${describeError(error).message}`,
      });
    }
    return { contentType: 'application/json', body: body ?? '' };
  }
}
