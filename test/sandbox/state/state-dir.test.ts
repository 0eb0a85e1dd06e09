import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createAccount } from '../../../src/sandbox/state/account';
import { exportState } from '../../../src/sandbox/state/export';
import { LegacyState } from '../../../src/sandbox/state/legacy-json';
import { FIRST_IDS } from '../../../src/sandbox/state/model';
import {
  CREDENTIALS_FILE,
  LEGACY_STATE_FILE,
  LOCK_FILE,
  MIGRATED_LEGACY_FILE,
  openStateDir,
  SandboxLockedError,
  SandboxStateError,
  STATE_DB_FILE,
} from '../../../src/sandbox/state/state-dir';

/** The state folder: lock, credentials, state.db, reset, and the migration of an older state.json. */
describe('openStateDir', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'voxmask-state-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
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
    opened.state.applications.push({
      id: 1_000_001,
      name: 'a.voxmask-sandbox.voximplant.com',
      secureRecordStorage: false,
      modifiedMs: 0,
      secrets: { token: 's3cret' },
    });
    opened.state.touch();
    await opened.close();
    const again = await openStateDir(dir, { kvNow: Date.now });
    expect(again.state.account).toEqual(opened.state.account);
    expect(again.state.applications[0].secrets).toEqual({ token: 's3cret' });
    await again.close();
  });

  test('reset empties the records but keeps the account and its key', async () => {
    const opened = await openStateDir(dir, { kvNow: Date.now });
    opened.state.applications.push({
      id: opened.state.nextId('application'),
      name: 'a.voxmask-sandbox.voximplant.com',
      secureRecordStorage: false,
      modifiedMs: 0,
      secrets: {},
    });
    opened.state.storageOf(1_000_001).put('k', 'v');
    await opened.close();
    const reset = await openStateDir(dir, { kvNow: Date.now, reset: true });
    expect(reset.state.applications).toEqual([]);
    expect(reset.state.storageOf(1_000_001).list().total).toBe(0);
    expect(reset.state.nextId('application')).toBe(FIRST_IDS.application);
    expect(reset.state.account.keyId).toBe(opened.state.account.keyId);
    await reset.close();
    const saved = exportState(join(dir, STATE_DB_FILE));
    expect([saved.applications, saved.storage]).toEqual([[], {}]);
  });

  test('the lock of a process that died is taken over', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(dir, LOCK_FILE), `${dead.stdout}\n`);
    const opened = await openStateDir(dir, { kvNow: Date.now });
    expect(readFileSync(join(dir, LOCK_FILE), 'utf8').trim()).toBe(String(process.pid));
    await opened.close();
  });

  test('temp files of older state.json writers killed mid-write are removed at open: only ours, only of dead pids', async () => {
    const dead = Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
    const live = process.ppid; // the jest parent: alive for the whole test
    const files = {
      deadState: `.${LEGACY_STATE_FILE}.${dead}.3.tmp`,
      deadCredentials: `.${CREDENTIALS_FILE}.${dead}.1.tmp`,
      liveState: `.${LEGACY_STATE_FILE}.${live}.7.tmp`,
      ownState: `.${LEGACY_STATE_FILE}.${process.pid}.99.tmp`,
      otherFile: `.notes.json.${dead}.1.tmp`,
      notTemp: `.${LEGACY_STATE_FILE}.${dead}.tmp.bak`,
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

  test('a state.db that is not a database, or of a newer schema, is refused naming the file; nothing is overwritten', async () => {
    writeFileSync(join(dir, STATE_DB_FILE), 'not a database, but long enough to have a header '.repeat(4));
    const err = await openStateDir(dir, { kvNow: Date.now }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SandboxStateError);
    expect((err as SandboxStateError).message).toContain(join(dir, STATE_DB_FILE));
    expect(readFileSync(join(dir, STATE_DB_FILE), 'utf8')).toMatch(/^not a database/);
    expect(readdirSync(dir)).not.toContain(LOCK_FILE);
  });

  describe('an older state.json', () => {
    const account = createAccount(Date.UTC(2026, 0, 1));
    const farS = Math.floor(Date.now() / 1000) + 86_400;
    const legacy = (): LegacyState => ({
      version: 1,
      account,
      nextIds: { ...FIRST_IDS, application: 1_000_002, history: 900_000_002 },
      applications: [
        { id: 1_000_001, name: 'a.voxmask-sandbox.voximplant.com', secureRecordStorage: false, modifiedMs: 5, secrets: { token: 't' } },
      ],
      scenarios: [{ id: 3_000_001, name: 'masking', script: 'Logger.write(1);', applicationId: null, modifiedMs: 5 }],
      rules: [
        {
          id: 5_000_002,
          applicationId: 1_000_001,
          name: 'second',
          pattern: '.*',
          patternExclude: '',
          videoConference: false,
          bindKeyId: null,
          scenarioIds: [3_000_001],
          modifiedMs: 5,
        },
        {
          id: 5_000_001,
          applicationId: 1_000_001,
          name: 'first',
          pattern: '1.*',
          patternExclude: '',
          videoConference: false,
          bindKeyId: null,
          scenarioIds: [],
          modifiedMs: 5,
        },
      ],
      phoneNumbers: [],
      storage: {
        '1000001': {
          items: [
            { key: 'order:1', value: '{"pin":"1"}', expireAt: farS },
            { key: 'orderpin:A-1', value: '1', expireAt: farS },
          ],
        },
      },
      history: [
        {
          historyId: 900_000_001,
          applicationId: 1_000_001,
          applicationName: 'a.voxmask-sandbox.voximplant.com',
          ruleName: 'second',
          startDate: '2026-01-01T10:00:00.000Z',
          durationS: 3,
          finishReason: 'Normal termination',
          customData: '',
          calls: [],
          records: [],
          logLines: ['Started', 'Terminated'],
        },
      ],
    });

    test('is migrated into state.db whole (records in order, storage, history with logs) and kept as state.json.migrated', async () => {
      const data = legacy();
      writeFileSync(join(dir, LEGACY_STATE_FILE), JSON.stringify(data));
      const opened = await openStateDir(dir, { kvNow: Date.now });
      expect(opened.migratedFrom).toBe(join(dir, LEGACY_STATE_FILE));
      expect(opened.state.account).toEqual(account);
      expect(opened.state.rulesOf(1_000_001).map((r) => r.name)).toEqual(['second', 'first']);
      expect(opened.state.storageOf(1_000_001).get('order:1')?.value).toBe('{"pin":"1"}');
      expect(opened.state.historyLog(900_000_001)).toEqual(['Started', 'Terminated']);
      expect(opened.state.nextId('history')).toBe(900_000_002);
      await opened.close();
      expect(readdirSync(dir).sort()).toEqual([CREDENTIALS_FILE, MIGRATED_LEGACY_FILE, STATE_DB_FILE].sort());
      const { nextIds, ...rest } = exportState(join(dir, STATE_DB_FILE));
      const { nextIds: _before, ...expected } = data;
      expect(rest).toEqual(expected);
      expect(nextIds.history).toBe(900_000_003);
      const again = await openStateDir(dir, { kvNow: Date.now });
      expect(again.migratedFrom).toBeUndefined();
      await again.close();
    });

    test('a migration killed midway is done again or completed at the next open, never doubled', async () => {
      writeFileSync(join(dir, LEGACY_STATE_FILE), JSON.stringify(legacy()));
      // Killed while building: a half-written state.db.migrating is thrown away and the migration redone.
      writeFileSync(join(dir, `${STATE_DB_FILE}.migrating`), 'half');
      writeFileSync(join(dir, `${STATE_DB_FILE}.migrating-journal`), 'half');
      await (await openStateDir(dir, { kvNow: Date.now })).close();
      expect(readdirSync(dir).sort()).toEqual([CREDENTIALS_FILE, MIGRATED_LEGACY_FILE, STATE_DB_FILE].sort());
      // Killed after state.db was in place but before state.json was renamed: the rename is completed.
      renameSync(join(dir, MIGRATED_LEGACY_FILE), join(dir, LEGACY_STATE_FILE));
      const opened = await openStateDir(dir, { kvNow: Date.now });
      expect(opened.migratedFrom).toBe(join(dir, LEGACY_STATE_FILE));
      expect(opened.state.applications).toHaveLength(1);
      expect(opened.state.storageOf(1_000_001).list().total).toBe(2);
      await opened.close();
      expect(existsSync(join(dir, LEGACY_STATE_FILE))).toBe(false);
    });

    test('next to a state.db it did not make, it is refused naming both files', async () => {
      writeFileSync(join(dir, LEGACY_STATE_FILE), JSON.stringify(legacy()));
      await (await openStateDir(dir, { kvNow: Date.now })).close();
      const other = { ...legacy(), applications: [] };
      writeFileSync(join(dir, LEGACY_STATE_FILE), JSON.stringify(other));
      const dbBefore = readFileSync(join(dir, STATE_DB_FILE));
      const err = await openStateDir(dir, { kvNow: Date.now }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SandboxStateError);
      expect((err as Error).message).toContain(join(dir, LEGACY_STATE_FILE));
      expect((err as Error).message).toContain(join(dir, STATE_DB_FILE));
      expect(readFileSync(join(dir, STATE_DB_FILE))).toEqual(dbBefore);
      expect(JSON.parse(readFileSync(join(dir, LEGACY_STATE_FILE), 'utf8'))).toEqual(other);
    });

    test('one that is not valid is refused with the file and the bad fields named, and no state.db is made', async () => {
      writeFileSync(join(dir, LEGACY_STATE_FILE), '{"version":1,"account":{"accountId":"x"}}');
      const err = await openStateDir(dir, { kvNow: Date.now }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(SandboxStateError);
      expect((err as SandboxStateError).message).toContain(join(dir, LEGACY_STATE_FILE));
      expect((err as SandboxStateError).issues).toEqual(
        expect.arrayContaining([expect.stringMatching(/^account\.accountId: /), expect.stringMatching(/^applications: /)]),
      );
      const badKey = legacy();
      badKey.storage['1000001'].items[1].key = 'bad key';
      writeFileSync(join(dir, LEGACY_STATE_FILE), JSON.stringify(badKey));
      const keyErr = await openStateDir(dir, { kvNow: Date.now }).catch((e: unknown) => e);
      expect((keyErr as SandboxStateError).issues).toEqual([expect.stringMatching(/^storage\.1000001\.items\.1\.key: /)]);
      writeFileSync(join(dir, LEGACY_STATE_FILE), 'not json');
      await expect(openStateDir(dir, { kvNow: Date.now })).rejects.toThrow(/not valid JSON/);
      expect(readdirSync(dir).sort()).toEqual([LEGACY_STATE_FILE]);
    });

    test('exported back as state.json into an empty folder, a state.db migrates to the same state', async () => {
      writeFileSync(join(dir, LEGACY_STATE_FILE), JSON.stringify(legacy()));
      await (await openStateDir(dir, { kvNow: Date.now })).close();
      const exported = exportState(join(dir, STATE_DB_FILE));
      const second = join(dir, 'second');
      mkdirSync(second);
      writeFileSync(join(second, LEGACY_STATE_FILE), JSON.stringify(exported));
      await (await openStateDir(second, { kvNow: Date.now })).close();
      expect(exportState(join(second, STATE_DB_FILE))).toEqual(exported);
    });
  });
});
