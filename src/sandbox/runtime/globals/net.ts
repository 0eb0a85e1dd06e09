/**
 * The Net namespace of one session (docs/platform.md#net-api).
 *
 * Limits: 3 requests active at once, more wait in a queue; 35 active plus queued, and the next call
 * throws "Exceeded the HTTP connection count limit!". Failures resolve (never reject) with a negative
 * code (inferred, docs/platform.md#net-failures). On termination, queued requests are dropped (the trace records each one), active ones
 * may finish for up to 90 s and their callbacks run; one request is allowed in the Terminating handler.
 *
 * Where a request goes: an injected fault first (timeout → -7 after the request's timeout, status500,
 * connectionRefused → -4), then the emulator's HttpTarget (a function, or 'real' for loopback only),
 * and without a target every request answers 404.
 */
import type { ScheduledTask } from '../../clock';
import { HTTP_DEFAULT_LATENCY_MS, HTTP_LIMIT_MESSAGE, HTTP_MAX_ACTIVE, HTTP_MAX_TOTAL, HTTP_REFUSED_AFTER_MS } from '../constants';
import { describeError } from '../session/describe';
import type { Session } from '../session/session';
import { takeFault } from '../session/services';
import type { HttpFault, HttpResponseSpec } from '../types';
import type { AsyncHostFn, HostFn, NamespaceDesc } from './bridge';
import { failure, parseRequest, resultFromSpec, type HttpResult, type ParsedRequest } from './net-options';
import { realModeRefusal, realRequest } from './net-real';

interface PendingRequest {
  id: number;
  req: ParsedRequest;
  deliver: (result: HttpResult) => void;
  task?: ScheduledTask;
  startedMs: number;
}

const FAULT_OUTCOMES: Record<HttpFault['kind'], (req: ParsedRequest) => { delayMs: number; result: HttpResult }> = {
  timeout: (req) => ({ delayMs: req.timeoutMs, result: failure(-7, 'injected fault') }),
  status500: () => ({ delayMs: HTTP_DEFAULT_LATENCY_MS, result: { code: 500, headers: [], raw_headers: '', text: '' } }),
  connectionRefused: () => ({ delayMs: HTTP_REFUSED_AFTER_MS, result: failure(-4, 'injected fault: connection refused') }),
};

/** The HTTP client of one session: queue, limits, outcomes. */
export class HttpClient {
  private readonly queue: PendingRequest[] = [];
  private readonly active = new Set<PendingRequest>();
  private readonly idleWaiters: { run: () => void; deadline: ScheduledTask }[] = [];
  private seq = 0;
  private allowance = 0;

  constructor(private readonly session: Session) {}

  /** Starts a request; `deliver` runs the scenario's callback. Throws when the limit is exceeded. */
  request(url: unknown, options: unknown, deliver: (result: HttpResult) => void): void {
    const session = this.session;
    const parsed = parseRequest(url, options);
    if (session.state === 'stopping' || session.state === 'ended' || (session.state === 'terminating' && this.allowance <= 0)) {
      const why =
        session.state === 'terminating' ? 'only one HTTP request is allowed in the Terminating handler' : 'the session is terminating';
      session.note('httpAfterTerminate', `HTTP requests after terminate() are answered with code 0 (limits violated) [I]: ${why}`);
      this.schedule(0, () => deliver(failure(0, why)));
      return;
    }
    if (this.active.size + this.queue.length >= HTTP_MAX_TOTAL) {
      session.trace('limit', { limit: 'httpConnections', detail: `${HTTP_MAX_TOTAL} requests are active or queued` });
      throw new Error(HTTP_LIMIT_MESSAGE);
    }
    if (session.state === 'terminating') this.allowance -= 1;
    if ('malformed' in parsed) {
      session.trace('http', {
        phase: 'response',
        requestId: ++this.seq,
        method: 'GET',
        url: String(url),
        code: -2,
        reason: parsed.malformed,
      });
      this.schedule(0, () => deliver(failure(-2, parsed.malformed)));
      return;
    }
    if (parsed.legacy.headerArray)
      session.note('httpHeaderArray', "Net request headers given as an array of 'Name: value' strings are accepted (legacy form) [L]");
    if (parsed.legacy.constructed) session.note('httpOptionsConstructor', 'new Net.HttpRequestOptions() is accepted (legacy form) [L]');
    if (parsed.legacy.bodyIgnored)
      session.note('httpBodyIgnored', 'postData is sent only with POST, PUT and PATCH; it was ignored for another method');
    this.queue.push({ id: ++this.seq, req: parsed, deliver, startedMs: 0 });
    this.pump();
  }

  private schedule(delayMs: number, run: () => void, gate?: Promise<unknown>): ScheduledTask {
    return this.session.schedule(delayMs, run, gate);
  }

  private pump(): void {
    while (this.active.size < HTTP_MAX_ACTIVE && this.queue.length > 0) this.start(this.queue.shift() as PendingRequest);
  }

