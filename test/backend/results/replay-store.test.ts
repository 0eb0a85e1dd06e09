import { existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileReplayStore, ResultReplayGuard } from '../../../src/backend/results';

describe('FileReplayStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'voxmask-replay-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('remembers admitted ids across restarts (a new store on the same file)', () => {
    const file = join(dir, 'sub', 'replay.jsonl');
    expect(new ResultReplayGuard({ store: new FileReplayStore(file) }).admit('r-1', 1000)).toBe('new');
    const reopened = new ResultReplayGuard({ store: new FileReplayStore(file) });
    expect(reopened.admit('r-1', 7 * 86_400_000)).toBe('duplicate');
    expect(reopened.admit('r-2', 7 * 86_400_000)).toBe('new');
  });

  it('two stores on one file (two processes) see each other’s claims at once', async () => {
    const file = join(dir, 'replay.jsonl');
    const a = new ResultReplayGuard({ store: new FileReplayStore(file) });
    const b = new ResultReplayGuard({ store: new FileReplayStore(file) });
    await expect(a.claim('r', 0)).resolves.toBe('claimed');
    await expect(b.claim('r', 1)).resolves.toBe('pending');
    await a.release('r');
    await expect(b.claim('r', 2)).resolves.toBe('claimed');
    await b.complete('r', 3);
    await expect(a.claim('r', 4)).resolves.toBe('done');
  });

  it('compacts a large file to its live entries, and a store that read the old file follows the new one', () => {
    const file = join(dir, 'replay.jsonl');
    const writer = new ResultReplayGuard({ store: new FileReplayStore(file), retentionS: 10 });
    const reader = new ResultReplayGuard({ store: new FileReplayStore(file), retentionS: 10 });
    expect(reader.admit('old', 0)).toBe('new');
    for (let i = 0; i < 1100; i++) writer.admit(`id-${i}`, 20_000 + i);
    const lines = readFileSync(file, 'utf8').trim().split('\n');
    // Without compaction: 2 lines (pending, done) per id, plus the expired 'old' ones.
    expect(lines.length).toBeLessThan(2 * 1100);
    expect(lines.some((l) => l.includes('"old"'))).toBe(false);
    for (const id of ['id-0', 'id-500', 'id-1099']) expect(reader.admit(id, 21_200)).toBe('duplicate');
    expect(reader.admit('old', 21_200)).toBe('new');
  });

  it('breaks a lock left by a dead process, and gives up with a clear error on a live one', () => {
    const file = join(dir, 'replay.jsonl');
    writeFileSync(`${file}.lock`, '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(`${file}.lock`, old, old);
    expect(new ResultReplayGuard({ store: new FileReplayStore(file) }).admit('r', 0)).toBe('new');
    expect(existsSync(`${file}.lock`)).toBe(false);
    writeFileSync(`${file}.lock`, '');
    const impatient = new ResultReplayGuard({ store: new FileReplayStore(file, { lockWaitMs: 30, staleLockMs: 60_000 }) });
    expect(() => impatient.admit('r', 1)).toThrow(/lock .* held for over 30 ms/);
  });
});
