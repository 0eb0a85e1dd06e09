import { Command } from 'commander';
import * as buildCommand from './commands/build';
import * as callCommand from './commands/call';
import * as deployCommand from './commands/deploy';
import * as placeCallCommand from './commands/place-call';
import * as poolCommand from './commands/pool';
import * as resultsCommand from './commands/results';
import * as seedCommand from './commands/seed';
import * as sessionCommand from './commands/session';
import * as sandboxCommand from './commands/sandbox';
import * as startCommand from './commands/start';

/** A CLI command module: adds one sub-command to the program. */
export interface CommandModule {
  register(program: Command): void;
}

const COMMANDS: CommandModule[] = [buildCommand, callCommand, deployCommand, placeCallCommand, poolCommand, resultsCommand, seedCommand, sessionCommand, sandboxCommand, startCommand];

/**
 * Builds the `voxmask` program with every sub-command registered.
 * Kept separate from `main` so tests can run commands in-process.
 */
export function createProgram(): Command {
  const program = new Command('voxmask')
    .description('Number masking for Voximplant: build, deploy, seed, and a local sandbox')
    .showHelpAfterError();
  for (const command of COMMANDS) command.register(program);
  return program;
}

/** Entry point used by bin/voxmask.js. `argv` is process.argv (node, script, ...args). */
export async function main(argv: string[]): Promise<void> {
  await createProgram().parseAsync(argv);
}
