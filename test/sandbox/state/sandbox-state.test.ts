import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../../src/fs/atomic-write';
import { Persister } from '../../../src/sandbox/state/persister';
import { CREDENTIALS_FILE, LOCK_FILE, STATE_FILE, SandboxLockedError, SandboxStateError, openStateDir } from '../../../src/sandbox/state/state-dir';

/** The persistent state: group-committed atomic writes and the state folder (lock, credentials, validation). */
describe('sandbox state persistence', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'voxmask-state-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  describe('Persister', () => {
    function recorder(failFirst = 0) {
      const written: number[] = [];
      let value = 0;
      let failures = failFirst;
      let release: (() => void) | undefined;
      const gate = { hold: false };
      const write = async (): Promise<void> => {
        const snapshot = value; // captured synchronously, as the contract asks
        if (gate.hold) await new Promise<void>((r) => (release = r));
        if (failures > 0) {
          failures -= 1;
          throw new Error('disk full');
        }
        written.push(snapshot);
      };
      return { written, gate, set: (v: number) => (value = v), release: () => release?.(), write };
    }

    test('a burst of changes becomes one write, and persisted() resolves after it', async () => {
      const r = recorder();
      const persister = new Persister(r.write, 10);
      for (let i = 1; i <= 100; i++) {
        r.set(i);
        persister.changed();
      }
      await persister.persisted();
      expect(r.written).toEqual([100]);
      expect(persister.dirty).toBe(false);
    });

    test('a change made while a write runs is covered by the next write, not acknowledged early', async () => {
      const r = recorder();
      const persister = new Persister(r.write, 1);
      r.set(1);
      r.gate.hold = true;
      const first = persister.persisted(persister.changed());
      await new Promise((resolve) => setTimeout(resolve, 20)); // the write of 1 is now in flight
      r.set(2);
      const second = persister.persisted(persister.changed());
      let secondDone = false;
      void second.then(() => (secondDone = true));
      r.gate.hold = false;
      r.release();
      await first;
      expect(r.written).toEqual([1]);
      expect(secondDone).toBe(false);
      await second;
      expect(r.written).toEqual([1, 2]);
    });

    test('a failed write rejects its waiters, reports unawaited failures, and the next change retries', async () => {
      const r = recorder(2);
      const errors: string[] = [];
      const persister = new Persister(r.write, 1, (err) => errors.push(err.message));
      r.set(1);
      await expect(persister.persisted(persister.changed())).rejects.toThrow('disk full');
      r.set(2);
      persister.changed();
      await new Promise((resolve) => setTimeout(resolve, 30));
      expect(errors).toEqual(['disk full']);
      r.set(3);
      await persister.persisted(persister.changed());
      expect(r.written).toEqual([3]);
    });

    test('a waiter does not sit out the debounce window, and concurrent waiters share one write', async () => {
      const r = recorder();
      const persister = new Persister(r.write, 60_000);
      const waits = [1, 2, 3].map((v) => {
        r.set(v);
        return persister.persisted(persister.changed());
      });
      await Promise.all(waits); // would hang for 60 s without the expedited write
      expect(r.written).toEqual([3]);
    });

    test('flush writes at once; close flushes what is pending', async () => {
      const r = recorder();
      const persister = new Persister(r.write, 60_000);
      r.set(7);
      persister.changed();
      await persister.flush();
      expect(r.written).toEqual([7]);
      r.set(8);
      persister.changed();
      await persister.close();
      expect(r.written).toEqual([7, 8]);
    });
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

  test('a new folder gets an account, a control-panel credentials file (0600) and a lock; the account survives reopening', async () => {
    const opened = await openStateDir(dir, { kvNow: Date.now });
    const credentials = JSON.parse(readFileSync(join(dir, CREDENTIALS_FILE), 'utf8'));
    expect(Object.keys(credentials).sort()).toEqual(['account_email', 'account_id', 'key_id', 'private_key']);
    expect(credentials.account_id).toBe(opened.state.account.accountId);
    expect(credentials.private_key).toMatch(/^-----BEGIN PRIVATE KEY-----/);
    expect(statSync(join(dir, CREDENTIALS_FILE)).mode & 0o777).toBe(0o600);
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    await expect(openStateDir(dir, { kvNow: Date.now })).rejects.toThrow(SandboxLockedError);
    opened.state.applications.push({ id: 1_000_001, name: 'a.voxmask-sandbox.voximplant.com', secureRecordStorage: false, modifiedMs: 0, secrets: { token: 's3cret' } });
    opened.state.touch();
    await opened.close();
    const again = await openStateDir(dir, { kvNow: Date.now });
    expect(again.state.account).toEqual(opened.state.account);
    expect(again.state.applications[0].secrets).toEqual({ token: 's3cret' });
    await again.close();
  });

  test('reset empties the records but keeps the account and its key', async () => {
    const opened = await openStateDir(dir, { kvNow: Date.now });
    opened.state.applications.push({ id: opened.state.nextId('application'), name: 'a.voxmask-sandbox.voximplant.com', secureRecordStorage: false, modifiedMs: 0, secrets: {} });
    opened.state.storageOf(1_000_001).put('k', 'v');
    await opened.close();
    const reset = await openStateDir(dir, { kvNow: Date.now, reset: true });
    expect(reset.state.applications).toEqual([]);
    expect(reset.state.toData().storage).toEqual({});
    expect(reset.state.account.keyId).toBe(opened.state.account.keyId);
    await reset.close();
    expect(JSON.parse(readFileSync(join(dir, STATE_FILE), 'utf8')).applications).toEqual([]);
  });

  test('the lock of a process that died is taken over', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(dir, LOCK_FILE), `${dead.stdout}\n`);
    const opened = await openStateDir(dir, { kvNow: Date.now });
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    await opened.close();
  });

  test('temp files of state writers killed mid-write are removed at open: only ours, only of dead pids', async () => {
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    const live = process.ppid; // the jest parent: alive for the whole test
    const files = {
      deadState: `.${STATE_FILE}.${dead}.3.tmp`,
      deadCredentials: `.${CREDENTIALS_FILE}.${dead}.1.tmp`,
      liveState: `.${STATE_FILE}.${live}.7.tmp`,
      ownState: `.${STATE_FILE}.${process.pid}.99.tmp`,
      otherFile: `.notes.json.${dead}.1.tmp`,
      notTemp: `.${STATE_FILE}.${dead}.tmp.bak`,
    };
    for (const name of Object.values(files)) writeFileSync(join(dir, name), '{"half": ');
    const nested = join(dir, 'tls');
    mkdirSync(nested);
    writeFileSync(join(nested, files.deadState), 'x');
    const opened = await openStateDir(dir, { kvNow: Date.now });
    await opened.close();
    const left = readdirSync(dir);
    expect(left).not.toContain(files.deadState);
    expect(left).not.toContain(files.deadCredentials);
    expect(left).toEqual(expect.arrayContaining([files.liveState, files.ownState, files.otherFile, files.notTemp]));
    expect(readdirSync(nested)).toEqual([files.deadState]);
  });

  test('a corrupt state file is refused with the file and the bad fields named', async () => {
    writeFileSync(join(dir, STATE_FILE), '{"version":1,"account":{"accountId":"x"}}');
    const err = await openStateDir(dir, { kvNow: Date.now }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SandboxStateError);
    expect((err as SandboxStateError).message).toContain(join(dir, STATE_FILE));
    expect((err as SandboxStateError).issues).toEqual(expect.arrayContaining([expect.stringMatching(/^account\.accountId: /), expect.stringMatching(/^applications: /)]));
    writeFileSync(join(dir, STATE_FILE), 'not json');
    await expect(openStateDir(dir, { kvNow: Date.now })).rejects.toThrow(/not valid JSON/);
    expect(readdirSync(dir)).not.toContain(LOCK_FILE);
  });
});
