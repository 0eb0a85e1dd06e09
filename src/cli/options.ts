import { InvalidArgumentError } from 'commander';

/** Parses a `--port` value: a decimal integer 0..65535 (0 = any free port). @throws InvalidArgumentError */
export function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError(`--port must be an integer 0..65535 (0 = any free port), got "${value}"`);
  return port;
}
