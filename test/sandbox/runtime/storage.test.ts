/**
 * ApplicationStorage semantics (docs/platform.md#kv-api) through the application's KeyValueStore, on the
 * emulator's virtual clock.
 */
import { ofKind, runScenario } from './helpers';

const prelude = `require(Modules.ApplicationStorage);\nVoxEngine.addEventListener(AppEvents.Started, async () => {`;

describe('ApplicationStorage', () => {
  test('get of a missing key resolves null; put resolves a StorageKey with expireAt in Unix seconds', async () => {
    const run = await runScenario(
      `${prelude}
        Logger.write(String(await ApplicationStorage.get('nope')));
        const put = await ApplicationStorage.put('order:1', '{"a":1}', 3600);
        Logger.write(JSON.stringify(put) + ' ' + (put instanceof Object));
        Logger.write((await ApplicationStorage.get('order:1')).value);
        VoxEngine.terminate();
      });`,
      { call: null },
    );
    const expireAt = Date.parse('2026-01-01T00:00:00Z') / 1000 + 3600 + 0;
    expect(run.logs).toEqual(['null', `{"key":"order:1","value":"{\\"a\\":1}","expireAt":${expireAt}} true`, '{"a":1}']);
  });

  test('values written by scenarios and by the backend share one store; TTL expires on the virtual clock', async () => {
    const run = await runScenario(
      `${prelude}
        await ApplicationStorage.put('pin:short', 'x', 30);
        setTimeout(async () => {
          Logger.write('after 29 s: ' + ((await ApplicationStorage.get('pin:short')) !== null));
          setTimeout(async () => {
            Logger.write('after 31 s: ' + ((await ApplicationStorage.get('pin:short')) !== null));
            Logger.write('backend value: ' + (await ApplicationStorage.get('seeded')).value);
            VoxEngine.terminate();
          }, 2000);
        }, 29000 - 5);
      });`,
      { call: null, before: (app) => app.storage.put('seeded', 'from the Management API', 600) },
    );
    expect(run.logs).toEqual(['after 29 s: true', 'after 31 s: false', 'backend value: from the Management API']);
    expect(run.app.storage.get('pin:short')).toBeNull();
  });

  test('keys(pattern, count) matches by prefix, sorted, default count 1000', async () => {
    const run = await runScenario(
      `${prelude}
        for (const k of ['test:2', 'test:1', 'testing', 'other']) await ApplicationStorage.put(k, 'v', 60);
        Logger.write((await ApplicationStorage.keys('test')).keys.join(','));
        Logger.write((await ApplicationStorage.keys('test:', 1)).keys.join(','));
        Logger.write(String((await ApplicationStorage.keys()).keys.length));
        VoxEngine.terminate();
      });`,
      { call: null },
    );
    expect(run.logs).toEqual(['test:1,test:2,testing', 'test:1', '4']);
  });

  test('limits reject the promise with an Error carrying code and field: key over 200, value over 2000, TTL out of range', async () => {
    const run = await runScenario(
      `${prelude}
        const attempts = [
          () => ApplicationStorage.put('k'.repeat(201), 'v', 60),
          () => ApplicationStorage.put('k', 'v'.repeat(2001), 60),
          () => ApplicationStorage.put('k', 'v', 7776001),
          () => ApplicationStorage.put('k', 'v', -1),
        ];
        for (const attempt of attempts) {
          try { await attempt(); Logger.write('accepted'); } catch (e) { Logger.write((e instanceof Error) + ' ' + e.code + ' ' + e.field); }
        }
        await ApplicationStorage.put('k', 'v'.repeat(2000), 7776000);
        Logger.write('limits themselves are accepted');
        VoxEngine.terminate();
      });`,
      { call: null },
    );
    expect(run.logs).toEqual(['true 499 key', 'true 499 value', 'true 497 ttl', 'true 497 ttl', 'limits themselves are accepted']);
    expect(ofKind(run, 'storage').filter((r) => !r.ok)).toHaveLength(4);
  });

  test('put without ttl uses 30 days and stores numbers as strings; remove resolves expireAt 0', async () => {
    const run = await runScenario(
      `${prelude}
        const put = await ApplicationStorage.put('totalCalls', 0);
        Logger.write(put.value + ' ' + Math.round(put.expireAt - Date.now() / 1000));
        Logger.write(JSON.stringify(await ApplicationStorage.remove('totalCalls')) + ' ' + JSON.stringify(await ApplicationStorage.remove('missing')));
        VoxEngine.terminate();
      });`,
      { call: null },
    );
    expect(run.logs).toEqual(['0 2592000', '{"key":"totalCalls","value":"0","expireAt":0} {"key":"missing","expireAt":0}']);
    expect(ofKind(run, 'note').map((r) => r.topic)).toEqual(expect.arrayContaining(['storageDefaultTtl', 'storageNonString']));
  });
});
