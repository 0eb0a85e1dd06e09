import { VoxmaskError } from '../errors';

/**
 * A command cannot start because of how it was invoked: an option's value, a file it names, or an
 * environment variable it reads. The message names the option (or variable) and the problem.
 */
export class CliOptionError extends VoxmaskError {
  override name = 'CliOptionError';
  readonly code = 'E_CLI_OPTION';
  constructor(
    /** The option or environment variable at fault, e.g. `--handler` or `VOXMASK_WEBHOOK_SECRET`. */
    readonly option: string,
    /** What is wrong and how to fix it. */
    readonly problem: string,
  ) {
    super(`${option} ${problem}`);
  }
}
