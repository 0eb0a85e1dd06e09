import { relative } from 'node:path';
import { Command } from 'commander';
import { buildScenarioBundle } from '../../build/bundle';
import { loadConfig } from '../../config';
import { scenarioSourceFile } from '../../deploy/voxfiles';

/**
 * `voxmask build [--config FILE] [--out FILE]`: validates the configuration (loadConfig, src/config)
 * and bundles the masked-call scenario with its `scenario` section baked in, into
 * `<deploy.voxfilesDir>/scenarios/src/masked-call.voxengine.js` (voxengine-ci layout; where deploy reads
 * it, deploy/voxfiles.ts scenarioSourceFile) unless --out says otherwise.
 * Fails with the ConfigError or BundleError message.
 */
export function register(program: Command): void {
  program
    .command('build')
    .description('bundle the masked-call VoxEngine scenario with the configuration baked in')
    .option('-c, --config <file>', 'configuration file (default: voxmask.config.json, defaults when absent)')
    .option('-o, --out <file>', 'output file (default: <deploy.voxfilesDir>/scenarios/src/masked-call.voxengine.js)')
    .action(async (opts: { config?: string; out?: string }) => {
      const config = loadConfig(opts.config);
      const out = opts.out ?? scenarioSourceFile(config.deploy.voxfilesDir, 'masked-call');
      const result = await buildScenarioBundle(config.scenario, out);
      process.stdout.write(`built ${relative(process.cwd(), out) || out} (${result.bytes} bytes)\n`);
    });
}
