import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command as buildCommand } from '../../src/cli/commands/build';
import { EXIT } from '../../src/errors';
import { numbersShownIn } from '../contract/number-needles';
import { voxmask } from './run-cli';

/**
 * How the CLI ends (src/cli/main.ts runCli, which bin/voxmask.js runs): a user error prints its message
 * only and exits 1; a bug prints its stack and exits 70; commander's own errors and --help keep their
 * codes. Whatever is printed has its phone numbers masked unless --show-numbers.
 */
const NUMBER = '+4930123456789';

describe('voxmask (in-process)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'voxmask-main-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => jest.restoreAllMocks());

  it('a user error: exit 1 and the message alone, its numbers masked unless --show-numbers', async () => {
    const config = join(dir, 'config for +49 30 1234 56789.json');
    const masked = await voxmask(['deploy', '--config', config]);
    expect(masked).toEqual({
      code: EXIT.USER_ERROR,
      stdout: '',
      stderr: expect.stringMatching(/^voxmask: cannot read configuration file .*ENOENT[^\n]*\n$/),
    });
    expect(numbersShownIn(masked.stderr, [NUMBER])).toEqual([]);
    const shown = await voxmask(['deploy', '--config', config, '--show-numbers']);
    expect(shown.code).toBe(EXIT.USER_ERROR);
    expect(numbersShownIn(shown.stderr, [NUMBER])).toEqual([NUMBER]);
  });

  it('a bug (a TypeError inside a command): exit 70, "internal error" and the stack, numbers masked', async () => {
    jest.spyOn(buildCommand, 'run').mockImplementation(async () => {
      throw new TypeError(`cannot read properties of undefined (reading 'phone') for ${NUMBER}`);
    });
    const run = await voxmask(['build']);
    expect(run.code).toBe(EXIT.INTERNAL);
    expect(run.stderr).toMatch(
      /^voxmask: internal error \(a bug in voxmask; please report it with this output\):\nTypeError: cannot read properties/,
    );
    expect(run.stderr).toMatch(/\n\s+at .*main\.test\.ts:\d+/);
    expect(numbersShownIn(run.stderr, [NUMBER])).toEqual([]);
  });

  it.each([
    ['an invalid option value', ['start', '--port', NUMBER]],
    ['a value in Arabic-Indic digits with spaces', ['sandbox', '--port', '+٤٩ ٣٠ ١٢٣٤ ٥٦٧٨٩']],
  ])("masks the numbers in commander's error for %s (exit 1)", async (_label, args) => {
    const masked = await voxmask(args);
    expect(masked.code).toBe(EXIT.USER_ERROR);
    expect(masked.stderr).toMatch(/--port/);
    expect(numbersShownIn(masked.stderr, [NUMBER])).toEqual([]);
    expect(numbersShownIn((await voxmask([...args, '--show-numbers'])).stderr, [NUMBER])).toEqual([NUMBER]);
  });

  it('--help lists the commands and the exit codes on stdout, exit 0', async () => {
    const help = await voxmask(['--help']);
    expect(help.code).toBe(EXIT.OK);
    expect(help.stderr).toBe('');
    expect(help.stdout).toMatch(/Commands:\n {2}build/);
    for (const code of Object.values(EXIT)) expect(help.stdout).toMatch(new RegExp(`\\n {2}${code} +\\S`));
  });
});
