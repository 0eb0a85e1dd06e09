import { relative } from 'node:path';
import { Command } from 'commander';
import { loadConfig } from '../../config';
import { BUILT_SCENARIOS, buildScenarios } from '../../deploy/build-step';
import { scenarioSourceFile } from '../../deploy/voxfiles';

/**
 * `voxmask build [--config FILE] [--out FILE]`: validates the configuration (loadConfig, src/config)
 * and bundles every scenario voxmask has sources for (deploy/build-step.ts BUILT_SCENARIOS, today
 * masked-call) with its `scenario` section baked in, each into
 * `<deploy.voxfilesDir>/scenarios/src/<name>.voxengine.js` (voxengine-ci layout; where deploy reads
 * it, deploy/voxfiles.ts scenarioSourceFile). `--out FILE` writes the masked-call bundle there instead.
 * rollup and TypeScript are loaded only when the action runs. Fails with the ConfigError or BundleError message.
 */
export function register(program: Command): void {
  program
    .command('build')
    .description('bundle the masked-call VoxEngine scenario with the configuration baked in')
    .option('-c, --config <file>', 'configuration file (default: voxmask.config.json, defaults when absent)')
    .option('-o, --out <file>', 'write the masked-call bundle here (default: <deploy.voxfilesDir>/scenarios/src/<name>.voxengine.js for each scenario)')
    .action(async (opts: { config?: string; out?: string }) => {
      const config = loadConfig(opts.config);
      const built = (file: string, bytes: number) => process.stdout.write(`built ${relative(process.cwd(), file) || file} (${bytes} bytes)\n`);
      if (opts.out !== undefined) {
        const { buildScenarioBundle, MASKED_CALL_ENTRY } = await import('../../build/bundle');
        built(opts.out, (await buildScenarioBundle(config.scenario, opts.out, { entry: MASKED_CALL_ENTRY })).bytes);
        return;
      }
      const texts = await buildScenarios(config.scenario, config.deploy.voxfilesDir, true);
      for (const name of Object.keys(BUILT_SCENARIOS)) built(scenarioSourceFile(config.deploy.voxfilesDir, name), Buffer.byteLength(texts[name], 'utf8'));
    });
}
