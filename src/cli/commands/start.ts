import { Command } from 'commander';

/** Placeholder registration; replaced by the issue that implements `voxmask start`. */
export function register(program: Command): void {
  program.command('start').description('(not implemented yet)').action(() => {
    throw new Error('voxmask start is not implemented yet');
  });
}
