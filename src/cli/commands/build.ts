import { relative } from 'node:path';
import { Command } from 'commander';
import { buildScenarioBundle, MASKED_CALL_OUTPUT } from '../../build/bundle';
import { loadConfig } from '../../config';

/**
 * `voxmask build [--config FILE] [--out FILE]`: validates the configuration (loadConfig, src/config)
 * and bundles the masked-call scenario with its `scenario` section baked in, into
 * voxfiles/scenarios/src/masked-call.voxengine.js (voxengine-ci layout) unless --out says otherwise.
 * Fails with the ConfigError or BundleError message.
 */
export function register(program: Command): void {
  program
    .command('build')
    .description('bundle the masked-call VoxEngine scenario with the configuration baked in')
    .option('-c, --config <file>', 'configuration file (default: voxmask.config.json, defaults when absent)')
    .option('-o, --out <file>', 'output file', MASKED_CALL_OUTPUT)
    .action(async (opts: { config?: string; out: string }) => {
      const config = loadConfig(opts.config);
      const result = await buildScenarioBundle(config.scenario, opts.out);
      process.stdout.write(`built ${relative(process.cwd(), opts.out) || opts.out} (${result.bytes} bytes)\n`);
    });
}
