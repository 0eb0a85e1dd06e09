/**
 * The documented limits (docs/platform.md#scenario-limits, docs/platform.md#timers, docs/platform.md#net-limits, docs/platform.md#custom-data, docs/platform.md#session-limits, docs/platform.md#call-methods), one test each,
 * driven by plain-JavaScript scenarios.
 */
import { CALLEE, ofKind, runScenario, VIRTUAL } from './helpers';

const NOW = 'VoxEngine.addEventListener(AppEvents.Started, () => {';

describe('limits', () => {
  test('at most 100 active timers: the 101st setTimeout throws; cleared timers free a slot', async () => {
    const run = await runScenario(
      `${NOW}
        const ids = [];
        for (let i = 0; i < 100; i++) ids.push(setTimeout(() => {}, 1000 + i));
        try { setTimeout(() => {}, 5); Logger.write('101st accepted'); } catch (e) { Logger.write('101st: ' + e.name + ': ' + e.message); }
        clearTimeout(ids[0]);
        setTimeout(() => { Logger.write('freed slot fired'); VoxEngine.terminate(); }, 2000);
      });`,
      { call: null },
    );
    expect(run.logs[0]).toMatch(/^101st: RangeError: setTimeout: at most 100 timers/);
    expect(run.logs[1]).toBe('freed slot fired');
    expect(ofKind(run, 'limit')[0]).toMatchObject({ limit: 'timers' });
  });

  test('setInterval below 100 ms runs every 100 ms', async () => {
    const run = await runScenario(
      `${NOW}
        const t0 = Date.now(); let n = 0;
        const id = setInterval(() => { Logger.write(String(Date.now() - t0)); if (++n === 3) { clearInterval(id); VoxEngine.terminate(); } }, 10);
      });`,
      { call: null },
    );
    expect(run.logs).toEqual(['100', '200', '300']);
  });

  test('a callback running longer than 1 s of wall time ends the session with JS session error', async () => {
    const started = Date.now();
    const run = await runScenario(
      `${NOW}
        Logger.write('spinning');
        const until = Date.now() + 1;
        for (;;) {}
      });
      VoxEngine.addEventListener(AppEvents.Terminating, (e) => Logger.write('Terminating systemError=' + e.systemError));`,
      { call: null },
    );
    const wallMs = Date.now() - started;
    expect(wallMs).toBeGreaterThanOrEqual(1000);
    expect(wallMs).toBeLessThan(5000);
    expect(run.logs).toEqual(['spinning', 'Terminating systemError=true']);
    expect(run.record.finishReason).toBe('JS session error');
    expect(ofKind(run, 'limit').map((r) => r.limit)).toContain('callbackTime');
  });

  test('the 51st call attempt of a session fails with 403 "Call limit reached"', async () => {
    const run = await runScenario(
      `${NOW}
        let attempt = 0;
        function next() {
          attempt += 1;
          const n = attempt;
          const c = VoxEngine.callPSTN('+1555000' + String(1000 + n), '${VIRTUAL}');
          c.addEventListener(CallEvents.Failed, (e) => {
            if (e.code !== 486) Logger.write(e.code + ' on attempt ' + n + ': ' + e.reason);
            if (n < 51) next(); else VoxEngine.terminate();
          });
        }
        next();
      });`,
      { call: null, options: { defaultPhone: { busy: { afterS: 1 } } } },
    );
    expect(run.logs).toEqual(['403 on attempt 51: Call limit reached']);
    expect(ofKind(run, 'call.outbound')).toHaveLength(51);
  });

  test('an 11th simultaneous progressing call fails with 403', async () => {
    const run = await runScenario(
      `${NOW}
        for (let i = 0; i < 11; i++) {
          const c = VoxEngine.callPSTN('+1555000' + String(2000 + i), '${VIRTUAL}');
          c.addEventListener(CallEvents.Failed, (e) => Logger.write('call ' + (i + 1) + ' failed ' + e.code));
        }
        setTimeout(VoxEngine.terminate, 61000);
      });`,
      { call: null, options: { defaultPhone: { noAnswer: {} } } },
    );
    expect(run.logs[0]).toBe('call 11 failed 403');
    expect(run.logs.slice(1).every((l) => l.endsWith('failed 408'))).toBe(true);
    expect(run.logs).toHaveLength(11);
  });

  test('say() text over 1500 characters ends with PlaybackFinished { error } and no PlaybackStarted', async () => {
    const run = await runScenario(`
      VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
        e.call.addEventListener(CallEvents.Connected, () => e.call.say('x'.repeat(1501)));
        e.call.addEventListener(CallEvents.PlaybackStarted, () => Logger.write('started'));
        e.call.addEventListener(CallEvents.PlaybackFinished, (p) => { Logger.write('finished: ' + p.error); VoxEngine.terminate(); });
        e.call.answer();
      });`);
    expect(run.logs).toEqual(['finished: Text is too long: 1501 characters, at most 1500 are allowed']);
    expect(run.emulator.trace.heardBy('+15550000001')).toEqual([]);
  });

  test('customData over 200 bytes throws (session and call); 200 bytes are accepted', async () => {
    const run = await runScenario(`
      VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
        VoxEngine.customData('é'.repeat(100));
        Logger.write('200 bytes ok: ' + VoxEngine.customData().length);
        try { VoxEngine.customData('x'.repeat(201)); } catch (err) { Logger.write(err.name + ': ' + err.message); }
        try { e.call.customData('é'.repeat(101)); } catch (err) { Logger.write(err.name + ': ' + err.message); }
        VoxEngine.terminate();
      });`);
    expect(run.logs).toEqual([
      '200 bytes ok: 100',
      'RangeError: VoxEngine.customData: data is 201 bytes; at most 200 bytes are allowed',
      'RangeError: Call.customData: data is 202 bytes; at most 200 bytes are allowed',
    ]);
    expect(run.record.customData).toBe('é'.repeat(100));
  });

  test('Logger.write keeps at most 15,000 characters and records the limit', async () => {
    const run = await runScenario(`${NOW} Logger.write('a'.repeat(15000)); Logger.write('b'.repeat(15001)); VoxEngine.terminate(); });`, {
      call: null,
    });
    expect(run.logs.map((l) => l.length)).toEqual([15000, 15000]);
    expect(ofKind(run, 'limit')).toHaveLength(1);
    expect(ofKind(run, 'limit')[0]).toMatchObject({ limit: 'logMessage' });
  });

  test('HTTP: 3 requests run at once, 35 may be active or queued, the 36th throws', async () => {
    const inFlight: number[] = [];
    let active = 0;
    const run = await runScenario(
      `${NOW}
        let done = 0;
        for (let i = 0; i < 35; i++) Net.httpRequestAsync('http://api.test/r' + i).then(() => { if (++done === 35) VoxEngine.terminate(); });
        try { Net.httpRequestAsync('http://api.test/r36'); } catch (e) { Logger.write(e.message); }
      });`,
      {
        call: null,
        options: {
          http: () => {
            active += 1;
            inFlight.push(active);
            return new Promise((resolve) =>
              setImmediate(() => {
                active -= 1;
                resolve({ status: 200, body: 'ok', delayMs: 100 });
              }),
            );
          },
        },
      },
    );
    expect(run.logs).toEqual(['Exceeded the HTTP connection count limit!']);
    const starts = ofKind(run, 'http').filter((r) => r.phase === 'request');
    expect(starts).toHaveLength(35);
    const startTimes = starts.map((r) => r.atMs - run.emulator.trace.startMs);
    expect(startTimes.slice(0, 3)).toEqual([0, 0, 0]);
    expect(startTimes[3]).toBe(100);
    expect(startTimes[34]).toBe(1100);
    // The HTTP target itself never sees more than the 3 concurrent requests.
    expect(inFlight).toHaveLength(35);
    expect(Math.max(...inFlight)).toBeLessThanOrEqual(3);
  });

  test('a scenario over 256 Ki characters does not start', async () => {
    const run = await runScenario(`// ${'x'.repeat(256 * 1024)}\nLogger.write('ran');`, { call: null });
    expect(run.logs).toEqual([]);
    expect(run.record.finishReason).toBe('JS session error');
    expect(ofKind(run, 'limit')[0]).toMatchObject({ limit: 'scenarioSize' });
  });

  test('an outbound call with no answer fails 408 after 60 s even when the phone would answer later', async () => {
    const run = await runScenario(
      `${NOW}
        const c = VoxEngine.callPSTN('${CALLEE}', '${VIRTUAL}');
        const t0 = Date.now();
        c.addEventListener(CallEvents.Failed, (e) => { Logger.write(e.code + ' after ' + (Date.now() - t0)); VoxEngine.terminate(); });
      });`,
      { call: null, options: { phones: { [CALLEE]: { answer: { afterS: 90 } } } } },
    );
    expect(run.logs).toEqual(['408 after 60000']);
  });
});