  private start(p: PendingRequest): void {
    const session = this.session;
    const { req } = p;
    this.active.add(p);
    p.startedMs = session.now();
    session.trace('http', {
      phase: 'request',
      requestId: p.id,
      method: req.method,
      url: req.url,
      headers: req.headers,
      bodyChars: req.body.length,
    });
    const fault = takeFault(
      session.services.faults.http,
      (f) => (f.sessionId === undefined || f.sessionId === session.id) && (!f.urlContains || req.url.includes(f.urlContains)),
    );
    if (fault) {
      const outcome = FAULT_OUTCOMES[fault.kind](req);
      p.task = this.schedule(outcome.delayMs, () => this.complete(p, outcome.result, `injected fault ${fault.kind}`));
      return;
    }
    const target = session.services.http;
    if (target === 'real') {
      const refusal = realModeRefusal(req.url);
      if (refusal) {
        p.task = this.schedule(0, () => this.complete(p, failure(-3, refusal), refusal));
        return;
      }
      this.answerWith(p, realRequest(req));
      return;
    }
    if (!target) {
      session.note('httpNoTarget', 'no HTTP target is configured: every request answers 404');
      this.answerWith(p, { status: 404, body: '' });
      return;
    }
    let answer: HttpResponseSpec | Promise<HttpResponseSpec>;
    try {
      answer = target({ method: req.method, url: req.url, headers: { ...req.headers }, body: req.body, sessionId: session.id });
    } catch (error) {
      const { message } = describeError(error);
      session.trace('error', { where: 'HttpTarget', message });
      p.task = this.schedule(HTTP_DEFAULT_LATENCY_MS, () => this.complete(p, failure(-1, `the HTTP target threw: ${message}`)));
      return;
    }
    this.answerWith(p, answer);
  }

  /** Completes `p` with a handler's answer, waiting for it when it is a promise (the clock waits too). */
  private answerWith(p: PendingRequest, answer: HttpResponseSpec | Promise<HttpResponseSpec>): void {
    if (!isPromise(answer)) {
      this.scheduleAnswer(p, answer);
      return;
    }
    let settled: { spec?: HttpResponseSpec; error?: unknown } = {};
    const gate = answer.then(
      (spec) => void (settled = { spec }),
      (error: unknown) => void (settled = { error }),
    );
    p.task = this.schedule(
      0,
      () => {
        if (settled.spec) this.scheduleAnswer(p, settled.spec);
        else {
          const { message } = describeError(settled.error);
          this.session.trace('error', { where: 'HttpTarget', message });
          this.complete(p, failure(-1, `the HTTP target failed: ${message}`));
        }
      },
      gate,
    );
  }

  private scheduleAnswer(p: PendingRequest, spec: HttpResponseSpec): void {
    const delay = Math.max(0, spec.delayMs ?? HTTP_DEFAULT_LATENCY_MS);
    const elapsed = this.session.now() - p.startedMs;
    const remaining = Math.max(0, delay - elapsed);
    const timeoutLeft = Math.max(0, p.req.timeoutMs - elapsed);
    if (remaining > timeoutLeft) {
      p.task = this.schedule(timeoutLeft, () => this.complete(p, failure(-7), `no answer within ${p.req.timeoutMs / 1000} s`));
      return;
    }
    p.task = this.schedule(remaining, () => this.complete(p, resultFromSpec(spec, p.req.rawOutput)));
  }

  private complete(p: PendingRequest, result: HttpResult, reason?: string): void {
    if (!this.active.delete(p)) return;
    this.session.trace('http', {
      phase: 'response',
      requestId: p.id,
      method: p.req.method,
      url: p.req.url,
      code: result.code,
      ...(reason ? { reason } : {}),
      durationMs: this.session.now() - p.startedMs,
    });
    this.pump();
    p.deliver(result);
    this.checkIdle();
  }

  private checkIdle(): void {
    if (this.active.size > 0 || this.queue.length > 0) return;
    const waiters = this.idleWaiters.splice(0);
    for (const w of waiters) {
      this.session.services.clock.cancel(w.deadline);
      w.run();
    }
  }

  /** Drops queued requests (their callbacks never run, docs/platform.md#net-limits); each is recorded in the trace. */
  dropQueued(reason: string): void {
    for (const p of this.queue.splice(0)) {
      this.session.trace('http', { phase: 'dropped', requestId: p.id, method: p.req.method, url: p.req.url, reason });
    }
  }

  /** Drops active requests too (runUntilIdle bound, or the 90 s termination wait ran out). */
  dropActive(reason: string): void {
    for (const p of [...this.active]) {
      this.session.services.clock.cancel(p.task);
      this.active.delete(p);
      this.session.trace('http', { phase: 'dropped', requestId: p.id, method: p.req.method, url: p.req.url, reason });
    }
    this.checkIdle();
  }

  /** Runs `run` once no request is active or queued, or after `maxMs` (then active ones are dropped). */
  whenIdle(maxMs: number, run: () => void): void {
    if (this.active.size === 0 && this.queue.length === 0) {
      run();
      return;
    }
    const waiter = {
      run,
      deadline: this.session.services.clock.after(maxMs, this.session.id, () =>
        this.dropActive(`not finished ${maxMs / 1000} s after terminate()`),
      ),
    };
    this.idleWaiters.push(waiter);
  }

  /** How many new requests the Terminating handler may still make. */
  allowAfterTerminating(count: number): void {
    this.allowance = count;
  }
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as { then?: unknown })?.then === 'function';
}

/** Builds the Net namespace bound to `session`. */
export function netNamespace(session: Session, client: HttpClient): NamespaceDesc {
  const httpRequest: HostFn = (url: unknown, callback: unknown, options: unknown) => {
    if (typeof callback !== 'function') throw new TypeError('Net.httpRequest: callback must be a function');
    client.request(url, options, (result) => session.invoke(callback, [session.realm.object({ ...result })], 'Net.httpRequest callback'));
  };
  const httpRequestAsync: AsyncHostFn = (args, resolve) => {
    client.request(args[0], args[1], (result) => session.invoke(resolve, [result], 'Net.httpRequestAsync'));
  };
  return {
    label: 'Net',
    sync: { httpRequest },
    async: { httpRequestAsync },
    unemulated: ['sendMail', 'sendMailAsync'],
  };
}
