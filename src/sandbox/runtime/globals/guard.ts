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

/** Guards every member of a namespace description. */
export function guardNamespace(realm: ContextRealm, desc: NamespaceDesc): GuardedNamespace {
  const members: Record<string, HostFn> = {};
  for (const [name, fn] of Object.entries(desc.sync ?? {})) members[name] = guardSync(realm, fn);
  for (const [name, fn] of Object.entries(desc.async ?? {})) members[name] = guardAsync(realm, fn);
  return { label: desc.label, members, unemulated: unemulatedSet(desc.unemulated) };
}
