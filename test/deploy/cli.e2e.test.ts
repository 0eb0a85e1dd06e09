import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { voxmask } from '../cli/run-cli';
import { makeVoxfiles, readTree } from './sandbox-harness';

/**
 * `voxmask deploy` and `voxmask seed` on a sandbox they start in-process from `deploy.sandboxDir`,
 * through the real client. Run in-process (runCli) with absolute paths, except one deploy in a child
 * process as a user runs it: from the project folder, WITHOUT NODE_EXTRA_CA_CERTS, so the compiled
 * CLI must trust its sandbox's certificate by itself (src/platform/sandbox-trust.ts).
 */
const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin', 'voxmask.js');

function spawnVoxmask(args: string[], cwd: string) {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.VOXIMPLANT_CREDENTIALS;
  const res = spawnSync(process.execPath, [BIN, ...args], { cwd, env, encoding: 'utf8', timeout: 60_000 });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('voxmask deploy and seed', () => {
  let dir: string;
  let config: string;
  let vox: ReturnType<typeof makeVoxfiles>;
  /** In-process, with this test's configuration. */
  const run = (args: string[]) => voxmask([...args, '--config', config]);

  beforeAll(() => {
    if (!existsSync(join(ROOT, 'dist', 'src', 'cli', 'main.js')))
      throw new Error('dist/ is missing: run "npx tsc -b src" (npm test does) before these tests');
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'voxmask-cli-'));
    vox = makeVoxfiles([{ ruleName: 'masked-call', scenarios: ['masked-call'] }], { 'masked-call': '// v1\n' });
    config = join(dir, 'voxmask.config.json');
    writeFileSync(
      config,
      JSON.stringify({
        deploy: { sandboxDir: join(dir, 'sbx'), voxfilesDir: vox.root, numbers: [{ number: '+12125550142', rule: 'masked-call' }] },
      }),
    );
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
    vox.cleanup();
  });

  it('dry-runs, deploys (in a child process, from the project folder), then finds nothing to do; metadata lives with the sandbox', async () => {
    const dry = await run(['deploy', '--dry-run', '--no-build']);
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    expect(dry.stdout).toContain('1. create application voxmask.voxmask-sandbox.voximplant.com');
    expect(dry.stdout).toContain('5. bind number +12125550142 to the application (rule masked-call)');
    expect(readTree(join(dir, 'sbx', '.voxengine-ci'))).toEqual({});

    const first = spawnVoxmask(['deploy', '--no-build'], dir);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(first.stdout).toContain('Deploy: 5 change(s) applied.');
    expect(Object.keys(readTree(join(dir, 'sbx', '.voxengine-ci'))).sort()).toEqual([
      'applications/voxmask.voxmask-sandbox.voximplant.com/application.metadata.config.json',
      'applications/voxmask.voxmask-sandbox.voximplant.com/rules.metadata.config.json',
      'scenarios/dist/masked-call.metadata.config.json',
    ]);

    const second = await run(['deploy', '--no-build']);
    expect(second).toMatchObject({ code: 0, stderr: '' });
    expect(second.stdout).toContain('no changes on the platform');
  });

  it('builds the masked-call bundle from the configuration: in memory for a dry run, into voxfiles/ for a deploy', async () => {
    const bundle = join(vox.root, 'scenarios', 'src', 'masked-call.voxengine.js');
    const dry = await run(['deploy', '--dry-run']);
    expect(dry).toMatchObject({ code: 0, stderr: '' });
    expect(dry.stdout).toContain('Built masked-call, pool-call, click-to-call in memory (dry run)');
    const characters = Number(/add scenario masked-call \((\d+) characters, hash [0-9a-f]{12}\)/.exec(dry.stdout)?.[1]);
    expect(characters).toBeGreaterThan(10_000);
    expect(readFileSync(bundle, 'utf8')).toBe('// v1\n');

    const real = await run(['deploy']);
    expect(real).toMatchObject({ code: 0, stderr: '' });
    const built = readFileSync(bundle, 'utf8');
    expect(built.length).toBe(characters);
    const meta = JSON.parse(readTree(join(dir, 'sbx', '.voxengine-ci'))['scenarios/dist/masked-call.metadata.config.json']);
    expect(meta.hash).toBe(createHash('sha256').update(built).digest('hex'));
  }, 120_000); // two scenario builds (rollup + the TypeScript check), about 6 s of CPU each

  it('reports a missing or malformed credentials file in one line, exit 1', async () => {
    const missing = await run(['deploy', '--credentials', join(dir, 'nope.json')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe(`voxmask: credentials file ${join(dir, 'nope.json')}: does not exist\n`);
    writeFileSync(join(dir, 'bad.json'), '{"account_id": "12"}');
    const bad = await run(['deploy', '--credentials', join(dir, 'bad.json')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(
      /^voxmask: credentials file .*bad\.json: account_id must be a JSON number, not a string.*; key_id is missing or empty; private_key is missing or not a PEM private key\n$/,
    );
  });

  it("voxmask seed writes a file's orders, reports bad rows by line with exit 2, and re-seeds as unchanged", async () => {
    expect((await run(['deploy', '--no-build'])).code).toBe(0);
    const soon = new Date(Date.now() + 3600_000).toISOString();
    writeFileSync(
      join(dir, 'orders.csv'),
      [
        'order_id,courier_phone,customer_phone,expected_delivery_at',
        `S-1,+4915112345678,030 12345678,${soon}`,
        `S-2,+4915112345679,+4930123456790,${soon}`,
        `S-3,+4915112345679,not a number,${soon}`,
      ].join('\n'),
    );
    const orders = join(dir, 'orders.csv');
    const first = await run(['seed', orders, '--default-region', 'DE']);
    expect(first.code).toBe(2);
    expect(first.stdout).toContain('Seeded 3 row(s)');
    expect(first.stdout).toContain('2 written (2 new, 0 updated), 0 unchanged, 1 rejected, 0 failed');
    expect(first.stdout).toMatch(/rejected line 4 \(order S-3\): parties\[1\]\.phone: not a number is not a phone number/);
    expect(first.stderr.startsWith(`Seeding 3 row(s) of 4 line(s) from ${orders} into voxmask on sandbox `)).toBe(true);
    const again = await run(['seed', orders, '--default-region', 'DE']);
    expect(again.stdout).toContain('0 written (0 new, 0 updated), 2 unchanged, 1 rejected');
    const unreadable = await run(['seed', join(dir, 'orders.xlsx')]);
    expect(unreadable).toMatchObject({ code: 1, stderr: expect.stringContaining('unknown seed file type ".xlsx"') });
  }, 60_000);

  it('names the missing application folder', async () => {
    writeFileSync(config, JSON.stringify({ deploy: { sandboxDir: join(dir, 'sbx'), voxfilesDir: join(dir, 'empty') } }));
    const res = await run(['deploy', '--no-build']);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('no configuration for application voxmask.voxmask-sandbox.voximplant.com');
  });
});
