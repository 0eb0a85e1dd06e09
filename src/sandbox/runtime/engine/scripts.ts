/**
 * Compiles scenario files once per (name, source text) and caches the result, including a SyntaxError
 * (docs/platform.md#execution-model, docs/platform.md#classic-script: scenarios are classic scripts, so `import`/`export` fail to compile).
 */
import * as vm from 'node:vm';

/** A compiled scenario, or the compile error it produced. */
export type CompiledScenario = { ok: true; script: vm.Script } | { ok: false; error: Error };

/**
 * Compiled scenarios by source text, then by name. Keyed on the source string itself (not on a
 * concatenation of name and source): the scenario strings a sandbox or test passes are the same string
 * objects call after call, so V8's cached string hash makes a lookup O(1) and allocates nothing.
 */
const cache = new Map<string, Map<string, CompiledScenario>>();
/** Sources kept before the cache is cleared (bounds memory for long-running sandboxes). */
const MAX_ENTRIES = 500;

/** The compiled script for `code`, named `name` in stack traces (`<name>.js`). */
export function compileScenario(name: string, code: string): CompiledScenario {
  let byName = cache.get(code);
  if (!byName) {
    if (cache.size >= MAX_ENTRIES) cache.clear();
    byName = new Map();
    cache.set(code, byName);
  }
  let entry = byName.get(name);
  if (!entry) {
    try {
      entry = { ok: true, script: new vm.Script(code, { filename: name.endsWith('.js') ? name : `${name}.js` }) };
    } catch (error) {
      entry = { ok: false, error: error as Error };
    }
    byName.set(name, entry);
  }
  return entry;
}
