import { Command } from 'commander';

/** Placeholder registration; replaced by the issue that implements `voxmask deploy`. */
export function register(program: Command): void {
  program.command('deploy').description('(not implemented yet)').action(() => {
    throw new Error('voxmask deploy is not implemented yet');
  });
}
