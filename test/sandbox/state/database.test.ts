import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { StateDatabase } from '../../../src/sandbox/state/database';
import { exportState } from '../../../src/sandbox/state/export';
import { HistoryTable } from '../../../src/sandbox/state/history-table';
import { CREDENTIALS_FILE, openStateDir, STATE_DB_FILE } from '../../../src/sandbox/state/state-dir';

const APP = 1_000_001;

/** Durability of the state database: what is acknowledged is committed, and a SIGKILL loses none of it. */
describe('StateDatabase durability', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'voxmask-db-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  test('a write is committed once durable() resolves (another connection sees it), not before; close commits the rest', async () => {
    // A minute of debounce: only durable() can commit in time.
    const opened = await openStateDir(dir, { kvNow: Date.now, debounceMs: 60_000 });
    const store = opened.state.storageOf(APP);
    store.put('acknowledged', '1');
    await opened.state.durable();
    store.put('pending', '2');
    const committed = () => (exportState(join(dir, STATE_DB_FILE)).storage[String(APP)]?.items ?? []).map((i) => i.key);
    expect(committed()).toEqual(['acknowledged']);
    await opened.close();
    expect(committed()).toEqual(['acknowledged', 'pending']);
    const again = await openStateDir(dir, { kvNow: Date.now });
    expect(
      again.state
        .storageOf(APP)
        .list()
        .items.map((i) => i.key),
    ).toEqual(['acknowledged', 'pending']);
    await again.close();
  });

  test('a change that throws is undone alone; the other changes of the same commit stay', async () => {
    const database = StateDatabase.open(join(dir, STATE_DB_FILE), { debounceMs: 60_000 });
    const insert = database.db.prepare('INSERT INTO meta (name, value) VALUES (?, ?)');
    database.write(() => insert.run('before', '1'));
    expect(() =>
      database.write(() => {
        insert.run('half', '1');
        throw new Error('second statement failed');
      }),
    ).toThrow('second statement failed');
    database.write(() => insert.run('after', '1'));
    await database.durable();
    await database.close();
    const reader = StateDatabase.openReadOnly(join(dir, STATE_DB_FILE));
    expect(reader.db.prepare('SELECT name FROM meta ORDER BY name').all()).toEqual([{ name: 'after' }, { name: 'before' }]);
    reader.db.close();
  });

  test('a process killed with SIGKILL in the middle of writes loses no acknowledged write, and the folder opens again as it is', async () => {
    const stateDir = resolve(__dirname, '../../../dist/src/sandbox/state/state-dir.js');
    // The child writes without pause: each `ack <i>` follows the commit of item i; the unacknowledged
    // `extra:<i>` writes keep a transaction open whenever the kill lands.
    const child = spawn(
      process.execPath,
      [
        '-e',
        `const { openStateDir } = require(${JSON.stringify(stateDir)});
        (async () => {
          const opened = await openStateDir(process.argv[1], { kvNow: Date.now, debounceMs: 60000 });
          const store = opened.state.storageOf(${APP});
          for (let i = 0; i < 5000; i++) {
            store.put('acked:' + String(i).padStart(4, '0'), String(i));
            await opened.state.durable();
            process.stdout.write('ack ' + i + '\\n');
            store.put('extra:' + i, String(i));
          }
        })();`,
        dir,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const acked: number[] = [];
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    try {
      for await (const line of createInterface({ input: child.stdout })) {
        acked.push(Number(line.split(' ')[1]));
        if (acked.length === 40) child.kill('SIGKILL');
      }
    } finally {
      child.kill('SIGKILL'); // never left running, whatever happened above (a no-op once it exited)
    }
    expect(await exited).toBe('SIGKILL');
    expect(acked.length).toBeGreaterThanOrEqual(40);

    const reopened = await openStateDir(dir, { kvNow: Date.now }); // takes over the dead process's lock
    const keys = new Set(
      reopened.state
        .storageOf(APP)
        .list('acked:')
        .items.map((i) => i.key),
    );
    expect(acked.filter((i) => !keys.has(`acked:${String(i).padStart(4, '0')}`))).toEqual([]);
    await reopened.close();
    expect(readdirSync(dir).sort()).toEqual([CREDENTIALS_FILE, STATE_DB_FILE].sort());
  });
});

describe('StateDatabase in memory', () => {
  test('runs the same schema, commits each change at once and has nothing to wait for', async () => {
    const database = StateDatabase.memory();
    expect(database.durableStorage).toBe(false);
    const history = new HistoryTable(database);
    history.append(
      {
        historyId: 1,
        applicationId: 1,
        applicationName: 'a',
        startDate: '',
        durationS: 0,
        finishReason: '',
        customData: '',
        calls: [],
        records: [],
      },
      [],
      5,
    );
    expect(database.db.inTransaction).toBe(false);
    await expect(database.durable()).resolves.toBeUndefined();
    expect(history.has(1)).toBe(true);
    await database.close();
  });
});
