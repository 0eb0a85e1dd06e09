/**
 * The emulator's session links and access-URL requests (src/sandbox/runtime/emulator.ts
 * deliverHttpRequest, AppEvents.Started): what a listener returns becomes the answer, a request reaches
 * a session only while it runs and never before its Started event, and Started reports the account and
 * the links the caller gave (platform-shaped ones, with a note, otherwise).
 */
import { EmulatorUsageError, VoxEngineEmulator } from '../../../src/sandbox/runtime';
import { appFor } from './helpers';

const REQUEST = { method: 'POST', path: '/request/1/00000000000000aa?x=1', content: '{"cancel":true}', headers: { 'X-Request-Id': 'r-1' } };

function start(code: string, opts: { links?: { accessURL: string; accessSecureURL: string; logURL: string }; accountId?: number } = {}) {
  const emulator = new VoxEngineEmulator();
  const app = { ...appFor(emulator), ...(opts.accountId ? { accountId: opts.accountId } : {}) };
  const handle = emulator.startSession(app, [{ name: 'click', code }], { customData: 'order-7', links: opts.links });
  return { emulator, handle };
}

const notes = (emulator: VoxEngineEmulator) => emulator.trace.records.filter((r) => r.kind === 'note').map((r) => r.topic);

describe('access-URL requests (AppEvents.HttpRequest)', () => {
  test('the listener gets method, path, content and X- headers as { key, value } pairs; a string it returns is the text answer', async () => {
    const { emulator, handle } = start(`
      VoxEngine.addEventListener(AppEvents.HttpRequest, (e) => {
        Logger.write([e.name, e.method, e.path, e.content, Array.isArray(e.headers), JSON.stringify(e.headers)].join(' | '));
        return 'OK';
      });`);
    const answer = emulator.deliverHttpRequest(handle.id, REQUEST);
    await emulator.runDue();
    expect(await answer).toEqual({ delivered: true, contentType: 'text/plain; charset=utf-8', body: 'OK' });
    expect(emulator.trace.logLines(handle.id)).toEqual([
      'Application.HttpRequest | POST | /request/1/00000000000000aa?x=1 | {"cancel":true} | true | [{"key":"X-Request-Id","value":"r-1"}]',
    ]);
    expect(notes(emulator)).toContain('httpRequestAnswer');
    await emulator.runUntilIdle();
  });

  test.each([
    ['an object, as JSON', `return { ok: true, n: 2 };`, { contentType: 'application/json', body: '{"ok":true,"n":2}' }, undefined],
    ['a number, as text', `return 42;`, { contentType: 'text/plain; charset=utf-8', body: '42' }, undefined],
    ['nothing, as an empty body', `Logger.write('x');`, { contentType: 'text/plain; charset=utf-8', body: '' }, undefined],
    [
      'a Promise (an async listener), as what it resolves to, with a note',
      `return Promise.resolve('late');`,
      { contentType: 'text/plain; charset=utf-8', body: 'late' },
      'httpRequestPromise',
    ],
  ])('a listener returning %s', async (_what, body, expected, note) => {
    const { emulator, handle } = start(`VoxEngine.addEventListener(AppEvents.HttpRequest, (e) => { ${body} });`);
    const answer = emulator.deliverHttpRequest(handle.id, REQUEST);
    await emulator.runDue();
    expect(await answer).toEqual({ delivered: true, ...expected });
    if (note) expect(notes(emulator)).toContain(note);
    await emulator.runUntilIdle();
  });

  test('an async listener that awaits ApplicationStorage is answered once it resolves; one that rejects ends the session with JS session error', async () => {
    const { emulator, handle } = start(`
      require(Modules.ApplicationStorage);
      VoxEngine.addEventListener(AppEvents.HttpRequest, async (e) => {
        if (e.content === 'boom') throw new Error('boom');
        await ApplicationStorage.put('cancelled', e.content, 60);
        return { cancelled: (await ApplicationStorage.get('cancelled')).value };
      });`);
    const first = emulator.deliverHttpRequest(handle.id, { ...REQUEST, content: 'order-7' });
    await emulator.advanceTo(emulator.now() + 1000);
    expect(await first).toEqual({ delivered: true, contentType: 'application/json', body: '{"cancelled":"order-7"}' });
    const failing = emulator.deliverHttpRequest(handle.id, { ...REQUEST, content: 'boom' });
    await emulator.runUntilIdle();
    expect(await failing).toEqual({ delivered: false, reason: 'the HttpRequest listener failed' });
    expect((await handle.done).finishReason).toBe('JS session error');
    expect(emulator.trace.records.filter((r) => r.kind === 'error')).toHaveLength(1);
  });

  test('without a listener the answer is empty and the trace says so', async () => {
    const { emulator, handle } = start(`Logger.write('no listener');`);
    const answer = emulator.deliverHttpRequest(handle.id, REQUEST);
    await emulator.runDue();
    expect(await answer).toEqual({ delivered: true, contentType: 'text/plain; charset=utf-8', body: '' });
    expect(notes(emulator)).toContain('httpRequestNoListener');
    await emulator.runUntilIdle();
  });

  test('a request made before the session started is delivered after Started; a listener that terminates ends the session; then requests are not delivered', async () => {
    const { emulator, handle } = start(`
      VoxEngine.addEventListener(AppEvents.Started, () => Logger.write('started'));
      VoxEngine.addEventListener(AppEvents.HttpRequest, (e) => { Logger.write('request ' + e.content); VoxEngine.terminate(); return 'bye'; });`);
    const early = emulator.deliverHttpRequest(handle.id, { ...REQUEST, content: 'cancel' });
    await emulator.runDue();
    expect(await early).toMatchObject({ delivered: true, body: 'bye' });
    expect(emulator.trace.logLines(handle.id)).toEqual(['started', 'request cancel']);
    await emulator.runUntilIdle();
    expect((await handle.done).finishReason).toBe('Normal termination');
    expect(await emulator.deliverHttpRequest(handle.id, REQUEST)).toEqual({ delivered: false, reason: `no live session ${handle.id}` });
    expect(await emulator.deliverHttpRequest(99, REQUEST)).toMatchObject({ delivered: false });
  });

  test('a request queued before Started is not delivered when Started ends the session, nor when the session never starts', async () => {
    const { emulator, handle } = start(`VoxEngine.addEventListener(AppEvents.Started, () => VoxEngine.terminate());`);
    const queued = emulator.deliverHttpRequest(handle.id, REQUEST);
    await emulator.runUntilIdle();
    expect(await queued).toEqual({ delivered: false, reason: 'the session has ended or is ending' });

    const later = new VoxEngineEmulator();
    const call = later.startInboundCall(appFor(later), [{ name: 's', code: '' }], { from: '+15550000001', to: '+15550000100', atS: 100 });
    const waiting = later.deliverHttpRequest(call.id, REQUEST);
    await later.runUntilIdle({ maxVirtualS: 10 });
    expect(await waiting).toEqual({ delivered: false, reason: 'the session ended' });
  });

  test('a malformed request is refused naming the field', () => {
    const { emulator, handle } = start('');
    expect(() => emulator.deliverHttpRequest(handle.id, { ...REQUEST, path: 'request/1' })).toThrow(EmulatorUsageError);
    expect(() => emulator.deliverHttpRequest(handle.id, { ...REQUEST, headers: { 'X-A': 1 } } as never)).toThrow(
      /request\.headers\["X-A"\]/,
    );
  });
});

