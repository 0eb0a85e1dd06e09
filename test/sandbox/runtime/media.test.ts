/**
 * The simulated PSTN's media: what each party heard (Trace.heardBy) and which caller ID each phone was
 * shown (Trace.callerIdsShownTo), per docs/platform.md#media-routing ("a call receives only one stream; a new
 * source replaces the old") and docs/platform.md#media-routing.
 */
import { CALLEE, CALLER, ofKind, runScenario, VIRTUAL } from './helpers';

describe('media and what parties hear', () => {
  test('a prompt, then the bridged party; a new say() replaces a running one; the callee sees the virtual number', async () => {
    const run = await runScenario(
      `VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
        e.call.addEventListener(CallEvents.Connected, () => {
          e.call.say('first prompt that gets cut');
          e.call.say('Connecting you');
          const out = VoxEngine.callPSTN('${CALLEE}', e.destination);
          out.addEventListener(CallEvents.Connected, () => VoxEngine.sendMediaBetween(e.call, out));
          out.addEventListener(CallEvents.Disconnected, VoxEngine.terminate);
        });
        e.call.addEventListener(CallEvents.PlaybackFinished, (p) => Logger.write('finished'));
        e.call.answer();
      });`,
      { options: { phones: { [CALLEE]: { answer: { afterS: 5, actions: [{ waitS: 3 }, { hangup: true }] } } } } },
    );
    const heard = run.emulator.trace
      .heardBy(CALLER)
      .map((h) => (h.kind === 'tts' ? h.text : h.kind === 'party' ? `party ${h.peer}` : h.kind));
    expect(heard).toEqual(['first prompt that gets cut', 'Connecting you', `party ${CALLEE}`]);
    expect(run.logs).toEqual(['finished']);
    expect(run.emulator.trace.heardBy(CALLEE)).toEqual([expect.objectContaining({ kind: 'party', peer: CALLER })]);
    expect(run.emulator.trace.callerIdsShownTo(CALLEE)).toEqual([VIRTUAL]);
    expect(run.emulator.trace.callerIdsShownTo(CALLER)).toEqual([]);
  });

  test('waitUntilHeard waits for a prompt to finish; a stopped prompt does not count; the wait times out', async () => {
    const run = await runScenario(
      `VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
        e.call.addEventListener(CallEvents.Connected, () => {
          e.call.handleTones(true);
          e.call.say('Enter the PIN');
          setTimeout(() => e.call.stopPlayback(), 200);
          setTimeout(() => e.call.say('Enter the PIN now'), 10000);
        });
        e.call.addEventListener(CallEvents.ToneReceived, (t) => { Logger.write(t.tone + ' at ' + (Date.now() - Date.parse('2026-01-01T00:00:00Z'))); });
        e.call.addEventListener(CallEvents.Disconnected, VoxEngine.terminate);
        e.call.answer();
      });`,
      {
        call: {
          actions: [
            { waitUntilHeard: 'pin' },
            { press: '1' },
            { waitUntilHeard: 'never said', timeoutS: 5 },
            { press: '2' },
            { hangup: true },
          ],
        },
      },
    );
    // "Enter the PIN now" is 17 characters: 300 + 17 × 70 = 1490 ms, finished at 11490.
    expect(run.logs).toEqual(['1 at 11490', '2 at 16790']);
    expect(ofKind(run, 'party').map((r) => r.action)).toEqual(['heardWaitedText', 'press', 'waitTimedOut', 'press', 'hangup']);
  });

  test('DTMF without handleTones is heard by the bridged party; sendDigits is heard by the party of the call', async () => {
    const run = await runScenario(
      `VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
        const out = VoxEngine.callPSTN('${CALLEE}', e.destination);
        out.addEventListener(CallEvents.Connected, () => { e.call.answer(); VoxEngine.sendMediaBetween(e.call, out); out.sendDigits('12p3'); });
        e.call.addEventListener(CallEvents.Disconnected, VoxEngine.terminate);
      });`,
      {
        call: { actions: [{ waitS: 1 }, { press: '9' }, { waitS: 1 }, { hangup: true }] },
        options: { phones: { [CALLEE]: { answer: { afterS: 1 } } } },
      },
    );
    expect(run.emulator.trace.heardBy(CALLEE).map((h) => (h.kind === 'tone' ? `tone ${h.digits}` : h.kind))).toEqual([
      'tone 123',
      'party',
      'tone 9',
    ]);
  });

  test('an unanswered inbound call in early media hears a prompt; a routed leg is heard only once it is connected', async () => {
    const run = await runScenario(
      `VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
        e.call.startEarlyMedia();
        e.call.say('Please hold');
        const out = VoxEngine.callPSTN('${CALLEE}', e.destination);
        out.sendMediaTo(e.call);
        out.addEventListener(CallEvents.Connected, () => { e.call.answer(); setTimeout(VoxEngine.terminate, 1000); });
      });`,
      { options: { phones: { [CALLEE]: { answer: { afterS: 4 } } } } },
    );
    const heard = run.emulator.trace.heardBy(CALLER);
    expect(heard.map((h) => h.kind)).toEqual(['tts', 'party']);
    expect(heard[1].atMs - run.emulator.trace.startMs).toBe(4000);
    expect(run.emulator.trace.heardBy(CALLEE)).toEqual([]);
  });

  test('say() before the call is answered ends with PlaybackFinished { error } and nothing is heard', async () => {
    const run = await runScenario(`
      VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
        e.call.addEventListener(CallEvents.PlaybackFinished, (p) => { Logger.write('error: ' + p.error); VoxEngine.terminate(); });
        e.call.say('too early');
      });`);
    expect(run.logs).toEqual(['error: The call is not connected']);
    expect(run.emulator.trace.heardBy(CALLER)).toEqual([]);
    expect(ofKind(run, 'note').map((r) => r.topic)).toContain('playbackNotConnected');
  });

  test('answer() headers and display name are recorded for privacy checks', async () => {
    const run = await runScenario(`
      VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
        e.call.answer({ 'X-Order': '4711' }, { displayName: 'Courier service' });
        VoxEngine.terminate();
      });`);
    expect(ofKind(run, 'api').find((r) => r.name === 'Call.answer')).toMatchObject({
      headers: { 'X-Order': '4711' },
      displayName: 'Courier service',
    });
  });
});

describe('progress tones', () => {
  test('playProgressTone in early media is heard until the bridge replaces it; no Playback events', async () => {
    const run = await runScenario(
      `VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
        e.call.addEventListener(CallEvents.PlaybackStarted, () => Logger.write('PlaybackStarted'));
        e.call.startEarlyMedia();
        e.call.playProgressTone('RU');
        const out = VoxEngine.callPSTN('${CALLEE}', e.destination);
        out.addEventListener(CallEvents.Connected, () => { e.call.answer(); VoxEngine.sendMediaBetween(e.call, out); setTimeout(VoxEngine.terminate, 1000); });
      });`,
      { options: { phones: { [CALLEE]: { answer: { afterS: 2 } } } } },
    );
    expect(run.emulator.trace.heardBy(CALLER).map((h) => (h.kind === 'url' ? h.url : h.kind))).toEqual(['progress-tone:RU', 'party']);
    expect(run.logs).toEqual([]);
  });
});
