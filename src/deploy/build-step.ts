import { CLICK_TO_CALL_ENTRY, MASKED_CALL_ENTRY, POOL_CALL_ENTRY } from '../build/paths';
import type { ScenarioConfig } from '../config/scenario';
import { scenarioSourceFile } from './voxfiles';

/** Scenarios voxmask builds from TypeScript sources, by scenario name → entry file (src/build). */
export const BUILT_SCENARIOS: Readonly<Record<string, string>> = {
  'masked-call': MASKED_CALL_ENTRY,
  'pool-call': POOL_CALL_ENTRY,
  'click-to-call': CLICK_TO_CALL_ENTRY,
};

/**
 * Builds every scenario voxmask has sources for with `config` baked in (src/build/bundle.ts) and
 * returns the texts by scenario name. With `write` the bundles are also written where deploy reads
 * them, `<voxfilesDir>/scenarios/src/<name>.voxengine.js` (voxfiles.ts scenarioSourceFile); a dry run builds in memory only, so the
 * plan shows exactly what a real run would upload while no file changes.
 * rollup and TypeScript (src/build/bundle.ts) are loaded on the first call, not when this module is.
 * @throws BundleError when a build fails (type errors, warnings, size limit)
 */
export async function buildScenarios(config: ScenarioConfig, voxfilesDir: string, write: boolean): Promise<Record<string, string>> {
  const { buildScenarioBundle } = await import('../build/bundle');
  const texts: Record<string, string> = {};
  for (const [name, entry] of Object.entries(BUILT_SCENARIOS)) {
    const out = write ? scenarioSourceFile(voxfilesDir, name) : undefined;
    texts[name] = (await buildScenarioBundle(config, out, { entry })).code;
  }
  return texts;
}