describe('AppEvents.Started', () => {
  const logStarted = `VoxEngine.addEventListener(AppEvents.Started, (e) => { Logger.write(JSON.stringify(e)); VoxEngine.terminate(); });`;

  test("reports the application context's account and the links given at start", async () => {
    const links = {
      accessURL: 'https://127.0.0.1:4443/request/5/00000000000000aa',
      accessSecureURL: 'https://127.0.0.1:4443/request/5/00000000000000aa',
      logURL: 'https://127.0.0.1:4443/_sandbox/logs/5',
    };
    const { emulator, handle } = start(logStarted, { links, accountId: 9383160 });
    await emulator.runUntilIdle();
    expect(JSON.parse(emulator.trace.logLines(handle.id)[0])).toEqual({
      name: 'Application.Started',
      ...links,
      accountId: 9383160,
      applicationId: 7,
      sessionId: handle.id,
    });
    expect(notes(emulator)).not.toContain('sessionLinks');
  });

  test('without links: platform-shaped URLs with a port, and a note that nothing serves them', async () => {
    const { emulator, handle } = start(logStarted);
    await emulator.runUntilIdle();
    const started = JSON.parse(emulator.trace.logLines(handle.id)[0]) as Record<string, string>;
    expect(started.accessURL).toBe('http://127.0.0.1:12092/request/1/emulator-session-1');
    expect(started.logURL).toMatch(/^https:\/\/127\.0\.0\.1:12092\//);
    expect(notes(emulator)).toContain('sessionLinks');
  });

  test('links without a URL are refused', () => {
    expect(() => start('', { links: { accessURL: '', accessSecureURL: 'x', logURL: 'y' } })).toThrow(
      /opts\.links\.accessURL: must be a non-empty URL string/,
    );
  });
});
