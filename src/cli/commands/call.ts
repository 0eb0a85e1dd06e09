import { Command } from 'commander';

/** Placeholder registration; replaced by the issue that implements `voxmask call`. */
export function register(program: Command): void {
  program.command('call').description('(not implemented yet)').action(() => {
    throw new Error('voxmask call is not implemented yet');
  });
}
