import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../../src/build/bundle';
import { compileInputsDigest, linkInputsDigest, readCached, throughCache, writeCached } from '../../src/build/build-cache';

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
    [
      'a typing changes',
      (r: string) =>
        appendFileSync(
          join(
            r,
            'types',
            readdirSync(join(r, 'types')).find((f) => f.endsWith('.d.ts'))!,
          ),
          '\n',
        ),
    ],
    [
      'a file is added (an ambient declaration counts even unimported)',
      (r: string) => writeFileSync(join(r, 'types', 'extra.d.ts'), 'declare const X: 1;\n'),
    ],
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
    expect(compileInputsDigest(root, entry, { removeComments: false })).not.toBe(
      compileInputsDigest(root, entry, { removeComments: true }),
    );
  });

  it('a link key changes with the compiled module and the link options, not with the configuration (baked in after)', () => {
    const base = linkInputsDigest('export {};', { format: 'iife' });
    expect(linkInputsDigest('export {};', { format: 'iife' })).toBe(base);
    expect(linkInputsDigest('export { };', { format: 'iife' })).not.toBe(base);
    expect(linkInputsDigest('export {};', { format: 'es' })).not.toBe(base);
    // A compile key and a link key never collide, whatever the inputs.
    expect(compileInputsDigest(root, entry, {})).not.toBe(linkInputsDigest('', {}));
  });
});

describe('throughCache', () => {
  let cacheDir: string;
  beforeEach(() => (cacheDir = mkdtempSync(join(tmpdir(), 'voxmask-build-cache-'))));
  afterEach(() => rmSync(cacheDir, { recursive: true, force: true }));

  it('runs the step on a miss, stores its output, and serves the stored output on a hit', async () => {
    let runs = 0;
    const step = async () => `output ${++runs}`;
    expect(await throughCache(cacheDir, () => 'k1', step)).toBe('output 1');
    expect(readCached(cacheDir, 'k1')).toBe('output 1');
    expect(await throughCache(cacheDir, () => 'k1', step)).toBe('output 1');
    expect(await throughCache(cacheDir, () => 'k2', step)).toBe('output 2');
    expect(runs).toBe(2);
  });

  it('without a cache folder the step always runs and nothing is read', async () => {
    await writeCached(cacheDir, 'k', 'stale');
    let runs = 0;
    const key = jest.fn(() => 'k');
    expect(await throughCache(null, key, async () => `fresh ${++runs}`)).toBe('fresh 1');
    expect(await throughCache(null, key, async () => `fresh ${++runs}`)).toBe('fresh 2');
    expect(key).not.toHaveBeenCalled();
  });

  it('a failing step stores nothing and rejects with its error', async () => {
    await expect(
      throughCache(
        cacheDir,
        () => 'k',
        () => Promise.reject(new Error('type error')),
      ),
    ).rejects.toThrow('type error');
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('a cache that cannot be written does not fail the build', async () => {
    const file = join(cacheDir, 'not-a-folder');
    writeFileSync(file, '');
    await expect(
      throughCache(
        file,
        () => 'k',
        async () => 'built',
      ),
    ).resolves.toBe('built');
    expect(readCached(join(cacheDir, 'absent'), 'k')).toBeUndefined();
  });
});
