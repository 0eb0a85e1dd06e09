/**
 * Guards host functions before they are exposed to scenario code: arguments arrive as they are,
 * results are converted to context values and host errors to context errors (globals/realm.ts).
 */
import type { AsyncHostFn, GuardedNamespace, HostFn, NamespaceDesc } from './bridge';
import type { ContextRealm } from './realm';

/** A synchronous host function whose result and errors cross into the context. */
export function guardSync(realm: ContextRealm, fn: HostFn): HostFn {
  return function guarded(this: unknown, ...args: unknown[]) {
    try {
      return realm.toCtx(fn.apply(this, args));
    } catch (error) {
      throw realm.error(error);
    }
  };
}

/** Converts host errors only; the result passes as it is (for facade-internal calls such as require). */
export function guardErrors(realm: ContextRealm, fn: HostFn): HostFn {
  return function guarded(this: unknown, ...args: unknown[]) {
    try {
      return fn.apply(this, args);
    } catch (error) {
      throw realm.error(error);
    }
  };
}

/** A promise-returning API: the returned promise belongs to the context. */
export function guardAsync(realm: ContextRealm, fn: AsyncHostFn): HostFn {
  return function guarded(...args: unknown[]) {
    const d = realm.deferred();
    try {
      fn(
        args,
        (value) => d.resolve(realm.toCtx(value)),
        (error) => d.reject(realm.error(error)),
      );
    } catch (error) {
      throw realm.error(error);
    }
    return d.promise;
  };
}

const NONE: ReadonlySet<string> = new Set();
const sets = new WeakMap<readonly string[], ReadonlySet<string>>();

/** The Set form of a not-emulated list, shared across sessions. */
function unemulatedSet(names: readonly string[] | undefined): ReadonlySet<string> {
  if (!names || names.length === 0) return NONE;
  let set = sets.get(names);
  if (!set) sets.set(names, (set = new Set(names)));
  return set;
}

/** A namespace whose members are guarded on first request (most sessions use few of them). */
export function guardNamespace(realm: ContextRealm, desc: NamespaceDesc): GuardedNamespace {
  const sync = desc.sync ?? {};
  const async = desc.async ?? {};
  const built = new Map<string, HostFn>();
  const own = Object.prototype.hasOwnProperty;
  return {
    label: desc.label,
    has: (name) => own.call(sync, name) || own.call(async, name),
    member: (name) => {
      let fn = built.get(name);
      if (!fn) {
        fn = own.call(sync, name) ? guardSync(realm, sync[name]) : guardAsync(realm, async[name]);
        built.set(name, fn);
      }
      return fn;
    },
    unemulated: unemulatedSet(desc.unemulated),
  };
}
