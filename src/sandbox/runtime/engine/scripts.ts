/**
 * Compiles scenario files once per (name, source text) and caches the result, including a SyntaxError
 * (voxengine-runtime.md §1.1-1.2: scenarios are classic scripts, so `import`/`export` fail to compile).
 */
import * as vm from 'node:vm';

/** A compiled scenario, or the compile error it produced. */
export type CompiledScenario = { ok: true; script: vm.Script } | { ok: false; error: Error };

const cache = new Map<string, CompiledScenario>();
/** Entries kept before the cache is cleared (bounds memory for long-running sandboxes). */
const MAX_ENTRIES = 500;

/** The compiled script for `code`, named `name` in stack traces (`<name>.js`). */
export function compileScenario(name: string, code: string): CompiledScenario {
  const key = `${name}\u0000${code}`;
  let entry = cache.get(key);
  if (!entry) {
    try {
      entry = { ok: true, script: new vm.Script(code, { filename: name.endsWith('.js') ? name : `${name}.js` }) };
    } catch (error) {
      entry = { ok: false, error: error as Error };
    }
    if (cache.size >= MAX_ENTRIES) cache.clear();
    cache.set(key, entry);
  }
  return entry;
}
