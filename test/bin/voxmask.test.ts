import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { EXIT } from '../../src/errors';
import { numbersShownIn } from '../contract/number-needles';

/**
 * bin/voxmask.js as a user runs it, in its own process on the compiled CLI: the exit code reaches the
 * shell, a user error prints one masked line, a bug its masked stack with exit 70. (Each command's
 * behaviour is tested in-process through runCli; this is the entry point itself.)
 */
const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin', 'voxmask.js');
const NUMBER = '+4930123456789';

describe('bin/voxmask.js (child process)', () => {
  let dir: string;
  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js')))
      throw new Error('dist/ is missing: run "npx tsc -b src" (npm test does) before these tests');
    dir = mkdtempSync(join(tmpdir(), 'voxmask-bin-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const run = (nodeArgs: string[], args: string[]) =>
    spawnSync(process.execPath, [...nodeArgs, BIN, ...args], { cwd: dir, encoding: 'utf8', timeout: 30_000 });

  it('a user error: exit 1, one line with the message, its numbers masked', () => {
    const child = run([], ['deploy', '--config', join(dir, `orders of ${NUMBER}.json`)]);
    expect(child.status).toBe(EXIT.USER_ERROR);
    expect(child.stdout).toBe('');
    expect(child.stderr).toMatch(/^voxmask: cannot read configuration file [^\n]+\n$/);
    expect(numbersShownIn(child.stderr, [NUMBER])).toEqual([]);
  });

  it('a bug inside a command: exit 70 with the stack, its numbers masked', () => {
    // Preloaded before the CLI: the compiled build command throws what a bug would.
    const preload = join(dir, 'buggy-build.js');
    const buildModule = join(ROOT, 'dist', 'src', 'cli', 'commands', 'build.js');
    writeFileSync(
      preload,
      `require(${JSON.stringify(buildModule)}).command.run = async () => { throw new TypeError('no phone for ${NUMBER}'); };\n`,
    );
    const child = run(['--require', preload], ['build']);
    expect(child.status).toBe(EXIT.INTERNAL);
    expect(child.stderr).toMatch(
      /^voxmask: internal error \(a bug in voxmask; please report it with this output\):\nTypeError: no phone for /,
    );
    expect(child.stderr).toMatch(/\n\s+at .*buggy-build\.js:\d+/);
    expect(numbersShownIn(child.stderr, [NUMBER])).toEqual([]);
  });
});
