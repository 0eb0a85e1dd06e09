/**
 * The context side of the VoxEngine globals: a small script compiled once and run in every session
 * context. It is deliberately thin: its functions are instantiated per context and run cold there, so
 * every conversion is done by the host (globals/realm.ts, globals/guard.ts), which hands in functions
 * that already take and return context values and throw context errors. The facade only:
 * - exposes the context intrinsics to the host;
 * - wraps each host function in a context function (so scenario code calling `VoxEngine.callPSTN`
 *   reaches context functions, and `VoxEngine.callPSTN.constructor` is the context's Function);
 * - builds a global when the host asks (`build(item)`): the host defines the globals as accessors
 *   before the context exists (globals/install.ts) and builds each on first lookup;
 * - makes members listed as not emulated throw "<Name> is not emulated" when read (never undefined);
 * - provides `Date` on the virtual clock in UTC (§1.2: `new Date()` is UTC+0), the Call class and the
 *   dispatch trampoline (global `__voxmaskDispatch`), which runs the callback the host queued and
 *   returns `{ error }` instead of throwing. (VoiceList and Language are host-side proxies:
 *   globals/voice-namespace.ts.)
 */
import * as vm from 'node:vm';
import { CALL_METHOD_NAMES } from '../calls/methods';

const FACADE_TEMPLATE = String.raw`(function () {
  'use strict';
  var defineProperty = Object.defineProperty;
  var keys = Object.keys;
  var create = Object.create;
  var setPrototypeOf = Object.setPrototypeOf;
  var RealDate = Date;

  // Every host function this context can reach is either in hostFns (wrap) or one of the four bridge
  // variables of install() (now, takeSlot, report, callMethod: called directly, without wrap's extra
  // context-side frame, on the hottest paths: every callback and every Call method). detach() empties
  // the table and points the bridge variables at ended() when the session ends, so a finished session's context no longer leads to the host's session objects: V8's
  // scavenger keeps a dead context's objects alive until the next full GC, and without the cut the whole
  // host session (legs, listeners, tasks) would be copied by every scavenge until then.
  var hostFns = [];
  function ended() { throw new Error('voxmask: this session has ended; its context no longer reaches the emulator'); }
  function wrap(f) {
    var i = hostFns.push(f) - 1;
    return function () { return (hostFns === null ? ended : hostFns[i]).apply(this, arguments); };
  }
  // Namespace members are built on first use: the object's prototype is a proxy that, when a member is
  // missing, creates it, stores it on the object (so later reads are plain property reads) and returns
  // it. Members the typings declare but the emulator does not implement throw "<Label>.<name> is not
  // emulated" when read; any other miss falls through to Object.prototype. The same kind of proxy sits
  // behind Call.prototype (with no members to build) for the Call methods that are not emulated.
  var hasOwn = Object.prototype.hasOwnProperty;
  function noMember() { return false; }
  function lazyMembers(label, holder, isMember, make, unemulatedNames) {
    return new Proxy(create(Object.prototype), {
      get: function (t, prop, receiver) {
        if (typeof prop === 'string') {
          if (isMember(prop)) {
            var member = make(prop);
            defineProperty(holder(), prop, { value: member, writable: true, configurable: true, enumerable: true });
            return member;
          }
          if (unemulatedNames.has(prop)) throw new Error(label + '.' + prop + ' is not emulated');
        }
        return Reflect.get(t, prop, receiver);
      },
      has: function (t, prop) {
        return (typeof prop === 'string' && (isMember(prop) || unemulatedNames.has(prop))) || Reflect.has(t, prop);
      },
    });
  }
  function makeNamespace(desc) {
    var member = wrap(desc.member);
    var o = create(lazyMembers(desc.label, function () { return o; }, wrap(desc.has), function (name) { return wrap(member(name)); }, desc.unemulated));
    return o;
  }
  function install(host) {
    // ---- Date on the virtual clock, in UTC (§1.2); built on first use ----
    var now = host.now;
    var VDate, DateGlobal;
    function dateClass() {
      if (VDate) return VDate;
      var ISO_LOCAL = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
      var HAS_ZONE = /(Z|[+-]\d{2}:?\d{2}|GMT|UTC)\s*(\(.*\))?$/i;
      var DATE_ONLY = /^\d{4}(-\d{2}(-\d{2})?)?$/;
      function parseUtc(s) {
        s = String(s).trim();
        if (ISO_LOCAL.test(s)) return RealDate.parse(s.replace(' ', 'T') + 'Z');
        var t = RealDate.parse(s);
        if (t !== t || DATE_ONLY.test(s) || HAS_ZONE.test(s)) return t;
        return t - new RealDate(t).getTimezoneOffset() * 60000;
      }
      VDate = class Date extends RealDate {
        constructor() {
          var a = arguments;
          if (a.length === 0) super(now());
          else if (a.length === 1) super(typeof a[0] === 'string' ? parseUtc(a[0]) : (a[0] instanceof RealDate ? a[0].getTime() : a[0]));
          else super(RealDate.UTC.apply(null, a));
        }
        static now() { return now(); }
        static parse(s) { return parseUtc(s); }
      };
      var P = VDate.prototype, R = RealDate.prototype;
      ['FullYear', 'Month', 'Date', 'Day', 'Hours', 'Minutes', 'Seconds', 'Milliseconds'].forEach(function (part) {
        var get = R['getUTC' + part];
        P['get' + part] = function () { return get.call(this); };
        if (part !== 'Day') {
          var set = R['setUTC' + part];
          P['set' + part] = function () { return set.apply(this, arguments); };
        }
      });
      P.getYear = function () { return R.getUTCFullYear.call(this) - 1900; };
      P.getTimezoneOffset = function () { return 0; };
      function withUtc(opts) {
        var o = Object.assign({}, opts || {});
        if (o.timeZone === undefined) o.timeZone = 'UTC';
        return o;
      }
      P.toString = function () {
        if (isNaN(this.getTime())) return 'Invalid Date';
        return this.toDateString() + ' ' + this.toTimeString();
      };
      P.toDateString = function () {
        if (isNaN(this.getTime())) return 'Invalid Date';
        var u = R.toUTCString.call(this).split(' ');
        return u[0].replace(',', '') + ' ' + u[2] + ' ' + u[1] + ' ' + u[3];
      };
      P.toTimeString = function () {
        if (isNaN(this.getTime())) return 'Invalid Date';
        return R.toUTCString.call(this).split(' ')[4] + ' GMT+0000 (Coordinated Universal Time)';
      };
      P.toLocaleString = function (l, o) { return R.toLocaleString.call(this, l, withUtc(o)); };
      P.toLocaleDateString = function (l, o) { return R.toLocaleDateString.call(this, l, withUtc(o)); };
      P.toLocaleTimeString = function (l, o) { return R.toLocaleTimeString.call(this, l, withUtc(o)); };
      DateGlobal = new Proxy(VDate, {
        apply: function () { return new VDate().toString(); },
      });
      return VDate;
    }

    // ---- the dispatch trampoline and rejection probes ----
    var takeSlot = host.takeSlot;
    function dispatch() {
      var s = takeSlot();
      try { s.fn.apply(undefined, s.args); return undefined; } catch (e) { return { error: e }; }
    }
    var report = host.reportRejection;
    function probe(p) { return function (reason) { report(p, reason); }; }

    // ---- Call ----
    var callMethod = host.callMethod;
    // A class generated from CALL_METHODS (see callClassSource): V8 keeps a class's method layout as a
    // boilerplate shared by every context, so defining it costs a few µs per context, where an object
    // literal of the same ~50 methods builds its shape from scratch in each context (~50 µs measured).
    // Methods are non-enumerable, on Call.prototype, as on a class; names the emulator does not implement
    // come from the lazy proxy behind it.
    var Call = /*CALL_CLASS*/;
    setPrototypeOf(Call.prototype, lazyMembers('Call', null, noMember, null, host.callUnemulated));
    function makeCall() { return create(Call.prototype); }

    // ---- helpers the host uses to build each global on first lookup (globals/install.ts) ----
    function HttpRequestOptions() {
      this.method = 'GET';
      this.headers = [];
      this.params = {};
      this.postData = undefined;
      this.rawOutput = false;
      this.timeout = 90;
      this.connectionTimeout = 6;
      this.enableSystemLog = false;
    }
    function build(item) {
      if (item.kind === 'namespace') {
        var ns = makeNamespace(item.ns);
        if (item.ns.label === 'Net') ns.HttpRequestOptions = HttpRequestOptions;
        return ns;
      }
      if (item.kind === 'function') return wrap(item.fn);
      if (item.kind === 'value') return item.value;
      if (item.kind === 'localTime') {
        var localTime = wrap(item.fn);
        return function getLocalTime(tz, date) { return new (dateClass())(localTime(tz, date)); };
      }
      if (item.kind === 'date') { dateClass(); return DateGlobal; }
      if (item.kind === 'call') return Call;
      if (item.kind === 'require') {
        var load = wrap(item.fn), define = wrap(item.define);
        return function require(moduleName) {
          var mod = load(moduleName);
          if (mod) keys(mod).forEach(function (name) { define(name, makeNamespace(mod[name])); });
        };
      }
      if (item.kind === 'dispatch') return dispatch;
      throw new Error('voxmask internal: unknown global kind ' + item.kind);
    }

    // The cut: the table and the four bridge variables (see wrap above).
    function detach() {
      hostFns = null;
      now = takeSlot = report = callMethod = ended;
    }

    return { makeCall: makeCall, probe: probe, then: Promise.prototype.then, build: build, detach: detach };
  }

  return {
    install: install,
    intrinsics: {
      Object: Object, Array: Array, Promise: Promise, Error: Error, TypeError: TypeError,
      RangeError: RangeError, SyntaxError: SyntaxError, ReferenceError: ReferenceError,
    },
  };
})()`;

