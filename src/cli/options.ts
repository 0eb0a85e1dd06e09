import { InvalidArgumentError } from 'commander';

/** Parses a `--port` value: a decimal integer 0..65535 (0 = any free port). @throws InvalidArgumentError */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError(`--port must be an integer 0..65535 (0 = any free port), got "${value}"`);
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
