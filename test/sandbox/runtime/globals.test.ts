/**
 * The VoxEngine globals as scenario code sees them (docs/platform.md#globals, docs/platform.md#voices): enum values,
 * module gating, not-emulated APIs, Date on the virtual clock in UTC, utilities, voices, logging.
 */
import { VoxEngineEmulator } from '../../../src/sandbox/runtime';
import { compileScenario } from '../../../src/sandbox/runtime/engine/scripts';
import { appFor, ofKind, runScenario } from './helpers';

async function logsOf(body: string, opts: Parameters<typeof runScenario>[1] = {}): Promise<string[]> {
  const run = await runScenario(`VoxEngine.addEventListener(AppEvents.Started, () => { ${body}\n VoxEngine.terminate(); });`, {
    call: null,
    ...opts,
  });
  if (run.record.finishReason !== 'Normal termination') throw new Error(JSON.stringify(ofKind(run, 'error')));
  return run.logs;
}

describe('globals', () => {
  test('event enums carry the platform strings; enums are frozen', async () => {
    expect(
      await logsOf(`
        Logger.write([AppEvents.Started, AppEvents.CallAlerting, AppEvents.WebSocket, CallEvents.Connected, CallEvents.PlaybackFinished, PlayerEvents.Started].join(','));
        Logger.write([Modules.ApplicationStorage, DTMFType.TELEPHONE_EVENT, RecordExpireTime.ONEYEAR, Object.isFrozen(CallEvents)].join(','));`),
    ).toEqual([
      'Application.Started,Application.CallAlerting,AppEvents.NewWebSocketConnection,Call.Connected,Call.PlaybackFinished,Player.Started',
      'applicationstorage,1,-1y,true',
    ]);
  });

  test('ApplicationStorage exists only after require(Modules.ApplicationStorage); other modules are not emulated', async () => {
    expect(
      await logsOf(`
        Logger.write('before: ' + typeof ApplicationStorage);
        require(Modules.ApplicationStorage);
        Logger.write('after: ' + typeof ApplicationStorage.get);
        try { require(Modules.Conference); } catch (e) { Logger.write(e.message); }`),
    ).toEqual(['before: undefined', 'after: function', 'Modules.Conference is not emulated']);
  });

  test('Call is a class of the context: its objects come only from the platform, its methods live on Call.prototype', async () => {
    const run = await runScenario(`
      VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
        const call = e.call;
        Logger.write([typeof Call, call instanceof Call, Object.getPrototypeOf(call) === Call.prototype, Call.prototype.constructor === Call].join(','));
        Logger.write([typeof call.answer, call.answer.constructor === Function, Object.keys(Call.prototype).length, 'answer' in call, call.hasOwnProperty('answer')].join(','));
        for (const use of [() => new Call(), () => Call(), () => call.answerDirect(), () => Call.prototype.answer.call({})]) {
          try { use(); Logger.write('no error'); } catch (e) { Logger.write(e.constructor.name + ': ' + e.message); }
        }
        VoxEngine.terminate();
      });`);
    expect(run.record.finishReason).toBe('Normal termination');
    expect(run.logs.slice(0, 2)).toEqual(['function,true,true,true', 'function,true,0,true,false']);
    expect(run.logs[2]).toBe('TypeError: Call objects come from AppEvents.CallAlerting and VoxEngine.callPSTN; they cannot be constructed');
    expect(run.logs[3]).toMatch(/^TypeError: Class constructor Call cannot be invoked without 'new'/);
    expect(run.logs[4]).toBe('Error: Call.answerDirect is not emulated');
    expect(run.logs[5]).toBe('TypeError: Call.answer: expected a Call of this session');
  });

  test('call events carry the Call and its id; application events carry neither', async () => {
    const run = await runScenario(`
      VoxEngine.addEventListener(AppEvents.Started, (s) => Logger.write(['Started', 'call' in s, 'id' in s, s.name].join(',')));
      VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
        const call = e.call;
        call.addEventListener(CallEvents.Connected, (c) => {
          Logger.write([c.name, c.call === call, c.id === call.id(), Object.keys(c).slice(0, 3).join('|'), Object.getPrototypeOf(c) === Object.prototype].join(','));
          VoxEngine.terminate();
        });
        call.answer();
      });`);
    expect(run.logs).toEqual(['Started,false,false,Application.Started', 'Call.Connected,true,true,call|name|id,true']);
  });

  test('the same source run under two scenario names is compiled per name: stack traces name each file', async () => {
    const emulator = new VoxEngineEmulator();
    const code = "Logger.write(new Error('where').stack.split('\\n')[1].trim());";
    const handle = emulator.startSession(appFor(emulator), [
      { name: 'first', code },
      { name: 'second', code },
    ]);
    await emulator.runUntilIdle();
    const logs = (await handle.done).logLines;
    expect(logs).toHaveLength(2);
    expect(logs[0]).toMatch(/first\.js:1:/);
    expect(logs[1]).toMatch(/second\.js:1:/);
  });

  test('bad Net options throw a TypeError naming the option, connectionTimeout included', async () => {
    expect(
      await logsOf(`
        for (const options of [{ method: 'GET /x' }, { timeout: -1 }, { connectionTimeout: 0 }, { connectionTimeout: 'soon' }, { params: 'a=b' }]) {
          try { Net.httpRequestAsync('http://api.test/x', options); Logger.write('accepted'); } catch (e) { Logger.write(e.name + ' ' + e.message.split(':')[0]); }
        }`),
    ).toEqual([
      'TypeError Net.HttpRequestOptions.method',
      'TypeError Net.HttpRequestOptions.timeout',
      'TypeError Net.HttpRequestOptions.connectionTimeout',
      'TypeError Net.HttpRequestOptions.connectionTimeout',
      'TypeError Net.HttpRequestOptions.params',
    ]);
  });

  test('a scenario is compiled once per name and source, a compile error included (engine/scripts.ts)', () => {
    const code = `Logger.write('cached ${Date.now()}');`;
    const first = compileScenario('cached', code);
    expect(compileScenario('cached', code)).toBe(first);
    expect(compileScenario('other', code)).not.toBe(first);
    const broken = compileScenario('broken', 'export const x = 1;');
    expect(broken).toMatchObject({ ok: false, error: { name: 'SyntaxError' } });
    expect(compileScenario('broken', 'export const x = 1;')).toBe(broken);
  });

  test('APIs the emulator does not implement throw an error naming them instead of returning undefined', async () => {
    expect(
      await logsOf(`
        for (const use of [() => VoxEngine.createConference(), () => VoxEngine.callUserDirect(), () => PhoneNumber.getInfo('+1'), () => VoiceList.Microsoft.Neural, () => Net.sendMail()]) {
          try { use(); Logger.write('no error'); } catch (e) { Logger.write(e.message); }
        }`),
    ).toEqual([
      'VoxEngine.createConference is not emulated',
      'VoxEngine.callUserDirect is not emulated',
      'PhoneNumber.getInfo is not emulated',
      'VoiceList.Microsoft.Neural is not emulated',
      'Net.sendMail is not emulated',
    ]);
    const call = await runScenario(
      `VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => { try { e.call.transferTo(); } catch (err) { Logger.write(err.message); } VoxEngine.terminate(); });`,
    );
    expect(call.logs).toEqual(['Call.transferTo is not emulated']);
  });

  test('Date follows the virtual clock in UTC; local-time methods read UTC', async () => {
    expect(
      await logsOf(
        `
        const d = new Date();
        Logger.write(d.toISOString() + ' ' + Date.now() + ' ' + d.getHours() + ' ' + d.getTimezoneOffset());
        Logger.write(new Date(2026, 4, 1, 12, 30).toISOString() + ' ' + new Date('2026-05-01T12:30:00').toISOString());
        Logger.write(String(d) + ' | ' + Date().slice(0, 15) + ' | ' + (d instanceof Date));
        Logger.write(getLocalTime('Europe/Berlin', d).getHours() + ' ' + getLocalTime('America/New_York').getHours());`,
        { options: { startTime: '2026-07-15T21:45:10Z' } },
      ),
    ).toEqual([
      `2026-07-15T21:45:10.000Z ${Date.parse('2026-07-15T21:45:10Z')} 21 0`,
      '2026-05-01T12:30:00.000Z 2026-05-01T12:30:00.000Z',
      'Wed Jul 15 2026 21:45:10 GMT+0000 (Coordinated Universal Time) | Wed Jul 15 2026 | true',
      '23 17',
    ]);
  });

  test('Crypto digests are lowercase hex; base64 and byte helpers round-trip UTF-8', async () => {
    expect(
      await logsOf(`
        Logger.write([Crypto.md5('abc'), Crypto.sha1('abc').slice(0, 8), Crypto.sha256('abc').slice(0, 8), Crypto.hmac_sha256('key', 'msg').slice(0, 8)].join(' '));
        const b = base64_encode('Grüße');
        Logger.write(b + ' ' + bytes2str(base64_decode(b)) + ' ' + Array.isArray(base64_decode(b)) + ' ' + bytes2hex(str2bytes('A'), true) + ' ' + hex2bytes('0aff').join(','));
        Logger.write(levenshtein_distance('kitten', 'sitting') + ' ' + /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(uuidgen()));`),
    ).toEqual(['900150983cd24fb0d6963f7d28e17f72 a9993e36 ba7816bf 2d93cbc1', 'R3LDvMOfZQ== Grüße true 41 10,255', '3 true']);
  });

  test('VoiceList leaves are frozen { provider, name }; a misspelled voice is undefined; Language exists', async () => {
    expect(
      await logsOf(`
        const v = VoiceList.Amazon.en_US_Joanna;
        Logger.write(JSON.stringify(v) + ' ' + Object.isFrozen(v) + ' ' + (v === VoiceList.Amazon.en_US_Joanna));
        Logger.write([typeof VoiceList.Amazon.en_US_Joana, VoiceList.Default.en_US_Female.provider, VoiceList.Amazon.ru_RU_Tatyana.name, VoiceList.Google.en_US_Wavenet_A.provider, 'en_GB_Amy' in VoiceList.Amazon].join(' '));
        Logger.write(Object.keys(VoiceList.Amazon).length + ' ' + Object.keys(VoiceList.Amazon.Neural).length + ' ' + Object.keys(VoiceList.Default).length + ' ' + Language.US_ENGLISH_FEMALE.provider);`),
    ).toEqual([
      '{"provider":"Amazon","name":"en_US_Joanna"} true true',
      'undefined Default ru_RU_Tatyana Google true',
      '61 63 27 Language',
    ]);
  });

  test('console and Logger write to the same session log; getSecretValue reads secrets (undefined when missing)', async () => {
    const run = await runScenario(
      `VoxEngine.addEventListener(AppEvents.Started, () => {
        console.log('a', 1, { b: [2] });
        console.error(new TypeError('bad'));
        Logger.write({ pin: 'masked' });
        Logger.write(String(VoxEngine.getSecretValue('TOKEN')) + ' ' + VoxEngine.getSecretValue('MISSING'));
        VoxEngine.terminate();
      });`,
      { call: null, before: (app) => Object.assign(app.secrets, { TOKEN: 't0k' }) },
    );
    expect(run.logs).toEqual(['a 1 {"b":[2]}', 'TypeError: bad', '{"pin":"masked"}', 't0k undefined']);
    expect(ofKind(run, 'log').map((r) => r.source)).toEqual(['console.log', 'console.error', 'Logger.write', 'Logger.write']);
    expect(JSON.stringify(ofKind(run, 'api'))).not.toContain('t0k');
  });

  test('errors from emulator APIs are errors of the scenario realm', async () => {
    expect(
      await logsOf(`
        try { VoxEngine.callPSTN(42, '+1'); } catch (e) { Logger.write((e instanceof TypeError) + ' ' + e.message); }
        try { setTimeout('code', 10); } catch (e) { Logger.write((e instanceof Error) + ' ' + e.name); }`),
    ).toEqual(['true VoxEngine.callPSTN: number must be a non-empty string (E.164), got 42', 'true TypeError']);
  });

  test('customData of a StartScenarios session; Started carries session and application ids', async () => {
    const run = await runScenario(
      `VoxEngine.addEventListener(AppEvents.Started, (e) => { Logger.write(VoxEngine.customData() + ' ' + e.sessionId + ' ' + e.applicationId + ' ' + /^http:\\/\\//.test(e.accessURL)); VoxEngine.terminate(); });`,
      { call: null, customData: '{"order":"4711"}' },
    );
    expect(run.logs).toEqual([`{"order":"4711"} ${run.record.sessionId} 7 true`]);
  });
});

describe('module globals', () => {
  test('ApplicationStorage has the not-emulated guard and the members like other namespaces', async () => {
    const run = await runScenario(
      `require(Modules.ApplicationStorage);
      VoxEngine.addEventListener(AppEvents.Started, () => {
        Logger.write(typeof ApplicationStorage.put + ' ' + typeof ApplicationStorage.nothing + ' ' + ('get' in ApplicationStorage));
        require(Modules.ApplicationStorage);
        VoxEngine.terminate();
      });`,
      { call: null },
    );
    expect(run.logs).toEqual(['function undefined true']);
    expect(run.record.finishReason).toBe('Normal termination');
  });
});
