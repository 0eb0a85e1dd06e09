import type { Command } from 'commander';

/** A stream a command writes text to: process.stdout/stderr in the CLI, a buffer in tests. */
export interface OutputStream {
  write(text: string): unknown;
  /** True for a terminal (a progress bar, colors); absent or false for a pipe or a buffer. */
  readonly isTTY?: boolean;
}

/**
 * All a command may touch of its process, handed in so tests run a command in-process (no child
 * process): where it writes, the environment it reads, and how it learns it should stop.
 */
export interface CommandIO {
  stdout: OutputStream;
  stderr: OutputStream;
  /**
   * Environment variables a command reads by name (a results secret, `--secret-env`); default
   * process.env. VOXIMPLANT_CREDENTIALS is not among them: the official client reads process.env itself.
   */
  env?: NodeJS.ProcessEnv;
  /**
   * For commands that run until stopped (`sandbox`, `start`): resolves with a reason (the signal's
   * name) when the command should stop. Default: the first SIGINT or SIGTERM (options.ts untilStopSignal).
   */
  untilStopped?: () => Promise<string>;
}

/**
 * One `voxmask` sub-command, in one file of src/cli/commands/ exporting it as `command` (main.ts
 * registers every file there; adding a command is adding a file).
 *
 * `O` is the options object `run` receives: commander's parsed options (camelCase, e.g. `dryRun`)
 * plus each positional argument under the name it was declared with (`<file>` → `file`).
 */
export interface CliCommand<O> {
  /** Declares the sub-command under `program` (name, description, arguments, options) and returns it, without an action. */
  define(program: Command): Command;
  /**
   * Does the work. Resolves with the exit code (src/errors.ts EXIT). Throws a VoxmaskError for a user
   * error (the CLI prints its message and exits with its exitCode); anything else thrown is a bug
   * (stack printed, exit 70).
   */
  run(options: O, io: CommandIO): Promise<number>;
}

/** Identity, for the type check: `export const command = defineCommand<MyOptions>({ define, run })`. */
export function defineCommand<O>(command: CliCommand<O>): CliCommand<O> {
  return command;
}

/** The environment `io` gives a command: `io.env`, else process.env. */
export function envOf(io: CommandIO): NodeJS.ProcessEnv {
  return io.env ?? process.env;
}
