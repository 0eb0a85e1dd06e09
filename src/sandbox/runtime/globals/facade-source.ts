/**
 * The context side of the VoxEngine globals: a small script compiled once and run in every session
 * context. It turns the host bridge (host/bridge.ts) into globals made only of context-realm functions
 * and objects, so `instanceof Error`, `Array.isArray`, promises and prototypes behave as scenario code
 * expects, and nothing reachable from scenario code leads to the host realm or to another session.
 *
 * Conventions (kept in one place so the host side can stay typed):
 * - every value crossing host → context goes through `toCtx` (host arrays/objects are copied);
 * - every error crossing host → context goes through `toCtxError` (same name, message and `code`);
 * - async host functions take `(args, resolve, reject)` and are wrapped into context promises; a host
 *   error thrown synchronously is thrown synchronously (e.g. the HTTP connection limit, §1.4);
 * - an API listed as not emulated throws `<Name> is not emulated` (never returns undefined);
 * - `Date` follows the virtual clock and behaves as if the zone were UTC (§1.2: `new Date()` is UTC+0);
 * - the dispatch trampoline `__voxmaskDispatch` runs one callback the host queued and returns
 *   `{ error }` instead of throwing; it is a non-enumerable, read-only global.
 */
import * as vm from 'node:vm';

