import { loadConfig } from '../../config';
import { virtualNumbersOf } from '../../config/deploy';
import { deployFromConfig } from '../../deploy/from-config';
import { runOnTarget } from '../../platform/target';
import { EXIT } from '../../errors';
import { defineCommand } from '../command';
import { addShowNumbersOption, outputMasker } from '../options';

/** Options of `voxmask deploy`. */
export interface DeployCommandOptions {
  config?: string;
  credentials?: string;
  dryRun?: boolean;
  force?: boolean;
  /** false with --no-build. */
  build: boolean;
  showNumbers?: boolean;
}

/**
 * What deploy's messages quote that is no phone number and stays readable: a platform id
 * (`scenario masked-call #2345678`, `application #123`) or a bundle hash prefix (`hash 256a7f01598a`,
 * the 12 hex digits src/deploy/actions.ts prints; its digits can read like a number).
 */
const NOT_A_PHONE = /#[0-9]+|\bhash [0-9a-f]{12}\b/g;

/** `line` through `mask`, except the platform ids and hash prefixes it quotes (NOT_A_PHONE). */
export function maskDeployLine(line: string, mask: (text: string) => string): string {
  const kept = line.match(NOT_A_PHONE) ?? [];
  return line
    .split(NOT_A_PHONE)
    .map((piece, i) => mask(piece) + (kept[i] ?? ''))
    .join('');
}

/**
 * `voxmask deploy [--config FILE] [--credentials FILE] [--dry-run] [--force]`: makes the application
 * on the target (the sandbox by default; a real account with `--credentials` or `deploy.target`) match
 * voxfiles/, printing the plan first. Unless --no-build, the masked-call bundle is built first from
 * the configuration's `scenario` section (into voxfiles/scenarios/src/, or only in memory for a dry
 * run). Exit 0 on success (also when nothing changed); a refusal (drift without --force, a number
 * that cannot be bound) or any other user error is a thrown VoxmaskError (exit 1, nothing written on
 * refusal). The virtual numbers of `deploy.numbers` are public and printed as they are; anything else
 * phone-like is masked unless `--show-numbers`.
 */
export const command = defineCommand<DeployCommandOptions>({
  define: (program) =>
    addShowNumbersOption(
      program
        .command('deploy')
        .description('create or update the Voximplant application, scenarios, rules and numbers from voxfiles/')
        .option('--config <file>', 'configuration file (default voxmask.config.json)')
        .option('--credentials <file>', 'service-account key of a real account (switches the target to that account)')
        .option('--dry-run', 'print the plan; call no write method and write no file')
        .option('--force', 'overwrite scenarios edited on the platform; move numbers bound to other applications')
        .option('--no-build', 'upload the bundles already in voxfiles/scenarios/src without building'),
    ),
  async run(options, io) {
    const loaded = loadConfig(options.config);
    const config = loaded.deploy;
    const virtualNumbers = virtualNumbersOf(config);
    const mask = outputMasker(options.showNumbers, io.stderr);
    const print = (line: string) => io.stdout.write(`${maskDeployLine(line, (text) => mask(text, virtualNumbers))}\n`);
    await runOnTarget(config, { credentialsFlag: options.credentials }, async (target, choice) => {
      print(`Target: ${target.description}`);
      await deployFromConfig(loaded, target, choice, {
        build: options.build !== false,
        force: options.force,
        dryRun: options.dryRun,
        log: print,
      });
    });
    return EXIT.OK;
  },
});
