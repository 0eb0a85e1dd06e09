import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Command, CommanderError } from 'commander';
import { maskPhonesInText } from '../../contract/mask-text';
import { EXIT, EXIT_CODES_HELP, VoxmaskError } from '../errors';
import type { CliCommand, CommandIO } from './command';
import { SHOW_NUMBERS_FLAG } from './options';

const COMMANDS_DIR = join(__dirname, 'commands');

/** The command a module file declares: its name without the extension (`seed.ts` → `seed`). */
function commandNameOf(file: string): string {
  return file.replace(/\.(js|ts)$/, '');
}

/**
 * The command modules of src/cli/commands/ (compiled `.js` under dist/, `.ts` under jest), in file name
 * order: each exports `command` (command.ts CliCommand), named as its file. Read from the folder so that
 * adding a command is adding one file. With `invoked` naming one of them, only that module is loaded: a
 * command's dependencies (the official client, the sandbox, the bundler) cost a few hundred ms to load,
 * and a run needs one command's; help, an unknown name or none load all.
 * @throws Error naming a file that exports no command, or one named otherwise than its file (a bug)
 */
export function commandModules(invoked?: string): Array<{ file: string; command: CliCommand<never> }> {
  const files = readdirSync(COMMANDS_DIR)
    .filter((file) => /\.(js|ts)$/.test(file) && !file.endsWith('.d.ts'))
    .sort();
  const invokedFile = files.find((file) => commandNameOf(file) === invoked);
  return (invokedFile ? [invokedFile] : files).map((file) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the folder is the registry (see above)
    const { command } = require(join(COMMANDS_DIR, file)) as { command?: CliCommand<never> };
    if (typeof command?.define !== 'function' || typeof command.run !== 'function') {
      throw new Error(`src/cli/commands/${file} exports no \`command\` made with defineCommand (command.ts)`);
    }
    return { file, command };
  });
}

/** The options `run` receives: commander's options plus each positional argument under its declared name. */
function runOptions(invoked: Command): Record<string, unknown> {
  const options: Record<string, unknown> = { ...invoked.opts() };
  invoked.registeredArguments.forEach((argument, i) => {
    options[argument.name()] = invoked.processedArgs[i];
  });
  return options;
}

/**
 * Builds the `voxmask` program writing to `io`, with every command registered, or only `invoked` when
 * that names one (commandModules); the exit code a command's run resolves with goes to `onExitCode`.
 * Commander's own errors are thrown (exitOverride), not exited.
 * @throws Error when a command module is broken (commandModules)
 */
export function createProgram(
  io: CommandIO = { stdout: process.stdout, stderr: process.stderr },
  onExitCode: (code: number) => void = () => undefined,
  showNumbers = false,
  invoked?: string,
): Command {
  const program = new Command('voxmask')
    .description('Number masking for Voximplant: build, deploy, seed, and a local sandbox')
    .showHelpAfterError()
    .addHelpText('after', `\n${EXIT_CODES_HELP}\n`);
  for (const { file, command } of commandModules(invoked)) {
    const defined = command.define(program);
    const registered = program.commands[program.commands.length - 1];
    if (registered?.name() !== commandNameOf(file)) {
      throw new Error(`src/cli/commands/${file} defines \`${registered?.name()}\`: a command is named as its file`);
    }
    defined.action(async (...args: unknown[]) => {
      onExitCode(await command.run(runOptions(args[args.length - 1] as Command) as never, io));
    });
  }
  // Commander quotes what was typed in its errors (an option value may be a phone number): masked.
  const configure = (command: Command): void => {
    command.exitOverride().configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(showNumbers ? text : maskPhonesInText(text)),
    });
    for (const sub of command.commands) configure(sub);
  };
  configure(program);
  return program;
}

/**
 * What the CLI does with an error that reached the top, returning the exit code: a VoxmaskError (a
 * user error) prints `voxmask: <message>` and gives its exitCode; a CommanderError was printed by
 * commander and gives its code (0 after --help); anything else is a bug: `voxmask: internal error`
 * and the stack, exit EXIT.INTERNAL (70). Phone numbers are masked unless `showNumbers`.
 */
export function reportError(error: unknown, stderr: CommandIO['stderr'], showNumbers = false): number {
  const mask = (text: string): string => (showNumbers ? text : maskPhonesInText(text));
  if (error instanceof CommanderError) return error.exitCode;
  if (error instanceof VoxmaskError) {
    stderr.write(`voxmask: ${mask(error.message)}\n`);
    return error.exitCode;
  }
  const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
  stderr.write(`voxmask: internal error (a bug in voxmask; please report it with this output):\n${mask(detail)}\n`);
  return EXIT.INTERNAL;
}

/**
 * Runs `voxmask <args>` in-process (bin/voxmask.js passes process.argv.slice(2)); resolves with the
 * exit code and never rejects. `--show-numbers` anywhere in `args` also unmasks error messages.
 */
export async function runCli(args: readonly string[], io: CommandIO): Promise<number> {
  const showNumbers = args.includes(SHOW_NUMBERS_FLAG);
  let code: number = EXIT.OK;
  try {
    // The first word that is not an option names the command: the program takes no option with a value.
    const invoked = args.find((arg) => !arg.startsWith('-'));
    const program = createProgram(io, (exitCode) => (code = exitCode), showNumbers, invoked);
    await program.parseAsync([...args], { from: 'user' });
    return code;
  } catch (error) {
    return reportError(error, io.stderr, showNumbers);
  }
}
