/**
 * Session lifecycle (docs/platform.md#scenario-loading, docs/platform.md#session-sequences): scenario loading, the 60 s idle end, terminate()
 * semantics, and how scenario errors end a session.
 */
import { KeyValueStore } from '../../../src/sandbox/kv-store';
import { VoxEngineEmulator } from '../../../src/sandbox/runtime';
import { Session } from '../../../src/sandbox/runtime/session/session';
import { ofKind, runScenario } from './helpers';

describe('scenario loading', () => {
  test('several scenarios run in order on one global scope; functions of a later file are usable in callbacks', async () => {
    const emulator = new VoxEngineEmulator();
    const app = { id: 1, name: 'a', storage: new KeyValueStore(() => emulator.now()), secrets: {} };
    const handle = emulator.startSession(app, [
      {
        name: 'first',
        code: `var order = ['first']; VoxEngine.addEventListener(AppEvents.Started, () => { Logger.write(helper()); VoxEngine.terminate(); });`,
      },
      { name: 'second', code: `order.push('second'); function helper() { return order.join(' then '); }` },
    ]);
    await emulator.runUntilIdle();
    expect((await handle.done).logLines).toEqual(['first then second']);
  });

  test('a later file cannot call a function of an earlier file at its top level before it exists; duplicate let is a SyntaxError', async () => {
    const emulator = new VoxEngineEmulator();
    const app = { id: 1, name: 'a', storage: new KeyValueStore(() => emulator.now()), secrets: {} };
    const early = emulator.startSession(app, [
      { name: 'one', code: `later();` },
      { name: 'two', code: `function later() {}` },
    ]);
    const dup = emulator.startSession(app, [
      { name: 'one', code: `let shared = 1;` },
      { name: 'two', code: `let shared = 2;` },
    ]);
    await emulator.runUntilIdle();
    expect((await early.done).finishReason).toBe('JS session error');
    expect((await dup.done).finishReason).toBe('JS session error');
    const errors = emulator.trace.records.filter((r) => r.kind === 'error').map((r) => `${String(r.where)}: ${String(r.message)}`);
    expect(errors[0]).toBe('top-level code of one: ReferenceError: later is not defined');
    expect(errors[1]).toMatch(/^top-level code of two: SyntaxError: Identifier 'shared' has already been declared/);
  });

  test('import/export fail to compile (classic scripts): JS session error, Terminating { systemError: true }', async () => {
    const run = await runScenario(
      `import x from 'y';\nVoxEngine.addEventListener(AppEvents.Terminating, () => Logger.write('never registered'));`,
      { call: null },
    );
    expect(run.record.finishReason).toBe('JS session error');
    expect(ofKind(run, 'error')[0]).toMatchObject({
      where: 'compiling scenario',
      message: expect.stringMatching(/^SyntaxError: Cannot use import statement/),
    });
    expect(
      run.records.filter((r) => r.kind === 'event').map((r) => [r.name, (r.payload as { systemError?: boolean }).systemError]),
    ).toEqual([
      ['Application.Terminating', true],
      ['Application.Terminated', true],
    ]);
  });
});

describe('the 60 s idle end', () => {
  test('a session with no calls ends 60 s after its last call ended, counted again from each call end', async () => {
    const run = await runScenario(
      `VoxEngine.addEventListener(AppEvents.Started, () => {
        const c = VoxEngine.callPSTN('+15550003000', '+15550000100');
        c.addEventListener(CallEvents.Disconnected, () => Logger.write('call ended at ' + Date.now()));
      });
      VoxEngine.addEventListener(AppEvents.Terminating, () => Logger.write('Terminating at ' + Date.now()));`,
      { call: null, options: { defaultPhone: { answer: { afterS: 50, actions: [{ waitS: 30 }, { hangup: true }] } } } },
    );
    const ended = Number(run.logs[0].split(' at ')[1]);
    const terminating = Number(run.logs[1].split(' at ')[1]);
    expect(ended - run.emulator.trace.startMs).toBe(80_000);
    expect(terminating - ended).toBe(60_000);
    expect(run.record.finishReason).toBe('Timeout');
  });
});

