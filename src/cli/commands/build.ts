import { Command } from 'commander';

/** Placeholder registration; replaced by the issue that implements `voxmask build`. */
export function register(program: Command): void {
  program.command('build').description('(not implemented yet)').action(() => {
    throw new Error('voxmask build is not implemented yet');
  });
}
