import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileScenario, MASKED_CALL_ENTRY, PROJECT_ROOT } from '../../src/build/bundle';
import { compileInputsDigest, readCompiled, writeCompiled } from '../../src/build/compile-cache';

/** A copy of what the scenario compile reads, to change one input at a time. */
function copyInputs(): string {
  const root = mkdtempSync(join(tmpdir(), 'voxmask-compile-inputs-'));
  for (const folder of ['scenarios', 'contract', 'types']) cpSync(join(PROJECT_ROOT, folder), join(root, folder), { recursive: true });
  cpSync(join(PROJECT_ROOT, 'tsconfig.base.json'), join(root, 'tsconfig.base.json'));
  return root;
}

describe('compile cache key', () => {
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
});

describe('compileScenario with a cache', () => {
  it('compiles on a miss, stores the module, and reads it back on a hit', async () => {
    const cacheDir = mkdtempSync(join(tmpdir(), 'voxmask-compile-cache-'));
    try {
      const first = await compileScenario(MASKED_CALL_ENTRY, { cacheDir });
      const entries = readdirSync(cacheDir);
      expect(entries).toHaveLength(1);
      const key = entries[0].replace(/\.mjs$/, '');
      expect(readCompiled(cacheDir, key)).toBe(first.esm);
      // A hit is served from the cache: a planted entry under the same key is what comes back.
      await writeCompiled(cacheDir, key, '// planted\n');
      expect((await compileScenario(MASKED_CALL_ENTRY, { cacheDir })).esm).toBe('// planted\n');
      // Without a cache the compiler runs and yields the real module.
      expect((await compileScenario(MASKED_CALL_ENTRY, { cacheDir: null })).esm).toBe(first.esm);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  }, 60_000);

  it('a cache that cannot be written does not fail the build', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'voxmask-compile-cache-')), 'not-a-folder');
    writeFileSync(file, '');
    await expect(writeCompiled(file, 'k', 'x')).resolves.toBeUndefined();
    expect(readCompiled(join(tmpdir(), 'voxmask-no-such-cache'), 'k')).toBeUndefined();
  });
});
