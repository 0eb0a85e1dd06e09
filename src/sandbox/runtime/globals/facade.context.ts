/* istanbul ignore file -- the function below runs only as text in a node:vm context (a coverage counter would be undefined there) */
/**
 * The context side of the VoxEngine globals. `contextFacade` never runs in the host: globals/install.ts
 * takes its source text (Function.prototype.toString of the compiled function), compiles it once per
 * process and calls it in every session context, where the globals it names (Object, Proxy, Date,
 * Promise, ...) are that context's own. So it is self-contained: it uses only its parameters and
 * ECMAScript globals, never an import (types excepted) or a module-level value;
 * test/sandbox/runtime/facade-typecheck.test.ts checks that, and type-checks it with ECMAScript's globals only.
 *
 * It is deliberately thin: conversions between host and context values are done by the host
 * (globals/realm.ts, globals/guard.ts), which hands in functions that already take and return context
 * values and throw context errors. The facade only:
 * - exposes the context intrinsics to the host;
 * - wraps each host function in a context function (so scenario code calling `VoxEngine.callPSTN`
 *   reaches context functions, and `VoxEngine.callPSTN.constructor` is the context's Function);
 * - builds a global when the host asks (`build(item)`): the host defines the globals as accessors
 *   before the context exists (globals/install.ts) and builds each on first lookup;
 * - makes members listed as not emulated throw "<Name> is not emulated" when read (never undefined);
 * - provides `Date` on the virtual clock in UTC, the Call class and the dispatch trampoline (global
 *   `__voxmaskDispatch`), which runs the callback the host queued and returns `{ error }` instead of
 *   throwing. (VoiceList and Language are host-side proxies: globals/voice-namespace.ts.)
 */
import type { DispatchSlot, FacadeInstalled, FacadeModule, GlobalItem, GuardedNamespace, HostBridge, HostFn } from './bridge';

