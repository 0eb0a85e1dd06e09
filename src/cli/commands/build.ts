import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { Option } from 'commander';
import { loadConfig, VoxmaskConfig } from '../../config';
import { BUILT_SCENARIOS, buildScenarios } from '../../deploy/build-step';
import { scenarioSourceFile } from '../../deploy/voxfiles';
import { EXIT } from '../../errors';
import { CommandIO, defineCommand } from '../command';

/** Options of `voxmask build`. */
export interface BuildCommandOptions {
  /** Configuration file (default voxmask.config.json in the working directory). */
  config?: string;
  /** Write the masked-call bundle to this file instead of voxfiles/. */
  out?: string;
  /** Write nothing: build in memory and compare with the bundles in voxfiles/ (exit 1 when one differs). */
  check?: boolean;
}

/**
 * `voxmask build [--config FILE] [--out FILE]`: validates the configuration (loadConfig, src/config)
 * and bundles every scenario voxmask has sources for (deploy/build-step.ts BUILT_SCENARIOS, today
 * masked-call) with its `scenario` section baked in, each into
 * `<deploy.voxfilesDir>/scenarios/src/<name>.voxengine.js` (voxengine-ci layout; where deploy reads
 * it, deploy/voxfiles.ts scenarioSourceFile). `--out FILE` writes the masked-call bundle there instead.
 * `--check` writes nothing: it builds in memory and compares each bundle with the file deploy would
 * upload, so CI can tell committed bundles that lag behind their sources (exit 1, naming each file).
 * rollup and TypeScript are loaded only when it runs. Exit 0; throws ConfigError or BundleError (exit 1).
 */
export const command = defineCommand<BuildCommandOptions>({
  define: (program) =>
    program
      .command('build')
      .description('bundle the VoxEngine scenarios with the configuration baked in')
      .option('-c, --config <file>', 'configuration file (default: voxmask.config.json, defaults when absent)')
      .option(
        '-o, --out <file>',
        'write the masked-call bundle here (default: <deploy.voxfilesDir>/scenarios/src/<name>.voxengine.js for each scenario)',
      )
      .addOption(new Option('--check', 'write nothing; exit 1 when a bundle in voxfiles/ differs from a fresh build').conflicts('out')),
  async run(options, io) {
    const config = loadConfig(options.config);
    if (options.check) return checkBundles(config, io);
    const built = (file: string, bytes: number) => io.stdout.write(`built ${shownPath(file)} (${bytes} bytes)\n`);
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

/** `--check`: one line per bundle (`up to date`, `differs`, `missing`); exit 1 when any is not up to date. */
async function checkBundles(config: VoxmaskConfig, io: CommandIO): Promise<number> {
  const texts = await buildScenarios(config.scenario, config.deploy.voxfilesDir, false);
  let stale = 0;
  for (const [name, text] of Object.entries(texts)) {
    const file = scenarioSourceFile(config.deploy.voxfilesDir, name);
    const state = bundleState(file, text);
    if (state !== 'up to date') stale++;
    io.stdout.write(`${state.padEnd(10)} ${shownPath(file)}\n`);
  }
  if (stale) {
    const bundles = stale === 1 ? '1 bundle lags' : `${stale} bundles lag`;
    io.stderr.write(`${bundles} behind their sources or the configuration: run "voxmask build"\n`);
  }
  return stale ? EXIT.USER_ERROR : EXIT.OK;
}

/** How the bundle file stands against a fresh build's `text` (one read; a file that cannot be read is missing). */
function bundleState(file: string, text: string): 'up to date' | 'differs' | 'missing' {
  let stored: string;
  try {
    stored = readFileSync(file, 'utf8');
  } catch {
    return 'missing';
  }
  return stored === text ? 'up to date' : 'differs';
}

/** `file` relative to the working directory, as the lines of this command show it. */
function shownPath(file: string): string {
  return relative(process.cwd(), file) || file;
}
