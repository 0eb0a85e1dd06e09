/**
 * Running a session's scenario code inside its node:vm context: the top-level code of each scenario,
 * every callback through the dispatch trampoline (its microtasks drain inside the context, then an
 * uncaught exception or unhandled rejection ends the session), and the delivery of AppEvents and
 * CallEvents to the listeners. The session (session.ts) owns the lifecycle; this file only runs code.
 */
import * as vm from 'node:vm';
import { MAX_SCENARIO_CHARS } from '../constants';
import { compileScenario } from '../engine/scripts';
import type { DispatchSlot } from '../globals/bridge';
import { APP_EVENTS } from '../globals/enums';
import type { ScenarioSource } from '../types';
import type { CallLeg } from '../calls/leg';
import type { Session } from './session';

const DISPATCH_SCRIPT = new vm.Script('__voxmaskDispatch()', { filename: 'voxengine-dispatch.js' });

/** Runs the scenario code of one session; attached to its context by Session.start, detached when it ends. */
export class ScenarioRunner {
  private ctx: vm.Context | undefined;
  private slot: DispatchSlot | undefined;

  constructor(private readonly session: Session) {}

  /** The context scenario code runs in from now on. */
  attach(ctx: vm.Context): void {
    this.ctx = ctx;
  }

  /** Drops the context: no scenario code runs any more. */
  detach(): void {
    this.ctx = undefined;
  }

  /**
   * Runs one scenario callback `fn(...args)` through the trampoline (its microtasks drain inside the
   * context) and returns what it returned (a context value; undefined when it threw). A thrown error or
   * an unhandled rejection ends the session. `label` names the callback in the trace (e.g.
   * 'Call.Connected handler'). `awaitResult`: a Promise it returns reports its outcome to
   * promiseSettled (DispatchSlot.awaitResult).
   */
  invoke(fn: unknown, args: unknown[], label: string, awaitResult = false): unknown {
    const session = this.session;
    const ctx = this.ctx;
    if (!ctx || session.state === 'ended') return undefined;
    if (typeof fn !== 'function') {
      session.fail(new TypeError(`${label}: the handler is not a function (got ${typeof fn})`), label);
      return undefined;
    }
    const slot: DispatchSlot = { fn: fn as DispatchSlot['fn'], args, result: undefined, awaitResult };
    this.slot = slot;
    session.services.current = session;
    let result: { error: unknown } | undefined;
    try {
      result = DISPATCH_SCRIPT.runInContext(ctx) as { error: unknown } | undefined;
    } catch (error) {
      result = { error };
    }
    session.services.current = undefined;
    if (result !== undefined) {
      session.fail(result.error, label);
      return undefined;
    }
    this.checkRejections(label);
    return slot.result;
  }

  /** The trampoline's view of the queued callback. */
  takeSlot(): DispatchSlot {
    const slot = this.slot;
    this.slot = undefined;
    if (!slot) throw new Error('voxmask internal: dispatch trampoline called without a queued callback');
    return slot;
  }

  /**
   * Runs the top-level code of each scenario in order on the shared global scope
   * (docs/platform.md#scenario-loading); false when one failed and the session is ending.
   */
  runScenarios(scenarios: readonly ScenarioSource[]): boolean {
    const session = this.session;
    for (const source of scenarios) {
      const where = `top-level code of ${source.name}`;
      if (source.code.length > MAX_SCENARIO_CHARS) {
        session.trace('limit', {
          limit: 'scenarioSize',
          detail: `${source.name} has ${source.code.length} characters; at most ${MAX_SCENARIO_CHARS} are allowed`,
        });
        session.fail(new RangeError(`scenario ${source.name} is larger than ${MAX_SCENARIO_CHARS} characters`), where);
        return false;
      }
      const compiled = compileScenario(source.name, source.code);
      if (!compiled.ok) {
        session.fail(compiled.error, `compiling ${source.name}`);
        return false;
      }
      session.services.current = session;
      try {
        compiled.script.runInContext(this.ctx as vm.Context);
      } catch (error) {
        session.services.current = undefined;
        session.fail(error, where);
        return false;
      }
      session.services.current = undefined;
      this.checkRejections(where);
      if (!session.running) return false;
    }
    return true;
  }

  /**
   * Delivers an AppEvents event to the VoxEngine listeners; returns the last value a listener returned
   * that is not undefined (`awaitResult`: see invoke). Only Terminating/Terminated fire once stopping.
   */
  emitApp(name: string, fields: Record<string, unknown>, awaitResult = false): unknown {
    const session = this.session;
    const lifecycle = name === APP_EVENTS.Terminating || name === APP_EVENTS.Terminated;
    if (!lifecycle && !session.running) return undefined;
    session.trace('event', { name, payload: summarize(fields) });
    const handlers = session.appListeners.snapshot(name);
    if (handlers.length === 0) return undefined;
    // HttpRequest's headers are a list of { key, value }, which `event` (one level of copying) would flatten.
    const event =
      name === APP_EVENTS.HttpRequest ? session.realm.object({ name, ...fields }) : session.realm.event(undefined, name, undefined, fields);
    return this.dispatch(handlers, name, event, lifecycle, awaitResult);
  }

  /** Delivers a CallEvents event to a call's listeners (never after terminate(), docs/platform.md#terminate). */
  emitCall(leg: CallLeg, name: string, fields: Record<string, unknown>): void {
    const session = this.session;
    if (!session.running) return;
    // Call event fields are host-made JSON values (no Call object), so the trace keeps them as they are.
    session.trace('event', { name, callId: leg.id, payload: fields });
    const handlers = leg.listeners.snapshot(name);
    if (handlers.length > 0) this.dispatch(handlers, name, session.realm.event(leg.facade, name, leg.id, fields), false);
  }

  private checkRejections(label: string): void {
    const unhandled = this.session.services.tracker.takeUnhandled(this.session.realm.promisePrototype);
    if (unhandled.length > 0) this.session.fail(unhandled[0].reason, `${label} (unhandled promise rejection)`);
  }

  /** Runs the handlers in order while the session may still hear `name`; returns the last result that is not undefined. */
  private dispatch(handlers: readonly unknown[], name: string, event: object, lifecycle: boolean, awaitResult = false): unknown {
    let last: unknown;
    for (const handler of handlers) {
      if (this.session.state === 'ended' || (!lifecycle && !this.session.running)) break;
      const result = this.invoke(handler, [event], `${name} handler`, awaitResult);
      if (result !== undefined) last = result;
    }
    return last;
  }
}

/** A JSON-safe summary of an event payload for the trace: drops the Call object, keeps primitives. */
function summarize(fields: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in fields) {
    const v = fields[k];
    if (k === 'call' || v === undefined) continue;
    if (v === null || typeof v !== 'object') out[k] = v;
    else if (!isEmpty(v)) out[k] = JSON.parse(JSON.stringify(v));
  }
  return out;
}

function isEmpty(value: object): boolean {
  for (const _ in value) return false;
  return true;
}
