import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../src/fs/atomic-write';

describe('writeFileAtomic', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'voxmask-atomic-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('writeFileAtomic replaces the file and leaves no temp file behind', async () => {
    const file = join(dir, 'x.json');
    await writeFileAtomic(file, 'one');
    await Promise.all([writeFileAtomic(file, 'two'), writeFileAtomic(file, 'three')]);
    expect(['two', 'three']).toContain(readFileSync(file, 'utf8'));
    expect(readdirSync(dir)).toEqual(['x.json']);
    await writeFileAtomic(join(dir, 'secret'), 's', 0o600);
    expect(statSync(join(dir, 'secret')).mode & 0o777).toBe(0o600);
  });
});
