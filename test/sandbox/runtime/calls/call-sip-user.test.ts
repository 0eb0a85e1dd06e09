/**
 * VoxEngine.callSIP, callUser, forwardCallToSIP and forwardCallToUser (src/sandbox/runtime/calls/
 * call-sip-user.ts): far ends configured by SIP URI and by username behave like PSTN phones, are traced
 * like callPSTN (with their clientType), never trace a SIP password, and honour VI-CallTimeout.
 */
import { CALLER, ofKind, runScenario, VIRTUAL } from '../helpers';

const DESK = 'sip:desk@pbx.example.com';

describe('VoxEngine.callSIP', () => {
  test('reaches the configured SIP far end, which answers, hears the scenario and hangs up; traced with clientType sip and without the password', async () => {
    const run = await runScenario(
      `VoxEngine.addEventListener(AppEvents.Started, () => {
        const c = VoxEngine.callSIP('${DESK}', { callerid: '${VIRTUAL}', displayName: 'Orders', password: 's3cret-pw', authUser: 'voxmask', headers: { 'X-Order': '42' } });
        Logger.write(c.clientType() + ' ' + c.number() + ' ' + c.callerid());
        c.addEventListener(CallEvents.Connected, () => c.say('Order forty-two'));
        c.addEventListener(CallEvents.Disconnected, () => VoxEngine.terminate());
      });`,
      { call: null, options: { sip: { [DESK]: { answer: { afterS: 2, actions: [{ waitS: 5 }, { hangup: true }] } } } } },
    );
    expect(run.logs).toEqual([`sip ${DESK} ${VIRTUAL}`]);
    expect(run.events('1.1')).toEqual([
      'Call.Ringing',
      'Call.AudioStarted',
      'Call.StateChanged',
      'Call.Connected',
      'Call.PlaybackStarted',
      'Call.PlaybackFinished',
      'Call.StateChanged',
      'Call.Disconnected',
    ]);
    expect(ofKind(run, 'call.outbound')).toEqual([
      expect.objectContaining({ number: DESK, callerid: VIRTUAL, clientType: 'sip', displayName: 'Orders', headers: { 'X-Order': '42' } }),
    ]);
    expect(run.emulator.trace.heardBy(DESK).map((h) => h.kind)).toEqual(['tts']);
    expect(run.emulator.trace.callerIdsShownTo(DESK)).toEqual([VIRTUAL]);
    expect(JSON.stringify(run.emulator.trace.toJSON())).not.toContain('s3cret-pw');
    expect(run.record.calls[0]).toMatchObject({ remoteNumber: DESK, successful: true });
  });

  test('the positional form (to, callerid, displayName, …) and forwardCallToSIP: a busy SIP peer fails the call and easyProcess ends the session', async () => {
    const toUri = `sip:${VIRTUAL}@voximplant.com`;
    const run = await runScenario(`VoxEngine.forwardCallToSIP();`, { options: { sip: { [toUri]: { busy: { afterS: 1 } } } } });
    const outbound = ofKind(run, 'call.outbound')[0];
    expect(outbound).toMatchObject({ number: toUri, callerid: CALLER, clientType: 'sip' });
    expect(run.events(outbound.callId as string)).toEqual(['Call.StateChanged', 'Call.Failed']);
    expect(run.record.finishReason).toBe('Normal termination');
  });

  test('refuses what is not a SIP URI, and a caller ID with spaces, naming the argument', async () => {
    const run = await runScenario(
      `VoxEngine.addEventListener(AppEvents.Started, () => {
        for (const use of [() => VoxEngine.callSIP('desk at pbx'), () => VoxEngine.callSIP('${DESK}', { callerid: '+1 555 0100' }), () => VoxEngine.callSIP('${DESK}', { headers: 'X-A' })]) {
          try { use(); Logger.write('no error'); } catch (e) { Logger.write(e.name + ': ' + e.message.split('. ')[0]); }
        }
        VoxEngine.terminate();
      });`,
      { call: null },
    );
    expect(run.logs).toEqual([
      `TypeError: VoxEngine.callSIP: to must be a SIP URI such as 'sip:alice@example.org' (no spaces), got "desk at pbx"`,
      'TypeError: VoxEngine.callSIP: callerid must be a phone number (digits, an optional leading +, no spaces) or the inbound call\'s caller ID, got "+1 555 0100"',
      "TypeError: VoxEngine.callSIP: headers must be an object such as { 'X-Order': '42' }, got string",
    ]);
  });

  test('video and unknown parameters are ignored with a warning each', async () => {
    const run = await runScenario(
      `VoxEngine.addEventListener(AppEvents.Started, () => { VoxEngine.callSIP('${DESK}', { video: true, colour: 'blue' }); VoxEngine.terminate(); });`,
      { call: null },
    );
    expect(ofKind(run, 'warning').map((w) => w.text)).toEqual([
      'VoxEngine.callSIP: video is not emulated; the call goes on as an audio call without it',
      'VoxEngine.callSIP: colour is not a parameter of this method and was ignored',
    ]);
  });
});

