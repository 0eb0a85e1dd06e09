import { join, resolve } from 'node:path';

/**
 * Where the build finds its sources. Kept apart from bundle.ts so that naming the entries (deploy's
 * build step, the CLI) does not load rollup and TypeScript; bundle.ts re-exports both.
 */

/** Repository root (this file lives in src/build/ or dist/src/build/). */
export const PROJECT_ROOT = resolve(__dirname, __dirname.includes(`${join('dist', 'src')}`) ? '../../..' : '../..');
/** The masked-call entry (its built form goes to <voxfilesDir>/scenarios/src/, deploy/voxfiles.ts). */
export const MASKED_CALL_ENTRY = join(PROJECT_ROOT, 'scenarios/masked-call.voxengine.ts');
/** The pool-call entry (the pool numbers' rule). */
export const POOL_CALL_ENTRY = join(PROJECT_ROOT, 'scenarios/pool-call.voxengine.ts');
/** The click-to-call entry (the rule StartScenarios runs). */
export const CLICK_TO_CALL_ENTRY = join(PROJECT_ROOT, 'scenarios/click-to-call.voxengine.ts');
