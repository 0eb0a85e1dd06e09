import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../../src/build/paths';
import { EXIT } from '../../../src/errors';
import { voxmask } from '../run-cli';

/**
 * `voxmask build --check` (src/cli/commands/build.ts): builds in memory, compares with the bundles deploy
 * would upload, writes nothing, and exits 1 naming each bundle that is missing or differs.
 */
describe('voxmask build --check', () => {
  let dir: string;
  let config: string;
  const bundle = (name: string) => join(dir, 'voxfiles', 'scenarios', 'src', `${name}.voxengine.js`);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'voxmask-build-check-'));
    cpSync(join(PROJECT_ROOT, 'voxfiles', 'scenarios', 'src'), join(dir, 'voxfiles', 'scenarios', 'src'), { recursive: true });
    const project = JSON.parse(readFileSync(join(PROJECT_ROOT, 'voxmask.config.json'), 'utf8'));
    config = join(dir, 'voxmask.config.json');
    writeFileSync(config, JSON.stringify({ ...project, deploy: { ...project.deploy, voxfilesDir: join(dir, 'voxfiles') } }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('passes on the committed bundles (exit 0), one line per scenario', async () => {
    const run = await voxmask(['build', '--check', '--config', config]);
    expect(run).toEqual({ code: EXIT.OK, stdout: expect.any(String), stderr: '' });
    expect(run.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^up to date +\S*masked-call\.voxengine\.js$/),
      expect.stringMatching(/^up to date +\S*pool-call\.voxengine\.js$/),
      expect.stringMatching(/^up to date +\S*click-to-call\.voxengine\.js$/),
    ]);
  });

  it('names a bundle that differs and one that is missing, exits 1 and writes nothing', async () => {
    writeFileSync(bundle('pool-call'), '// edited by hand\n');
    rmSync(bundle('click-to-call'));
    const run = await voxmask(['build', '--check', '--config', config]);
    expect(run.code).toBe(EXIT.USER_ERROR);
    expect(run.stdout).toMatch(/^up to date +\S*masked-call\.voxengine\.js$/m);
    expect(run.stdout).toMatch(/^differs +\S*pool-call\.voxengine\.js$/m);
    expect(run.stdout).toMatch(/^missing +\S*click-to-call\.voxengine\.js$/m);
    expect(run.stderr).toBe('2 bundles lag behind their sources or the configuration: run "voxmask build"\n');
    expect(readFileSync(bundle('pool-call'), 'utf8')).toBe('// edited by hand\n');
    expect(existsSync(bundle('click-to-call'))).toBe(false);
  });

  it('refuses --out with --check (exit 1)', async () => {
    const run = await voxmask(['build', '--check', '--out', join(dir, 'out.js'), '--config', config]);
    expect(run.code).toBe(EXIT.USER_ERROR);
    expect(run.stderr).toMatch(/'--check' cannot be used with option '-o, --out <file>'/);
    expect(existsSync(join(dir, 'out.js'))).toBe(false);
  });
});
