import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { createProgram } from '../../src/cli/main';
import { maskCommanderErrors } from '../../src/cli/options';
import { numbersShownIn } from '../contract/number-needles';

/**
 * Error messages the CLI prints quote what was typed (a file name, an option value); the numbers in
 * them are masked unless --show-numbers: commander's own errors (maskCommanderErrors) and errors an
 * action throws (bin/voxmask.js, run as a child process on the compiled CLI).
 */
const NUMBER = '+4930123456789';
const root = resolve(__dirname, '../..');

/** Runs the program in-process with commander's exits turned into exceptions; returns what it wrote to stderr. */
async function commanderStderr(args: string[], showNumbers: boolean): Promise<string> {
  let stderr = '';
  const program = createProgram();
  const quiet = (command: Command): void => {
    command.exitOverride().configureOutput({ writeErr: (text) => (stderr += text), writeOut: () => undefined });
    for (const sub of command.commands) quiet(sub);
  };
  quiet(program);
  await expect(maskCommanderErrors(program, showNumbers).parseAsync(['node', 'voxmask', ...args])).rejects.toThrow();
  return stderr;
}

describe('CLI error messages', () => {
  it.each([
    ['an invalid option value', ['start', '--port', NUMBER]],
    ['a value in Arabic-Indic digits with spaces', ['sandbox', '--port', '+٤٩ ٣٠ ١٢٣٤ ٥٦٧٨٩']],
  ])("mask the numbers in commander's error for %s", async (_label, args) => {
    const stderr = await commanderStderr(args, false);
    expect(stderr).toMatch(/--port/);
    expect(numbersShownIn(stderr, [NUMBER])).toEqual([]);
    expect(numbersShownIn(await commanderStderr(args, true), [NUMBER])).toEqual([NUMBER]);
  });

  describe('bin/voxmask.js', () => {
    let dir: string;
    beforeAll(() => {
      dir = mkdtempSync(join(tmpdir(), 'voxmask-errors-'));
    });
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    const voxmask = (...args: string[]) => spawnSync(process.execPath, ['bin/voxmask.js', ...args], { cwd: root, encoding: 'utf8', timeout: 30_000 });

    it('masks the numbers in the message of an error a command throws', () => {
      const config = join(dir, 'config for +49 30 1234 56789.json');
      const masked = voxmask('deploy', '--config', config);
      expect(masked.status).toBe(1);
      expect(masked.stderr).toMatch(/^voxmask: .*configuration/);
      expect(numbersShownIn(masked.stderr, [NUMBER])).toEqual([]);
      const shown = voxmask('deploy', '--config', config, '--show-numbers');
      expect(shown.status).toBe(1);
      expect(numbersShownIn(shown.stderr, [NUMBER])).toEqual([NUMBER]);
    });
  });
});
