/**
 * Call scripts (src/sandbox/runtime/call-script.ts) beyond the basics of test/sandbox/runtime/call-script.test.ts:
 * requests to an API-started session's access URL arrive at their time as AppEvents.HttpRequest, and
 * the answer is in the trace.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallScriptError, runCallScript } from '../../../src/sandbox/runtime';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'voxmask-call-script-'));
  writeFileSync(
    join(dir, 'click.js'),
    `VoxEngine.addEventListener(AppEvents.HttpRequest, (e) => {
       Logger.write('request ' + e.content + ' ' + e.headers.map((h) => h.key + '=' + h.value).join(','));
       if (e.content === 'cancel') VoxEngine.terminate();
       return 'ok ' + e.content;
     });`,
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('access-URL requests in call scripts', () => {
  test('each request reaches its session at its time; the answer is traced; a request after the session ended is not delivered', async () => {
    const { emulator, sessions } = await runCallScript(
      {
        scenarios: ['click.js'],
        sessions: [
          {
            customData: 'order-1',
            requests: [
              { atS: 20, content: 'cancel' },
              { atS: 5, content: 'ping', headers: { 'X-Id': '1' } },
              { atS: 30, content: 'late' },
            ],
          },
        ],
      },
      dir,
    );
    expect(sessions).toHaveLength(1);
    const start = emulator.startMs;
    const access = emulator.trace.records.filter((r) => r.kind === 'access').map((r) => [r.atMs - start, r.delivered, r.body ?? r.reason]);
    expect(access).toEqual([
      [5000, true, 'ok ping'],
      [20000, true, 'ok cancel'],
    ]);
    expect(emulator.trace.logLines()).toEqual(['request ping X-Id=1', 'request cancel ']);
    expect(sessions[0].durationS).toBe(20);
    expect(emulator.trace.toTimeline()).toContain('access URL POST /request/1/emulator-session-1 → 200 "ok ping"');
  });

  test('a request needs a time', async () => {
    await expect(runCallScript({ scenarios: ['click.js'], sessions: [{ requests: [{ content: 'x' }] }] }, dir)).rejects.toThrow(
      CallScriptError,
    );
    await expect(runCallScript({ scenarios: ['click.js'], sessions: [{ requests: [{ content: 'x' }] }] }, dir)).rejects.toThrow(
      'sessions[0].requests[0].atS',
    );
  });
});