export const FACADE_SOURCE = String.raw`(function (host) {
  'use strict';
  var g = globalThis;
  var defineProperty = Object.defineProperty;
  var freeze = Object.freeze;
  var keys = Object.keys;
  var create = Object.create;
  var PromiseCtor = Promise;
  var promiseThen = Promise.prototype.then;
  var RealDate = Date;
  var ERRORS = { Error: Error, TypeError: TypeError, RangeError: RangeError, SyntaxError: SyntaxError, ReferenceError: ReferenceError };

  function toCtx(v) {
    if (v === null || typeof v !== 'object' || v instanceof Object) return v;
    var i, out;
    if (Array.isArray(v)) {
      out = [];
      for (i = 0; i < v.length; i++) out.push(toCtx(v[i]));
      return out;
    }
    out = {};
    var ks = keys(v);
    for (i = 0; i < ks.length; i++) out[ks[i]] = toCtx(v[ks[i]]);
    return out;
  }
  function toCtxError(e) {
    if (e === null || typeof e !== 'object' || e instanceof Object) return e;
    var Ctor = ERRORS[e.name] || Error;
    var err = new Ctor(String(e.message));
    if (!ERRORS[e.name] && e.name) defineProperty(err, 'name', { value: String(e.name), writable: true, configurable: true });
    if (e.code !== undefined) err.code = e.code;
    if (e.field !== undefined) err.field = e.field;
    return err;
  }
  function syncFn(f) {
    return function () {
      try { return toCtx(f.apply(this, arguments)); } catch (e) { throw toCtxError(e); }
    };
  }
  function asyncFn(f) {
    return function () {
      var res, rej;
      var p = new PromiseCtor(function (a, b) { res = a; rej = b; });
      try {
        f.call(this, arguments, function (v) { res(toCtx(v)); }, function (e) { rej(toCtxError(e)); });
      } catch (e) { throw toCtxError(e); }
      return p;
    };
  }
  function unemulated(label) {
    return function () { throw new Error(label + ' is not emulated'); };
  }
  function notEmulatedObject(label) {
    return new Proxy(freeze({}), {
      get: function (_t, prop) {
        if (typeof prop === 'symbol' || prop === 'toJSON' || prop === 'then') return undefined;
        throw new Error(label + '.' + String(prop) + ' is not emulated');
      },
    });
  }
  function makeNamespace(desc) {
    var o = {}, i, ks;
    if (desc.values) { ks = keys(desc.values); for (i = 0; i < ks.length; i++) o[ks[i]] = toCtx(desc.values[ks[i]]); }
    if (desc.sync) { ks = keys(desc.sync); for (i = 0; i < ks.length; i++) o[ks[i]] = syncFn(desc.sync[ks[i]]); }
    if (desc.async) { ks = keys(desc.async); for (i = 0; i < ks.length; i++) o[ks[i]] = asyncFn(desc.async[ks[i]]); }
    if (desc.unemulated) for (i = 0; i < desc.unemulated.length; i++) o[desc.unemulated[i]] = unemulated(desc.label + '.' + desc.unemulated[i]);
    return desc.frozen ? freeze(o) : o;
  }
  function defineLazy(target, name, build) {
    defineProperty(target, name, {
      configurable: true,
      enumerable: true,
      get: function () {
        var v = build();
        defineProperty(target, name, { value: v, writable: true, configurable: true, enumerable: true });
        return v;
      },
      set: function (v) {
        defineProperty(target, name, { value: v, writable: true, configurable: true, enumerable: true });
      },
    });
  }

  // ---- Date on the virtual clock, in UTC (§1.2) ----
  var now = host.now;
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
  class VDate extends RealDate {
    constructor() {
      var a = arguments;
      if (a.length === 0) super(now());
      else if (a.length === 1) super(typeof a[0] === 'string' ? parseUtc(a[0]) : (a[0] instanceof RealDate ? a[0].getTime() : a[0]));
      else super(RealDate.UTC.apply(null, a));
    }
    static now() { return now(); }
    static parse(s) { return parseUtc(s); }
  }
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
  var DateGlobal = new Proxy(VDate, {
    apply: function () { return new VDate().toString(); },
  });

  // ---- the dispatch trampoline and rejection probes ----
  var takeSlot = host.takeSlot;
  defineProperty(g, '__voxmaskDispatch', {
    value: function () {
      var s = takeSlot();
      try { s.fn.apply(undefined, s.args); return undefined; } catch (e) { return { error: e }; }
    },
    enumerable: false, writable: false, configurable: false,
  });
  var report = host.reportRejection;
  function probe(p) { return function (reason) { report(p, reason); }; }

  // ---- Call ----
  var callMethod = host.callMethod;
  function Call() { throw new TypeError('Call objects come from AppEvents.CallAlerting and VoxEngine.callPSTN; they cannot be constructed'); }
  host.callMethodNames.forEach(function (name) {
    Call.prototype[name] = function () {
      try { return toCtx(callMethod(this, name, arguments)); } catch (e) { throw toCtxError(e); }
    };
  });
  host.callUnemulated.forEach(function (name) { Call.prototype[name] = unemulated('Call.' + name); });
  function makeCall() { return create(Call.prototype); }

  // ---- Voices (§1.5): lazily built trees of frozen leaves ----
  var voiceKey = host.voiceKey;
  function leaf(provider, name) {
    var v = { provider: provider, name: name };
    defineProperty(v, voiceKey, { value: provider + '.' + name });
    return freeze(v);
  }
  function voiceTree(path, tree) {
    var o = {};
    (tree.voices || []).forEach(function (name) { o[name] = leaf(path, name); });
    keys(tree.children || {}).forEach(function (child) {
      defineLazy(o, child, function () { return voiceTree(path + '.' + child, tree.children[child]); });
    });
    (tree.notEmulated || []).forEach(function (child) {
      defineLazy(o, child, function () { return notEmulatedObject(path + '.' + child); });
    });
    return freeze(o);
  }
  function voiceRoot(name, tree) {
    var o = {};
    keys(tree).forEach(function (provider) {
      var t = tree[provider];
      if (t === null) defineLazy(o, provider, function () { return notEmulatedObject(name + '.' + provider); });
      else defineLazy(o, provider, function () { return voiceTree(provider, t); });
    });
    return o;
  }

  // ---- globals ----
  var i, ks;
  ks = keys(host.namespaces);
  for (i = 0; i < ks.length; i++) g[ks[i]] = makeNamespace(host.namespaces[ks[i]]);
  ks = keys(host.functions);
  for (i = 0; i < ks.length; i++) g[ks[i]] = syncFn(host.functions[ks[i]]);
  ks = keys(host.enums);
  for (i = 0; i < ks.length; i++) g[ks[i]] = freeze(toCtx(host.enums[ks[i]]));
  host.notEmulatedGlobals.forEach(function (name) {
    defineLazy(g, name, function () { return notEmulatedObject(name); });
  });
  g.Net.HttpRequestOptions = function HttpRequestOptions() {
    this.method = 'GET';
    this.headers = [];
    this.params = {};
    this.postData = undefined;
    this.rawOutput = false;
    this.timeout = 90;
    this.connectionTimeout = 6;
    this.enableSystemLog = false;
  };
  var hostLocalTime = host.getLocalTime;
  g.getLocalTime = function getLocalTime(tz, date) {
    try { return new VDate(hostLocalTime(tz, date)); } catch (e) { throw toCtxError(e); }
  };
  g.Call = Call;
  g.Date = DateGlobal;
  g.JSession = freeze({ close: g.VoxEngine.terminate });
  defineLazy(g, 'VoiceList', function () { return voiceRoot('VoiceList', host.voiceList); });
  defineLazy(g, 'Language', function () { return voiceTree('Language', host.language); });
  var hostRequire = host.require;
  g.require = function require(moduleName) {
    var mod;
    try { mod = hostRequire(moduleName); } catch (e) { throw toCtxError(e); }
    if (mod) keys(mod).forEach(function (name) { if (!Object.prototype.hasOwnProperty.call(g, name)) g[name] = makeNamespace(mod[name]); });
  };

  return {
    makeCall: makeCall,
    makeEvent: toCtx,
    probe: probe,
    promisePrototype: PromiseCtor.prototype,
    then: promiseThen,
  };
})`;

let compiled: vm.Script | undefined;

/** The facade script, compiled once per process and run in each session context. */
export function facadeScript(): vm.Script {
  compiled ??= new vm.Script(FACADE_SOURCE, { filename: 'voxengine-globals.js' });
  return compiled;
}