describe('VoxEngine.callUser', () => {
  test("reaches the configured user; clientType is 'user'; VI-CallTimeout sets the no-answer limit", async () => {
    const run = await runScenario(
      `VoxEngine.addEventListener(AppEvents.Started, () => {
        const c = VoxEngine.callUser({ username: 'operator-anna', callerid: '${VIRTUAL}', extraHeaders: { 'VI-CallTimeout': '15' } });
        Logger.write(c.clientType() + ' ' + c.number());
        c.addEventListener(CallEvents.Failed, (e) => { Logger.write('failed ' + e.code); VoxEngine.terminate(); });
      });`,
      { call: null, options: { users: { 'operator-anna': { noAnswer: {} } } } },
    );
    expect(run.logs).toEqual(['user operator-anna', 'failed 408']);
    const failed = run.records.find((r) => r.kind === 'event' && r.name === 'Call.Failed')!;
    expect(failed.atMs - run.emulator.startMs).toBe(15_000);
    expect(ofKind(run, 'call.outbound')[0]).toMatchObject({
      number: 'operator-anna',
      clientType: 'user',
      headers: { 'VI-CallTimeout': '15' },
    });
  });

  test('a VI-CallTimeout outside 10–400 s is clamped with a warning', async () => {
    const run = await runScenario(
      `VoxEngine.addEventListener(AppEvents.Started, () => {
        const c = VoxEngine.callUser({ username: 'operator-anna', callerid: '${VIRTUAL}', extraHeaders: { 'VI-CallTimeout': '2' } });
        c.addEventListener(CallEvents.Failed, () => VoxEngine.terminate());
      });`,
      { call: null, options: { users: { 'operator-anna': { noAnswer: {} } } } },
    );
    const failed = run.records.find((r) => r.kind === 'event' && r.name === 'Call.Failed')!;
    expect(failed.atMs - run.emulator.startMs).toBe(10_000);
    expect(ofKind(run, 'warning')[0].text).toContain('VI-CallTimeout 2 s is outside 10–400 s; the emulator uses 10 s');
  });

  test('forwardCallToUser (the positional form): the dialed name is the user; the caller is bridged to the user, who sees the caller ID', async () => {
    const run = await runScenario(`VoxEngine.forwardCallToUser();`, {
      call: { to: 'operator-bob', actions: [{ waitS: 4 }, { hangup: true }] },
      options: { users: { 'operator-bob': { answer: { afterS: 1 } } } },
    });
    expect(ofKind(run, 'call.outbound')[0]).toMatchObject({ number: 'operator-bob', callerid: CALLER, clientType: 'user' });
    expect(run.emulator.trace.heardBy(CALLER).some((h) => h.kind === 'party' && h.peer === 'operator-bob')).toBe(true);
    expect(ofKind(run, 'note').map((n) => n.topic)).toContain('callUserPositional');
  });

  test('refuses a missing username and a placeholder caller ID', async () => {
    const run = await runScenario(
      `VoxEngine.addEventListener(AppEvents.Started, () => {
        for (const use of [() => VoxEngine.callUser({ callerid: '${VIRTUAL}' }), () => VoxEngine.callUser({ username: 'anna', callerid: 'YOUR_CALLER_ID' })]) {
          try { use(); } catch (e) { Logger.write(e.message); }
        }
        VoxEngine.terminate();
      });`,
      { call: null },
    );
    expect(run.logs[0]).toBe('VoxEngine.callUser: username must be the non-empty name of a Voximplant user, got undefined');
    expect(run.logs[1]).toContain("refusing it is the emulator's choice (docs/platform.md#caller-id)");
  });
});