describe("runUntilIdle's bound (maxVirtualS)", () => {
  test('a live session ends with Timeout at the bound; a session due after the bound ends unstarted, 0 s', async () => {
    const emulator = new VoxEngineEmulator();
    const app = { id: 1, name: 'a', storage: new KeyValueStore(() => emulator.now()), secrets: {} };
    const code = `VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => e.call.answer());
      VoxEngine.addEventListener(AppEvents.Terminating, () => Logger.write('Terminating at ' + Date.now()));`;
    const caller = { from: '+15550000001', to: '+15550000100' };
    const live = emulator.startInboundCall(app, [{ name: 'live', code }], caller);
    const late = emulator.startInboundCall(app, [{ name: 'late', code }], { ...caller, atS: 100 });
    await emulator.runUntilIdle({ maxVirtualS: 30 });
    const boundMs = emulator.trace.startMs + 30_000;
    const liveRecord = await live.done;
    expect(liveRecord).toMatchObject({ finishReason: 'Timeout', durationS: 30 });
    expect(liveRecord.logLines).toEqual([`Terminating at ${boundMs}`]);
    const lateRecord = await late.done;
    expect(lateRecord).toMatchObject({
      finishReason: 'Timeout',
      durationS: 0,
      startDate: new Date(boundMs).toISOString(),
      calls: [],
      logLines: [],
    });
    const ofSession = (id: number) => emulator.trace.records.filter((r) => r.sessionId === id).map((r) => r.kind);
    expect(ofSession(late.id)).toEqual(['limit', 'session.end']);
    expect(ofSession(live.id)).toContain('session.start');
    for (const id of [live.id, late.id]) {
      expect(emulator.trace.records.find((r) => r.sessionId === id && r.kind === 'limit')).toMatchObject({
        limit: 'maxVirtualS',
        detail: expect.stringContaining('30 s'),
      });
      expect(emulator.trace.records.find((r) => r.sessionId === id && r.kind === 'session.end')).toMatchObject({
        finishReason: 'Timeout',
        systemError: false,
      });
    }
    expect(
      emulator
        .sessions()
        .map((s) => s.sessionId)
        .sort(),
    ).toEqual([live.id, late.id].sort());
  });
});

describe("a finished session's context", () => {
  test('no longer reaches the host once its session ends: stashed host-backed functions throw, globals are gone', async () => {
    // The scenario leaves host-backed functions on its Call object, which the host's call leg still
    // references after the session ended; the test reads the leg through the session it captures.
    const started: Session[] = [];
    const start = Session.prototype.start;
    const spy = jest.spyOn(Session.prototype, 'start').mockImplementation(function (this: Session) {
      started.push(this);
      start.call(this);
    });
    const stash = `VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
      VoxEngine.customData('kept');
      e.call.keep = VoxEngine.customData;
      e.call.keepStorage = ApplicationStorage.get;
      e.call.globalType = () => typeof VoxEngine;
      e.call.namespace = VoxEngine;
      VoxEngine.terminate();
    });
    require(Modules.ApplicationStorage);`;
    try {
      await runScenario(stash);
    } finally {
      spy.mockRestore();
    }
    expect(started).toHaveLength(1);
    expect(started[0].state).toBe('ended');
    const call = started[0].legs[0].facade as {
      keep(): unknown;
      keepStorage: unknown;
      globalType(): string;
      state(): unknown;
      namespace: Record<string, unknown>;
    };
    expect(() => call.keep()).toThrow('this session has ended; its context no longer reaches the emulator');
    expect(() => (call.keepStorage as (key: string) => unknown)('k')).toThrow('this session has ended');
    // The Call methods' bridge is cut too, a namespace member not built yet cannot be built, and the
    // globals no longer resolve (their per-session state is gone).
    expect(() => call.state()).toThrow('this session has ended');
    expect(() => call.namespace.callPSTN).toThrow('this session has ended');
    expect(call.globalType()).toBe('undefined');
  });
});

