/**
 * Injected faults (FaultSpec): storage get that rejects, slow storage, HTTP timeout, HTTP 500,
 * connection refused, a handler's networkError, and the 'real' target's loopback-only rule.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { VoxEngineEmulator } from '../../../src/sandbox/runtime';
import { appFor, ofKind, runScenario } from './helpers';

const LOOKUP = `
require(Modules.ApplicationStorage);
VoxEngine.addEventListener(AppEvents.Started, async () => {
  const t0 = Date.now();
  try {
    const item = await ApplicationStorage.get('order:1');
    Logger.write('got ' + (item && item.value) + ' after ' + (Date.now() - t0));
  } catch (e) {
    Logger.write('rejected: ' + (e instanceof Error) + ' ' + e.message + ' after ' + (Date.now() - t0));
  }
  VoxEngine.terminate();
});`;

const FETCH = `
VoxEngine.addEventListener(AppEvents.Started, async () => {
  const t0 = Date.now();
  const r = await Net.httpRequestAsync('http://backend.test/orders/1', { timeout: 5 });
  Logger.write(r.code + ' ' + (r.error || r.text) + ' after ' + (Date.now() - t0));
  VoxEngine.terminate();
});`;

const ok = () => ({ status: 200, body: 'fine' });

describe('faults', () => {
  test('storage: a get that rejects, once; the next get succeeds', async () => {
    const seed = (app: { storage: { put: (k: string, v: string) => void } }) => app.storage.put('order:1', 'v1');
    const twice = LOOKUP.replace(
      'VoxEngine.terminate();',
      "try { Logger.write('second ' + (await ApplicationStorage.get('order:1')).value); } catch (e) { Logger.write('second rejected'); }\n  VoxEngine.terminate();",
    );
    const run = await runScenario(twice, {
      call: null,
      before: seed,
      options: { faults: { storage: [{ op: 'get', kind: 'reject', times: 1 }] } },
    });
    expect(run.logs).toEqual(['rejected: true ApplicationStorage.get failed (injected fault) after 5', 'second v1']);
    expect(ofKind(run, 'storage').map((r) => r.ok)).toEqual([false, true]);
    const again = await runScenario(LOOKUP, {
      call: null,
      before: seed,
      options: { faults: { storage: [{ op: 'get', kind: 'reject', keyPrefix: 'other:' }] } },
    });
    expect(again.logs).toEqual(['got v1 after 5']);
  });

  test('setFaults replaces the faults between sessions and their counts start again', async () => {
    const emulator = new VoxEngineEmulator({ faults: { storage: [{ op: 'get', kind: 'reject', times: 1 }] } });
    const app = appFor(emulator);
    app.storage.put('order:1', 'v1');
    const lookup = async () => {
      const handle = emulator.startSession(app, [{ name: 'lookup', code: LOOKUP }]);
      await emulator.runUntilIdle();
      return (await handle.done).logLines;
    };
    const rejected = ['rejected: true ApplicationStorage.get failed (injected fault) after 5'];
    expect(await lookup()).toEqual(rejected);
    expect(await lookup()).toEqual(['got v1 after 5']);
    emulator.setFaults({ storage: [{ op: 'get', kind: 'reject', times: 1 }] });
    expect(await lookup()).toEqual(rejected);
    emulator.setFaults({ storage: [{ op: 'get', kind: 'slow', delayMs: 2000 }] });
    expect(await lookup()).toEqual(['got v1 after 2000']);
    emulator.setFaults({});
    expect(await lookup()).toEqual(['got v1 after 5']);
  });

  test('storage: a slow get completes after delayMs of virtual time', async () => {
    const run = await runScenario(LOOKUP, {
      call: null,
      before: (app) => app.storage.put('order:1', 'v1'),
      options: { faults: { storage: [{ op: 'get', kind: 'slow', delayMs: 8000 }] } },
    });
    expect(run.logs).toEqual(['got v1 after 8000']);
    expect(ofKind(run, 'storage')[0]).toMatchObject({ op: 'get', ok: true, fault: 'slow' });
  });

  test('HTTP timeout: resolves with -7 after the request timeout (not a rejection)', async () => {
    const run = await runScenario(FETCH, {
      call: null,
      options: { http: ok, faults: { http: [{ urlContains: '/orders/', kind: 'timeout' }] } },
    });
    expect(run.logs).toEqual(['-7 Timeout: injected fault after 5000']);
  });

  test('HTTP 500 and connection refused (-4)', async () => {
    const five = await runScenario(FETCH, { call: null, options: { http: ok, faults: { http: [{ kind: 'status500' }] } } });
    expect(five.logs).toEqual(['500  after 50']);
    const refused = await runScenario(FETCH, { call: null, options: { http: ok, faults: { http: [{ kind: 'connectionRefused' }] } } });
    expect(refused.logs).toEqual(['-4 Connection error: injected fault: connection refused after 20']);
  });

  test('a handler answer later than the request timeout gives -7; a networkError is passed through', async () => {
    const slow = await runScenario(FETCH, { call: null, options: { http: () => ({ status: 200, body: 'late', delayMs: 9000 }) } });
    expect(slow.logs).toEqual(['-7 Timeout after 5000']);
    const dns = await runScenario(FETCH, { call: null, options: { http: () => ({ networkError: -3 }) } });
    expect(dns.logs).toEqual(['-3 Host not found after 50']);
  });

  test("'real' HTTP reaches a 127.0.0.1 server; other hosts resolve -3 and the trace says why", async () => {
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        res.setHeader('X-Seen', String(req.headers['x-order'] ?? ''));
        res.end(`${req.method} ${req.url} ${body}`);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    try {
      const run = await runScenario(
        `VoxEngine.addEventListener(AppEvents.Started, async () => {
          const r = await Net.httpRequestAsync('http://127.0.0.1:${port}/hook', { method: 'POST', postData: 'pin=1', headers: { 'X-Order': '42' }, params: { a: 'b' } });
          const seen = r.headers.find((h) => h.key === 'x-seen');
          Logger.write(r.code + ' ' + r.text + ' ' + (seen && seen.value));
          const far = await Net.httpRequestAsync('http://example.com/x');
          Logger.write(far.code + ' ' + far.error);
          VoxEngine.terminate();
        });`,
        { call: null, options: { http: 'real' } },
      );
      expect(run.logs).toEqual([
        '200 POST /hook?a=b pin=1 42',
        expect.stringMatching(/^-3 Host not found: HttpTarget 'real' only reaches 127.0.0.1\/localhost; example.com is refused$/),
      ]);
      expect(ofKind(run, 'http').find((r) => r.code === -3)).toMatchObject({ reason: expect.stringContaining('example.com is refused') });
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