/** The facade of one context: its intrinsics, and `install`, which connects it to one session's host side. */
export function contextFacade(): FacadeModule {
  'use strict';
  // Captured before any scenario code runs (which may replace the globals they come from).
  const { create, defineProperty, keys, setPrototypeOf } = Object;
  const { apply } = Reflect;
  const RealDate = Date;
  const RealPromise = Promise;
  const promiseThen = Promise.prototype.then;

  // Every host function this context can reach is in hostFns, called through a context function made by
  // `wrap`. When the session ends, detach() empties the table, so a finished session's context no longer
  // leads to the host's session objects (legs, listeners, tasks): V8's scavenger keeps a dead context's
  // objects alive until the next full GC, and would copy the whole host session on every scavenge.
  let hostFns: HostFn[] | null = [];

  function ended(): never {
    throw new Error('voxmask: this session has ended; its context no longer reaches the emulator');
  }

  /** A context function that calls `fn` (with the caller's `this` and arguments) while the session lives. */
  function wrap<A extends unknown[], R>(fn: (this: unknown, ...args: A) => R): (this: unknown, ...args: A) => R {
    const index = hostFns === null ? ended() : hostFns.push(fn) - 1;
    return function (this: unknown): R {
      const table = hostFns ?? ended();
      // `arguments`, not rest parameters: the wrapper keeps length 0, like the platform's host functions.
      // eslint-disable-next-line prefer-rest-params
      return apply(table[index], this, arguments) as R;
    };
  }

  /**
   * An object to put behind a namespace object or Call.prototype: a proxy consulted only for properties
   * the object itself lacks. A name in `members` is built on first read (`members.build` stores it on the
   * object, so later reads are plain property reads); a name in `unemulated` throws "<label>.<name> is
   * not emulated" (the typings declare it, the emulator does not implement it); any other miss falls
   * through to Object.prototype.
   */
  function missingMembers(
    label: string,
    unemulated: ReadonlySet<string>,
    members?: { has(name: string): boolean; build(name: string): unknown },
  ): object {
    return new Proxy(create(Object.prototype) as object, {
      get(target, prop, receiver) {
        if (typeof prop === 'string') {
          if (members?.has(prop)) return members.build(prop);
          if (unemulated.has(prop)) throw new Error(`${label}.${prop} is not emulated`);
        }
        return Reflect.get(target, prop, receiver);
      },
      has(target, prop) {
        if (typeof prop === 'string' && (members?.has(prop) || unemulated.has(prop))) return true;
        return Reflect.has(target, prop);
      },
    });
  }

  /** A namespace object (VoxEngine, Net, ApplicationStorage, ...) whose members are built on first use. */
  function makeNamespace(desc: GuardedNamespace): Record<string, unknown> {
    const member = wrap(desc.member);
    const members = {
      has: wrap(desc.has),
      build(name: string): unknown {
        const fn = wrap(member(name));
        defineProperty(namespace, name, { value: fn, writable: true, configurable: true, enumerable: true });
        return fn;
      },
    };
    const namespace = create(missingMembers(desc.label, desc.unemulated, members)) as Record<string, unknown>;
    return namespace;
  }

  /** The legacy `new Net.HttpRequestOptions()`: an options object with the documented defaults. */
  class HttpRequestOptions {
    method = 'GET';
    headers: string[] = [];
    params: Record<string, string> = {};
    postData: string | undefined = undefined;
    rawOutput = false;
    timeout = 90;
    connectionTimeout = 6;
    enableSystemLog = false;
  }

  /** The Date class of a context, and its `Date` global (the class, also callable without `new`). */
  type VirtualDates = { VirtualDate: new (...args: unknown[]) => Date; DateGlobal: object };

  /**
   * `Date` on the virtual clock, in UTC (the platform runs scenarios at UTC+0, docs/runtime.md "Where the
   * emulator differs"):
   * - `new Date()` and `Date.now()` read the session's virtual clock (`now`, epoch ms);
   * - local-time getters and setters (getHours, setMinutes, ...) act as their UTC forms, and
   *   getTimezoneOffset() is 0;
   * - `new Date(y, m, ...)` fields, and a date-time string without a zone (`'2026-05-01T12:30'`,
   *   `'May 1, 2026 12:30'`), are read as UTC;
   * - toString, toDateString and toTimeString print UTC (`Wed Jul 15 2026 21:45:10 GMT+0000 (Coordinated
   *   Universal Time)`); toLocaleString and its two siblings default to timeZone 'UTC' (the locale stays
   *   the host's);
   * - `Date()` called without `new` returns the current time as that string, as the builtin does.
   * Returns the class (for getLocalTime) and the `Date` global (the class behind a proxy that handles the
   * call without `new`).
   */
  function makeVirtualDate(now: () => number): VirtualDates {
    /** A date-time with no zone in ISO 8601's form: `2026-05-01T12:30`, `2026-05-01 12:30:05.250`. */
    const ISO_LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
    /** An ISO 8601 date alone (`2026`, `2026-05`, `2026-05-01`): the builtin already reads it as UTC. */
    const ISO_DATE_ONLY = /^\d{4}(-\d{2}(-\d{2})?)?$/;
    /** A string that names its zone: it ends in Z, an offset (+02:00, -0500), GMT or UTC, maybe with a zone name in parentheses. */
    const NAMES_ITS_ZONE = /(Z|[+-]\d{2}:?\d{2}|GMT|UTC)\s*(\(.*\))?$/i;

    /** Epoch ms of a date string, read as UTC when it names no zone; NaN when unparsable. */
    function parseAsUtc(value: unknown): number {
      const text = String(value).trim();
      if (ISO_LOCAL_DATE_TIME.test(text)) return RealDate.parse(`${text.replace(' ', 'T')}Z`);
      const parsed = RealDate.parse(text);
      if (Number.isNaN(parsed) || ISO_DATE_ONLY.test(text) || NAMES_ITS_ZONE.test(text)) return parsed;
      // Any other form without a zone the builtin read in the host's zone: shift it back to UTC.
      return parsed - new RealDate(parsed).getTimezoneOffset() * 60_000;
    }

    type UtcFields = Parameters<DateConstructor['UTC']>;

    /** What the builtin constructor gets for `new Date(...args)`: fields and strings read as UTC. */
    function timeValueOf(args: unknown[]): number {
      if (args.length === 0) return now();
      if (args.length > 1) return RealDate.UTC(...(args as UtcFields));
      const value = args[0];
      if (typeof value === 'string') return parseAsUtc(value);
      // Any other single value (number, null, undefined, object) is converted by the builtin as usual.
      return value instanceof RealDate ? value.getTime() : (value as number);
    }

    /** toUTCString()'s `Wed, 15 Jul 2026 21:45:10 GMT` cut into its parts. */
    function utcParts(date: Date): { weekday: string; day: string; month: string; year: string; time: string } {
      const [weekday, day, month, year, time] = RealDate.prototype.toUTCString.call(date).split(' ');
      return { weekday: weekday.replace(',', ''), day, month, year, time };
    }

    /** Intl options with timeZone 'UTC' unless the caller chose one. */
    function inUtc(options: Intl.DateTimeFormatOptions | undefined): Intl.DateTimeFormatOptions {
      const copy = { ...options };
      if (copy.timeZone === undefined) copy.timeZone = 'UTC';
      return copy;
    }

    // Named Date, as the builtin is (Date.name, stack traces).
    const VirtualDate = class Date extends RealDate {
      constructor(...args: unknown[]) {
        super(timeValueOf(args));
      }

      static override now(): number {
        return now();
      }

      static override parse(text: string): number {
        return parseAsUtc(text);
      }

      override getFullYear(): number {
        return super.getUTCFullYear();
      }
      override getMonth(): number {
        return super.getUTCMonth();
      }
      override getDate(): number {
        return super.getUTCDate();
      }
      override getDay(): number {
        return super.getUTCDay();
      }
      override getHours(): number {
        return super.getUTCHours();
      }
      override getMinutes(): number {
        return super.getUTCMinutes();
      }
      override getSeconds(): number {
        return super.getUTCSeconds();
      }
      override getMilliseconds(): number {
        return super.getUTCMilliseconds();
      }
      /** Annex B's year - 1900. */
      getYear(): number {
        return super.getUTCFullYear() - 1900;
      }
      override getTimezoneOffset(): number {
        return 0;
      }

      // Setters pass on exactly the arguments given: an omitted field keeps its value, an undefined one does not.
      override setFullYear(...fields: Parameters<Date['setUTCFullYear']>): number {
        return super.setUTCFullYear(...fields);
      }
      override setMonth(...fields: Parameters<Date['setUTCMonth']>): number {
        return super.setUTCMonth(...fields);
      }
      override setDate(...fields: Parameters<Date['setUTCDate']>): number {
        return super.setUTCDate(...fields);
      }
      override setHours(...fields: Parameters<Date['setUTCHours']>): number {
        return super.setUTCHours(...fields);
      }
      override setMinutes(...fields: Parameters<Date['setUTCMinutes']>): number {
        return super.setUTCMinutes(...fields);
      }
      override setSeconds(...fields: Parameters<Date['setUTCSeconds']>): number {
        return super.setUTCSeconds(...fields);
      }
      override setMilliseconds(...fields: Parameters<Date['setUTCMilliseconds']>): number {
        return super.setUTCMilliseconds(...fields);
      }

      override toString(): string {
        if (Number.isNaN(this.getTime())) return 'Invalid Date';
        return `${this.toDateString()} ${this.toTimeString()}`;
      }
      /** `Wed Jul 15 2026`. */
      override toDateString(): string {
        if (Number.isNaN(this.getTime())) return 'Invalid Date';
        const { weekday, month, day, year } = utcParts(this);
        return `${weekday} ${month} ${day} ${year}`;
      }
      /** `21:45:10 GMT+0000 (Coordinated Universal Time)`. */
      override toTimeString(): string {
        if (Number.isNaN(this.getTime())) return 'Invalid Date';
        return `${utcParts(this).time} GMT+0000 (Coordinated Universal Time)`;
      }
      override toLocaleString(locales?: Intl.LocalesArgument, options?: Intl.DateTimeFormatOptions): string {
        return super.toLocaleString(locales, inUtc(options));
      }
      override toLocaleDateString(locales?: Intl.LocalesArgument, options?: Intl.DateTimeFormatOptions): string {
        return super.toLocaleDateString(locales, inUtc(options));
      }
      override toLocaleTimeString(locales?: Intl.LocalesArgument, options?: Intl.DateTimeFormatOptions): string {
        return super.toLocaleTimeString(locales, inUtc(options));
      }
    };

    // A class cannot be called without `new`; the builtin Date can (and then ignores its arguments).
    const DateGlobal = new Proxy(VirtualDate, { apply: () => new VirtualDate().toString() });
    return { VirtualDate, DateGlobal };
  }

  /** Connects this context to one session's host side; called once, right after the facade ran. */
  function install(host: HostBridge): FacadeInstalled {
    const now = wrap(host.now);
    const takeSlot = wrap(host.takeSlot);
    const report = wrap(host.reportRejection);
    const settled = wrap(host.settled);
    const callMethod = wrap(host.callMethod);

    /**
     * The dispatch trampoline: runs the callback the host queued (its return value goes to
     * `slot.result`); returns `{ error }` if it threw. A returned Promise the host awaits gets its
     * reaction here, inside the context, so it runs on the context's own microtask queue: right after
     * this callback when it is already settled, else in whichever later callback settles it.
     */
    function dispatch(): { error: unknown } | undefined {
      const slot: DispatchSlot = takeSlot();
      try {
        const result = apply(slot.fn, undefined, slot.args);
        slot.result = result;
        if (slot.awaitResult && result instanceof RealPromise) {
          // Both outcomes are handled here: the promise `then` returns is not awaited on purpose.
          void apply(promiseThen, result, [
            (value: unknown) => settled(result, true, value),
            (reason: unknown) => settled(result, false, reason),
          ]);
        }
        return undefined;
      } catch (error) {
        return { error };
      }
    }

    // Call objects come only from the platform. Its methods are built from the host's method list: each
    // forwards (this, name, arguments) to the host, which finds the call leg and runs the method
    // (calls/methods.ts). Names the emulator does not implement throw through the proxy behind the prototype.
    class Call {
      constructor() {
        throw new TypeError('Call objects come from AppEvents.CallAlerting and VoxEngine.callPSTN; they cannot be constructed');
      }
    }
    for (const name of host.callMethodNames) {
      // A method, not a function expression: named `name` and not a constructor, like a class's methods.
      const method = {
        [name](this: unknown): unknown {
          // eslint-disable-next-line prefer-rest-params -- length 0, like a platform method
          return callMethod(this, name, arguments);
        },
      }[name];
      defineProperty(Call.prototype, name, { value: method, writable: true, configurable: true, enumerable: false });
    }
    setPrototypeOf(Call.prototype, missingMembers('Call', host.callUnemulated));

    let dates: VirtualDates | undefined;
    /** Date is built on first use (most scenarios never read it). */
    const virtualDate = () => (dates ??= makeVirtualDate(now));

    function build(item: GlobalItem): unknown {
      switch (item.kind) {
        case 'namespace': {
          const namespace = makeNamespace(item.ns);
          if (item.ns.label === 'Net') namespace.HttpRequestOptions = HttpRequestOptions;
          return namespace;
        }
        case 'function':
          return wrap(item.fn);
        case 'value':
          return item.value;
        case 'localTime': {
          const localTime = wrap(item.fn);
          return function getLocalTime(timeZone: unknown, date: unknown): Date {
            return new (virtualDate().VirtualDate)(localTime(timeZone, date) as number);
          };
        }
        case 'date':
          return virtualDate().DateGlobal;
        case 'call':
          return Call;
        case 'require': {
          const load = wrap(item.fn);
          const define = wrap(item.define);
          return function require(moduleName: unknown): void {
            const namespaces = load(moduleName) as Record<string, GuardedNamespace> | undefined;
            if (namespaces) for (const name of keys(namespaces)) define(name, makeNamespace(namespaces[name]));
          };
        }
        case 'dispatch':
          return dispatch;
        default:
          throw new Error(`voxmask internal: unknown global kind ${(item as { kind: unknown }).kind}`);
      }
    }

    return {
      makeCall: () => create(Call.prototype) as object,
      probe: (promise) => (reason) => report(promise, reason),
      then: promiseThen as FacadeInstalled['then'],
      build,
      detach: () => {
        hostFns = null;
      },
    };
  }

  return {
    install,
    intrinsics: { Object, Array, Promise, Error, TypeError, RangeError, SyntaxError, ReferenceError },
  };
}