/**
 * Source of the Call class: `class Call { constructor() { throw ... } "answer"() {...} ... }`, one method
 * per name (JSON-quoted), each forwarding `(this, name, arguments)` to the host's `callMethod`. Built into
 * the facade once per process. `new Call()` throws (Call objects come only from the platform); `Call()`
 * throws as any class constructor called without `new` does.
 */
function callClassSource(names: Iterable<string>): string {
  const methods = [...names].map((n) => `${JSON.stringify(n)}() { return callMethod(this, ${JSON.stringify(n)}, arguments); }`);
  const ctor = "constructor() { throw new TypeError('Call objects come from AppEvents.CallAlerting and VoxEngine.callPSTN; they cannot be constructed'); }";
  return `class Call { ${ctor} ${methods.join(' ')} }`;
}

/** The facade's source, with the Call methods of calls/methods.ts built in. */
export const FACADE_SOURCE = FACADE_TEMPLATE.replace('/*CALL_CLASS*/', () => callClassSource(CALL_METHOD_NAMES));

let compiled: vm.Script | undefined;

/** The facade script, compiled once per process and run in each session context. */
export function facadeScript(): vm.Script {
  compiled ??= new vm.Script(FACADE_SOURCE, { filename: 'voxengine-globals.js' });
  return compiled;
}