describe('terminate()', () => {
  test('works unbound (setTimeout(VoxEngine.terminate)), twice, and as JSession.close', async () => {
    const unbound = await runScenario(`VoxEngine.addEventListener(AppEvents.Started, () => setTimeout(VoxEngine.terminate, 2000));`, {
      call: null,
    });
    expect(unbound.record).toMatchObject({ finishReason: 'Normal termination', durationS: 2 });
    const jsession = await runScenario(
      `VoxEngine.addEventListener(AppEvents.Started, () => { JSession.close(); VoxEngine.terminate(); });`,
      { call: null },
    );
    expect(jsession.record.finishReason).toBe('Normal termination');
  });

  test('the current callback finishes; timers stop; queued HTTP is dropped; active HTTP finishes; one request in Terminating', async () => {
    const run = await runScenario(
      `VoxEngine.addEventListener(AppEvents.Started, () => {
        setTimeout(() => Logger.write('timer fired'), 10);
        for (let i = 0; i < 4; i++) Net.httpRequest('http://api.test/' + i, (r) => Logger.write('callback ' + i + ' ' + r.code));
        VoxEngine.terminate();
        Logger.write('after terminate');
      });
      VoxEngine.addEventListener(AppEvents.Terminating, () => {
        Logger.write('Terminating');
        Net.httpRequest('http://api.test/final', (r) => Logger.write('final ' + r.code));
        Net.httpRequest('http://api.test/extra', (r) => Logger.write('extra ' + r.code));
      });
      VoxEngine.addEventListener(AppEvents.Terminated, () => Logger.write('Terminated'));`,
      { call: null, options: { http: () => ({ status: 200, delayMs: 300 }) } },
    );
    expect(run.logs).toEqual([
      'after terminate',
      'callback 0 200',
      'callback 1 200',
      'callback 2 200',
      'Terminating',
      'extra 0',
      'final 200',
      'Terminated',
    ]);
    expect(ofKind(run, 'http').filter((r) => r.phase === 'dropped')).toEqual([
      expect.objectContaining({ url: 'http://api.test/3', reason: 'the session is terminating' }),
    ]);
  });
});

describe('errors end the session', () => {
  test.each([
    [
      'a thrown exception in a handler',
      `VoxEngine.addEventListener(AppEvents.Started, () => { throw new Error('boom'); });`,
      'Error: boom',
    ],
    [
      'an unhandled rejection from an async handler',
      `VoxEngine.addEventListener(AppEvents.Started, async () => { await null; throw new TypeError('late'); });`,
      'TypeError: late',
    ],
    [
      'an unhandled rejection of a promise nobody awaited',
      `VoxEngine.addEventListener(AppEvents.Started, () => { (async () => { throw new RangeError('orphan'); })(); });`,
      'RangeError: orphan',
    ],
    [
      'a handler that is not a function',
      `VoxEngine.addEventListener(AppEvents.Started, 42);`,
      'TypeError: Application.Started handler: the handler is not a function (got number)',
    ],
    [
      'a thrown non-Error value',
      `VoxEngine.addEventListener(AppEvents.Started, () => { throw 'plain string'; });`,
      'thrown value: "plain string"',
    ],
  ])('%s', async (_label, code, message) => {
    const run = await runScenario(
      `${code}
      VoxEngine.addEventListener(AppEvents.Terminating, (e) => Logger.write('Terminating systemError=' + e.systemError));`,
      { call: null },
    );
    expect(run.record.finishReason).toBe('JS session error');
    expect(ofKind(run, 'error')[0].message).toBe(message);
    expect(run.logs).toEqual(['Terminating systemError=true']);
  });

  test('awaiting a rejection inside try/catch is handled, also when it rejects in a later callback', async () => {
    const run = await runScenario(
      `require(Modules.ApplicationStorage);
      VoxEngine.addEventListener(AppEvents.Started, async () => {
        try { await Promise.reject(new Error('now')); } catch (e) { Logger.write('caught ' + e.message); }
        try { await new Promise((_, reject) => setTimeout(() => reject(new Error('later')), 10)); } catch (e) { Logger.write('caught ' + e.message); }
        try { await ApplicationStorage.put('', 'x', 1); } catch (e) { Logger.write('caught ' + e.code); }
        VoxEngine.terminate();
      });`,
      { call: null },
    );
    expect(run.logs).toEqual(['caught now', 'caught later', 'caught 496']);
    expect(run.record.finishReason).toBe('Normal termination');
  });

  test('a rejection handled later in the same callback is not an error', async () => {
    const run = await runScenario(
      `VoxEngine.addEventListener(AppEvents.Started, async () => {
        const p = Promise.reject(new Error('handled later'));
        await null;
        p.catch((e) => Logger.write('caught ' + e.message));
        await null;
        VoxEngine.terminate();
      });`,
      { call: null },
    );
    expect(run.logs).toEqual(['caught handled later']);
    expect(run.record.finishReason).toBe('Normal termination');
  });
});
