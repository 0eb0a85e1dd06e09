import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileScenario, linkScenario, MASKED_CALL_ENTRY, PROJECT_ROOT } from '../../src/build/bundle';
import { compileInputsDigest, linkInputsDigest, readCached, writeCached } from '../../src/build/build-cache';
import { scenarioConfigSchema } from '../../src/config/scenario';

/** A copy of what the scenario compile reads, to change one input at a time. */
function copyInputs(): string {
  const root = mkdtempSync(join(tmpdir(), 'voxmask-compile-inputs-'));
  for (const folder of ['scenarios', 'contract', 'types']) cpSync(join(PROJECT_ROOT, folder), join(root, folder), { recursive: true });
  cpSync(join(PROJECT_ROOT, 'tsconfig.base.json'), join(root, 'tsconfig.base.json'));
  return root;
}

describe('build cache keys', () => {
  let root: string;
  let entry: string;
  beforeEach(() => {
    root = copyInputs();
    entry = join(root, 'scenarios', 'masked-call.voxengine.ts');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('is stable for the same inputs', () => {
    expect(compileInputsDigest(root, entry, { a: 1 })).toBe(compileInputsDigest(root, entry, { a: 1 }));
  });

  it.each([
    ['a scenario file changes', (r: string) => appendFileSync(join(r, 'scenarios', 'common', 'speech.ts'), '\n')],
    ['a contract file changes', (r: string) => appendFileSync(join(r, 'contract', 'phone.ts'), ' ')],
    ['a typing changes', (r: string) => appendFileSync(join(r, 'types', readdirSync(join(r, 'types')).find((f) => f.endsWith('.d.ts'))!), '\n')],
    ['a file is added (an ambient declaration counts even unimported)', (r: string) => writeFileSync(join(r, 'types', 'extra.d.ts'), 'declare const X: 1;\n')],
    ['the base tsconfig changes', (r: string) => appendFileSync(join(r, 'tsconfig.base.json'), '\n')],
    ['the scenario tsconfig changes', (r: string) => appendFileSync(join(r, 'scenarios', 'tsconfig.json'), '\n')],
  ])('changes when %s', (_what, change) => {
    const before = compileInputsDigest(root, entry, {});
    change(root);
    expect(compileInputsDigest(root, entry, {})).not.toBe(before);
  });

  it('changes with the entry and with the compile options', () => {
    const other = join(root, 'scenarios', 'pool-call.voxengine.ts');
    expect(compileInputsDigest(root, other, {})).not.toBe(compileInputsDigest(root, entry, {}));
    expect(compileInputsDigest(root, entry, { removeComments: false })).not.toBe(compileInputsDigest(root, entry, { removeComments: true }));
  });

  it('a link key changes with the compiled module, the configuration and the link options', () => {
    const config = scenarioConfigSchema.parse({});
    const base = linkInputsDigest('export {};', config, { format: 'iife' });
    expect(linkInputsDigest('export {};', config, { format: 'iife' })).toBe(base);
    expect(linkInputsDigest('export { };', config, { format: 'iife' })).not.toBe(base);
    expect(linkInputsDigest('export {};', scenarioConfigSchema.parse({ results: { webhookUrl: 'https://b.example/r' } }), { format: 'iife' })).not.toBe(base);
    expect(linkInputsDigest('export {};', config, { format: 'es' })).not.toBe(base);
    // A compile key and a link key never collide, whatever the inputs.
    expect(compileInputsDigest(root, entry, {})).not.toBe(linkInputsDigest('', {}, {}));
  });
});

describe('compileScenario and linkScenario with a cache', () => {
  it('compiles on a miss, stores the module, and reads it back on a hit', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'voxmask-compile-cache-'));
    try {
      const first = await compileScenario(MASKED_CALL_ENTRY, { cacheDir });
      const entries = readdirSync(cacheDir);
      expect(entries).toHaveLength(1);
      const key = entries[0].replace(/\.js$/, '');
      expect(readCached(cacheDir, key)).toBe(first.esm);
      // A hit is served from the cache: a planted entry under the same key is what comes back.
      await writeCached(cacheDir, key, '// planted\n');
      expect((await compileScenario(MASKED_CALL_ENTRY, { cacheDir })).esm).toBe('// planted\n');
      // Without a cache the compiler runs and yields the real module.
      expect((await compileScenario(MASKED_CALL_ENTRY, { cacheDir: null })).esm).toBe(first.esm);

      // The link step: a second link of the same module and configuration is a hit.
      const config = scenarioConfigSchema.parse({});
      const linked = await linkScenario(first, config, undefined, { cacheDir });
      const linkKey = readdirSync(cacheDir).map((f) => f.replace(/\.js$/, '')).find((k) => k !== key)!;
      expect(readCached(cacheDir, linkKey)).toBe(linked.code);
      await writeCached(cacheDir, linkKey, '// planted bundle\n');
      expect((await linkScenario(first, config, undefined, { cacheDir })).code).toBe('// planted bundle\n');
      // A cached bundle still passes the size limits: a planted oversized one is refused.
      await writeCached(cacheDir, linkKey, 'x'.repeat(200_000));
      await expect(linkScenario(first, config, undefined, { cacheDir })).rejects.toMatchObject({ code: 'too_large' });
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a cache that cannot be written does not fail the build', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'voxmask-compile-cache-')), 'not-a-folder');
    writeFileSync(file, '');
    await expect(writeCached(file, 'k', 'x')).resolves.toBeUndefined();
    expect(readCached(join(tmpdir(), 'voxmask-no-such-cache'), 'k')).toBeUndefined();
  });
});
