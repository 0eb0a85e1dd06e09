import { Command } from 'commander';

/** Placeholder registration; replaced by the issue that implements `voxmask seed`. */
export function register(program: Command): void {
  program.command('seed').description('(not implemented yet)').action(() => {
    throw new Error('voxmask seed is not implemented yet');
  });
}
