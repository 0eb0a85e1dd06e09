import { relative } from 'node:path';
import { loadConfig } from '../../config';
import { BUILT_SCENARIOS, buildScenarios } from '../../deploy/build-step';
import { scenarioSourceFile } from '../../deploy/voxfiles';
import { EXIT } from '../../errors';
import { defineCommand } from '../command';

/** Options of `voxmask build`. */
export interface BuildCommandOptions {
  /** Configuration file (default voxmask.config.json in the working directory). */
  config?: string;
  /** Write the masked-call bundle to this file instead of voxfiles/. */
  out?: string;
}

/**
 * `voxmask build [--config FILE] [--out FILE]`: validates the configuration (loadConfig, src/config)
 * and bundles every scenario voxmask has sources for (deploy/build-step.ts BUILT_SCENARIOS, today
 * masked-call) with its `scenario` section baked in, each into
 * `<deploy.voxfilesDir>/scenarios/src/<name>.voxengine.js` (voxengine-ci layout; where deploy reads
 * it, deploy/voxfiles.ts scenarioSourceFile). `--out FILE` writes the masked-call bundle there instead.
 * rollup and TypeScript are loaded only when it runs. Exit 0; throws ConfigError or BundleError (exit 1).
 */
export const command = defineCommand<BuildCommandOptions>({
  define: (program) =>
    program
      .command('build')
      .description('bundle the masked-call VoxEngine scenario with the configuration baked in')
      .option('-c, --config <file>', 'configuration file (default: voxmask.config.json, defaults when absent)')
      .option(
        '-o, --out <file>',
        'write the masked-call bundle here (default: <deploy.voxfilesDir>/scenarios/src/<name>.voxengine.js for each scenario)',
      ),
  async run(options, io) {
    const config = loadConfig(options.config);
    const built = (file: string, bytes: number) => io.stdout.write(`built ${relative(process.cwd(), file) || file} (${bytes} bytes)\n`);
    if (options.out !== undefined) {
      const { buildScenarioBundle, MASKED_CALL_ENTRY } = await import('../../build/bundle');
      built(options.out, (await buildScenarioBundle(config.scenario, options.out, { entry: MASKED_CALL_ENTRY })).bytes);
      return EXIT.OK;
    }
    const texts = await buildScenarios(config.scenario, config.deploy.voxfilesDir, true);
    for (const name of Object.keys(BUILT_SCENARIOS))
      built(scenarioSourceFile(config.deploy.voxfilesDir, name), Buffer.byteLength(texts[name], 'utf8'));
    return EXIT.OK;
  },
});
