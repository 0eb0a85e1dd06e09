import { Argument, Command } from 'commander';
import { openConfiguredSessionStore } from '../../backend/sessions';
import { poolStatusLines } from '../../backend/sessions/report';
import { loadConfig } from '../../config';
import { runOnTarget } from '../../platform/target';
import { addShowNumbersOption, outputMasker } from '../options';
import { CommandIO, defineCommand } from '../command';

/** Options of `voxmask pool`. */
export interface PoolCommandOptions {
  action: 'status';
  config?: string;
  credentials?: string;
  json?: boolean;
  showNumbers?: boolean;
}

/** Declares `voxmask pool status`. */
function define(program: Command): Command {
  const command = program
    .command('pool')
    .description('the number pool of pool sessions: use per number, the busiest party, the sizing rule')
    .addArgument(new Argument('<action>', 'what to show').choices(['status']))
    .option('--config <file>', 'configuration file (default voxmask.config.json)')
    .option('--credentials <file>', 'service-account key of a real account (switches the target to that account)')
    .option('--json', 'print the status as one JSON object');
  return addShowNumbersOption(command);
}

/**
 * `voxmask pool status`: per pool number the active sessions, the parties holding it and those cooling
 * off; the party holding the most numbers against the pool size (src/backend/sessions/pool-status.ts).
 * One listing of every claim: about one request per 50 claims. Party phones masked; pool numbers in full.
 * Exit 0; 1 on error.
 */
async function run(options: PoolCommandOptions, io: CommandIO): Promise<number> {
  const loaded = loadConfig(options.config);
  const keep = loaded.deploy.pool.numbers.map((n) => n.number);
  const mask = outputMasker(options.showNumbers, io.stderr);
  await runOnTarget(loaded.deploy, { credentialsFlag: options.credentials }, async (target) => {
    const status = await (await openConfiguredSessionStore(target.api, loaded)).status();
    const lines = options.json ? [JSON.stringify(status)] : poolStatusLines(status);
    for (const line of lines) io.stdout.write(`${mask(line, keep)}\n`);
  });
  return 0;
}

/** The `voxmask pool` command (src/cli/command.ts). */
export const command = defineCommand<PoolCommandOptions>({ define, run });
