import { VoxEngineEmulator } from '../../../../src/sandbox/runtime';
import { LiveCommandError, LiveParties } from '../../../../src/sandbox/runtime/live/live-parties';
import { appFor, CALLEE, CALLER, VIRTUAL } from '../helpers';

/**
 * Live parties (src/sandbox/runtime/live/live-parties.ts): a session's caller and far ends driven by
 * commands as the call runs; the configured behaviour decides when nobody does in time.
 */
const SCENARIO = `
VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
  const inbound = e.call;
  inbound.answer();
  inbound.addEventListener(CallEvents.Connected, () => {
    inbound.handleTones(true);
    inbound.say('Press 1 to be connected.');
  });
  inbound.addEventListener(CallEvents.ToneReceived, (t) => {
    if (t.tone !== '1') return;
    const out = VoxEngine.callPSTN('${CALLEE}', e.destination);
    out.addEventListener(CallEvents.Connected, () => VoxEngine.sendMediaBetween(inbound, out));
    out.addEventListener(CallEvents.Failed, (f) => { inbound.say('Failed ' + f.code); });
    out.addEventListener(CallEvents.Disconnected, () => VoxEngine.terminate());
  });
  inbound.addEventListener(CallEvents.Disconnected, () => VoxEngine.terminate());
});
`;

async function liveCall(phones: Record<string, object> = {}, decideWithinS?: number) {
  const emulator = new VoxEngineEmulator({ phones: phones as never });
  const live = new LiveParties();
  emulator.setLiveHooks(live);
  const handle = emulator.startInboundCall(appFor(emulator), [{ name: 'scenario', code: SCENARIO }], { from: CALLER, to: VIRTUAL });
  live.watch(handle.id, { decideWithinS });
  const at = async (s: number) => emulator.advanceTo(emulator.startMs + s * 1000);
  const records = () => emulator.trace.records.filter((r) => r.sessionId === handle.id);
  const events = (callId: string) =>
    records()
      .filter((r) => r.kind === 'event' && r.callId === callId)
      .map((r) => r.name);
  return { emulator, live, handle, at, records, events };
}

describe('live parties', () => {
  test('the caller presses a key, the far end rings until a person answers, then the caller hangs up', async () => {
    const c = await liveCall();
    await c.at(1);
    c.live.press(c.handle.id, '1');
    await c.at(3);
    expect(c.live.farEnds(c.handle.id)).toEqual([{ callId: '1.2', decided: false }]);
    expect(c.events('1.2')).toEqual(['Call.Ringing']);
    await c.at(15); // the default answer after 3 s does not apply: the person has 20 s
    expect(c.events('1.2')).toEqual(['Call.Ringing']);
    c.live.decide(c.handle.id, '1.2', 'answer');
    await c.emulator.runDue();
    expect(c.events('1.2')).toEqual(['Call.Ringing', 'Call.AudioStarted', 'Call.StateChanged', 'Call.Connected']);
    expect(c.emulator.trace.heardBy(CALLER).some((h) => h.kind === 'party' && h.peer === CALLEE)).toBe(true);
    c.live.hangUp(c.handle.id);
    await c.emulator.runUntilIdle();
    const record = await c.handle.done;
    expect(record.calls.map((leg) => [leg.remoteNumber, leg.successful])).toEqual([
      [CALLER, true],
      [CALLEE, true],
    ]);
    expect(
      c
        .records()
        .filter((r) => r.kind === 'party' && r.action === 'press')
        .map((r) => r.digits),
    ).toEqual(['1']);
  });

  test('a busy or rejecting person fails the leg with 486 or 603', async () => {
    for (const [decision, code] of [
      ['busy', 486],
      ['reject', 603],
    ] as const) {
      const c = await liveCall();
      await c.at(1);
      c.live.press(c.handle.id, '1');
      await c.at(2);
      c.live.decide(c.handle.id, '1.2', decision);
      await c.emulator.runDue();
      expect(c.records().find((r) => r.kind === 'event' && r.name === 'Call.Failed')?.payload).toMatchObject({ code });
      expect(() => c.live.decide(c.handle.id, '1.2', 'answer')).toThrow(/no longer ringing/);
    }
  });

  test('when nobody decides in time the configured behaviour applies, with its scripted actions', async () => {
    const c = await liveCall({ [CALLEE]: { answer: { afterS: 2, actions: [{ waitS: 4 }, { hangup: true }] } } }, 5);
    await c.at(1);
    c.live.press(c.handle.id, '1');
    await c.at(3);
    expect(c.events('1.2')).toEqual(['Call.Ringing']);
    await c.emulator.runUntilIdle();
    const record = await c.handle.done;
    expect(record.calls.find((leg) => leg.remoteNumber === CALLEE)).toMatchObject({ successful: true, durationS: 4 });
    expect(c.records().some((r) => r.kind === 'party' && r.action === 'liveDefault')).toBe(true);
    expect(c.live.farEnds(c.handle.id)).toEqual([{ callId: '1.2', decided: true, decidedBy: 'configured' }]);
  });

  test('sessions that are not watched keep their configured far ends', async () => {
    const emulator = new VoxEngineEmulator({ phones: { [CALLEE]: { busy: {} } } });
    emulator.setLiveHooks(new LiveParties());
    const handle = emulator.startInboundCall(appFor(emulator), [{ name: 'scenario', code: SCENARIO }], {
      from: CALLER,
      to: VIRTUAL,
      actions: [{ press: '1' }],
    });
    await emulator.runUntilIdle({ maxVirtualS: 120 });
    await handle.done;
    expect(emulator.trace.records.find((r) => r.kind === 'event' && r.name === 'Call.Failed')?.payload).toMatchObject({ code: 486 });
  });

  test('bad commands name the field', async () => {
    const c = await liveCall();
    expect(() => c.live.press(c.handle.id, '1')).toThrow(LiveCommandError); // not started yet
    await c.at(1);
    expect(() => c.live.press(c.handle.id, '12a')).toThrow(/^digits: must be 1-32 keys/);
    expect(() => c.live.press(99, '1')).toThrow(/^sessionId: no live session 99/);
    expect(() => c.live.decide(c.handle.id, '1.9', 'answer')).toThrow(/^callId: session 1 placed no call "1.9"/);
    expect(() => c.live.decide(c.handle.id, '1.2', 'dance' as never)).toThrow(/^decision: must be one of/);
    expect(() => c.live.watch(2, { decideWithinS: 0 })).toThrow(/^decideWithinS:/);
  });
});
