import { Command } from 'commander';
import { loadConfig } from '../../config';
import { deployFromConfig } from '../../deploy/from-config';
import { runOnTarget } from '../../platform/target';
import { addShowNumbersOption, outputMasker } from '../options';

/** Options of `voxmask deploy`. */
interface DeployCommandOptions {
  config?: string;
  credentials?: string;
  dryRun?: boolean;
  force?: boolean;
  /** false with --no-build. */
  build: boolean;
  showNumbers?: boolean;
}

/** A platform id as deploy's messages write it (`scenario masked-call #2345678`, `application #123`). */
const PLATFORM_ID = /#[0-9]+/g;

/** `line` through `mask`, except the `#<id>` platform ids it quotes, which are no phone numbers and stay readable. */
export function maskExceptIds(line: string, mask: (text: string) => string): string {
  const ids = line.match(PLATFORM_ID) ?? [];
  return line
    .split(PLATFORM_ID)
    .map((piece, i) => mask(piece) + (ids[i] ?? ''))
    .join('');
}

/**
 * `voxmask deploy [--config FILE] [--credentials FILE] [--dry-run] [--force]`: makes the application
 * on the target (the sandbox by default; a real account with `--credentials` or `deploy.target`) match
 * voxfiles/, printing the plan first. Unless --no-build, the masked-call bundle is built first from
 * the configuration's `scenario` section (into voxfiles/scenarios/src/, or only in memory for a dry
 * run). Exit 0 on success (also when nothing changed), 1 on any error
 * or refusal (drift without --force, a number that cannot be bound); nothing is written on refusal.
 * Against the sandbox the command re-runs itself with NODE_EXTRA_CA_CERTS set when needed (extra-ca.ts).
 * The virtual numbers of `deploy.numbers` are public and printed as they are; anything else phone-like
 * is masked unless `--show-numbers`.
 */
export function register(program: Command): void {
  const command = program
    .command('deploy')
    .description('create or update the Voximplant application, scenarios, rules and numbers from voxfiles/')
    .option('--config <file>', 'configuration file (default voxmask.config.json)')
    .option('--credentials <file>', 'service-account key of a real account (switches the target to that account)')
    .option('--dry-run', 'print the plan; call no write method and write no file')
    .option('--force', 'overwrite scenarios edited on the platform; move numbers bound to other applications')
    .option('--no-build', 'upload the bundles already in voxfiles/scenarios/src without building');
  addShowNumbersOption(command).action(async (options: DeployCommandOptions) => {
    const loaded = loadConfig(options.config);
    const config = loaded.deploy;
    const virtualNumbers = config.numbers.map((n) => n.number);
    await runOnTarget(config, options.credentials, async (target, choice) => {
      const mask = outputMasker(options.showNumbers, process.stderr);
      const print = (line: string) => process.stdout.write(`${maskExceptIds(line, (text) => mask(text, virtualNumbers))}\n`);
      print(`Target: ${target.description}`);
      await deployFromConfig(loaded, target, choice, { build: options.build !== false, force: options.force, dryRun: options.dryRun, log: print });
    });
  });
}
