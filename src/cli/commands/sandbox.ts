import { Command } from 'commander';

/** Placeholder registration; replaced by the issue that implements `voxmask sandbox`. */
export function register(program: Command): void {
  program.command('sandbox').description('(not implemented yet)').action(() => {
    throw new Error('voxmask sandbox is not implemented yet');
  });
}
