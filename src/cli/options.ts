import { Command, InvalidArgumentError } from 'commander';
import { maskPhonesInText } from '../../contract/mask-text';
import type { OutputStream } from './command';

/** Parses a `--port` value: a decimal integer 0..65535 (0 = any free port). @throws InvalidArgumentError */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535)
    throw new InvalidArgumentError(`--port must be an integer from 0 to 65535 (0 = any free port), got "${value}"`);
  return port;
}

/**
 * Resolves with the signal's name on the first SIGINT (Ctrl-C) or SIGTERM, for commands that run until
 * stopped. Both handlers are removed then, so a second signal gets Node's default (exit at once).
 */
export function untilStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(signal);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** The flag that reveals phone numbers in a command's output, on purpose, for local debugging. */
export const SHOW_NUMBERS_FLAG = '--show-numbers';

/** The one line written to stderr when numbers are shown. */
export const SHOW_NUMBERS_WARNING = `voxmask: ${SHOW_NUMBERS_FLAG}: phone numbers are printed in full; do not share or store this output\n`;

/** Adds `--show-numbers` to a command that prints (its action reads `options.showNumbers`). */
export function addShowNumbersOption(command: Command): Command {
  return command.option(
    SHOW_NUMBERS_FLAG,
    'print phone numbers in full (local debugging only; masked by default, a warning goes to stderr)',
  );
}

/**
 * The filter every line a command prints goes through: maskPhonesInText (contract/mask-text.ts; `keep`
 * lists public virtual numbers to leave visible), or, with `showNumbers`, the text unchanged after
 * SHOW_NUMBERS_WARNING is written once to `stderr` (at this call).
 */
export function outputMasker(showNumbers: boolean | undefined, stderr: OutputStream): (text: string, keep?: readonly string[]) => string {
  if (showNumbers === true) {
    stderr.write(SHOW_NUMBERS_WARNING);
    return (text) => text;
  }
  return (text, keep) => maskPhonesInText(text, { keep });
}
