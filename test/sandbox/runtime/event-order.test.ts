/**
 * The event sequences of docs/platform.md#event-order, each driven by a plain-JavaScript scenario
 * that records what it sees with Logger.write.
 */
import { CALLEE, CALLER, runScenario, ofKind, VIRTUAL } from './helpers';

/** A scenario prelude that logs every event it receives as "<ms> <event name> <details>". */
const RECORDER = `
const T0 = Date.now();
function rec(name, extra) { Logger.write((Date.now() - T0) + ' ' + name + (extra ? ' ' + extra : '')); }
function watch(call, label) {
  Object.keys(CallEvents).forEach((k) => call.addEventListener(CallEvents[k], (e) => {
    const bits = [];
    if (e.code !== undefined) bits.push('code=' + e.code);
    if (e.internalCode !== undefined) bits.push('internalCode=' + e.internalCode);
    if (e.tone !== undefined) bits.push('tone=' + e.tone);
    if (e.newState !== undefined) bits.push(e.oldState + '>' + e.newState);
    if (e.error !== undefined) bits.push('error');
    rec(label + ':' + e.name.replace('Call.', ''), bits.join(' '));
  }));
}
[AppEvents.Started, AppEvents.CallAlerting, AppEvents.Terminating, AppEvents.Terminated].forEach((n) =>
  VoxEngine.addEventListener(n, (e) => rec(n.replace('Application.', ''), e.systemError ? 'systemError' : '')));
`;

/** Just the event names of the log lines (drops the time and details). */
function names(lines: string[]): string[] {
  return lines.map((l) => l.split(' ')[1]);
}

describe('event order (docs/platform.md#event-order)', () => {
  test('A: inbound, answered, prompt, DTMF, caller hangs up; record stops after Disconnected; 60 s later the session ends', async () => {
    const run = await runScenario(
      `${RECORDER}
      VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
        watch(e.call, 'in');
        e.call.addEventListener(CallEvents.Connected, () => {
          e.call.record({});
          e.call.handleTones(true);
          e.call.say('Enter your PIN');
        });
        e.call.answer();
      });`,
      { call: { actions: [{ waitUntilHeard: 'pin' }, { press: '12' }, { hangup: true }] } },
    );
    expect(names(run.logs)).toEqual([
      'Started',
      'CallAlerting',
      'in:StateChanged',
      'in:Connected',
      'in:RecordStarted',
      'in:PlaybackStarted',
      'in:PlaybackFinished',
      'in:ToneReceived',
      'in:ToneReceived',
      'in:StateChanged',
      'in:Disconnected',
      'in:RecordStopped',
      'Terminating',
      'Terminated',
    ]);
    const disconnectedAt = Number(run.logs.find((l) => l.includes('in:Disconnected'))!.split(' ')[0]);
    const terminatingAt = Number(run.logs.find((l) => l.includes(' Terminating'))!.split(' ')[0]);
    expect(terminatingAt - disconnectedAt).toBe(60_000);
    expect(run.logs.find((l) => l.includes('in:Disconnected'))).toContain('internalCode=200');
    expect(run.record.finishReason).toBe('Timeout');
    expect(run.record.records).toHaveLength(1);
    expect(run.record.records[0].recordUrl).toMatch(/^https:\/\/.+\.mp3$/);
    expect(run.record.calls[0]).toMatchObject({ incoming: true, remoteNumber: CALLER, localNumber: VIRTUAL, successful: true });
  });

  test('B: the scenario hangs up an answered call; reject() before answering disconnects at once', async () => {
    const hangup = await runScenario(
      `${RECORDER}
      VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
        watch(e.call, 'in');
        e.call.addEventListener(CallEvents.Connected, () => setTimeout(() => e.call.hangup(), 2000));
        e.call.addEventListener(CallEvents.Disconnected, () => VoxEngine.terminate());
        e.call.answer();
      });`,
    );
    expect(names(hangup.logs)).toEqual([
      'Started',
      'CallAlerting',
      'in:StateChanged',
      'in:Connected',
      'in:StateChanged',
      'in:Disconnected',
      'Terminating',
      'Terminated',
    ]);
    expect(hangup.record.finishReason).toBe('Normal termination');

    const reject = await runScenario(
      `${RECORDER}
      VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
        watch(e.call, 'in');
        e.call.addEventListener(CallEvents.Disconnected, () => VoxEngine.terminate());
        e.call.reject(486);
      });`,
    );
    expect(names(reject.logs)).toEqual(['Started', 'CallAlerting', 'in:StateChanged', 'in:Disconnected', 'Terminating', 'Terminated']);
    expect(reject.logs.find((l) => l.includes('in:Disconnected'))).toMatch(/^0 .*internalCode=486/);
    expect(reject.record.calls[0].successful).toBe(false);
  });

  test('C: an inbound call never answered is disconnected after 60 s (408); a caller who gives up gets 487', async () => {
    const scenario = `${RECORDER}
      VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
        watch(e.call, 'in');
        e.call.addEventListener(CallEvents.Disconnected, () => VoxEngine.terminate());
      });`;
    const never = await runScenario(scenario);
    const line = never.logs.find((l) => l.includes('in:Disconnected'))!;
    expect(line).toMatch(/^60000 .*internalCode=408/);
    const abandoned = await runScenario(scenario, { call: { abandonAfterS: 7 } });
    expect(abandoned.logs.find((l) => l.includes('in:Disconnected'))).toMatch(/^7000 .*internalCode=487/);
    expect(ofKind(abandoned, 'note').map((n) => n.topic)).toContain('inboundAbandon');
  });

  test('D: outbound callPSTN answered: PROGRESSING at once, then Ringing → AudioStarted → Connected, later Disconnected', async () => {
    const run = await runScenario(
      `${RECORDER}
      VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
        const out = VoxEngine.callPSTN('${CALLEE}', '${VIRTUAL}');
        Logger.write('state right after callPSTN: ' + out.state());
        watch(out, 'out');
        out.addEventListener(CallEvents.Disconnected, () => VoxEngine.terminate());
      });`,
      { options: { phones: { [CALLEE]: { answer: { afterS: 4, actions: [{ waitS: 10 }, { hangup: true }] } } } } },
    );
    expect(run.logs[2]).toBe('state right after callPSTN: PROGRESSING');
    expect(names(run.logs.slice(3))).toEqual([
      'out:Ringing',
      'out:AudioStarted',
      'out:StateChanged',
      'out:Connected',
      'out:StateChanged',
      'out:Disconnected',
      'Terminating',
      'Terminated',
    ]);
    expect(run.logs.find((l) => l.includes('out:Connected'))).toMatch(/^4000 /);
    expect(run.logs.find((l) => l.includes('out:Disconnected'))).toMatch(/^14000 .*internalCode=200/);
  });

  test.each([
    ['busy', { busy: {} }, 486, 1000, false],
    ['reject', { reject: {} }, 603, 2000, true],
    ['noAnswer', { noAnswer: {} }, 408, 60000, true],
    ['unreachable', { unreachable: {} }, 480, 0, false],
    ['invalidNumber', { invalidNumber: {} }, 404, 0, false],
  ] as const)('E: outbound %s → Failed %i, never Disconnected', async (_kind, behaviour, code, atMs, rings) => {
    const run = await runScenario(
      `${RECORDER}
      VoxEngine.addEventListener(AppEvents.CallAlerting, () => {
        const out = VoxEngine.callPSTN('${CALLEE}', '${VIRTUAL}');
        watch(out, 'out');
        out.addEventListener(CallEvents.Failed, () => setTimeout(VoxEngine.terminate, 5000));
      });`,
      { options: { phones: { [CALLEE]: behaviour } } },
    );
    const outEvents = names(run.logs).filter((n) => n.startsWith('out:'));
    expect(outEvents).toEqual([...(rings ? ['out:Ringing'] : []), 'out:StateChanged', 'out:Failed']);
    expect(run.logs.find((l) => l.includes('out:Failed'))).toBe(`${atMs} out:Failed code=${code}`);
  });

  test('E: hangup() on a ringing outbound call gives Failed 487', async () => {
    const run = await runScenario(
      `${RECORDER}
      VoxEngine.addEventListener(AppEvents.CallAlerting, () => {
        const out = VoxEngine.callPSTN('${CALLEE}', '${VIRTUAL}');
        watch(out, 'out');
        out.addEventListener(CallEvents.Ringing, () => out.hangup());
        out.addEventListener(CallEvents.Failed, () => VoxEngine.terminate());
      });`,
      { options: { phones: { [CALLEE]: { noAnswer: {} } } } },
    );
    expect(names(run.logs).filter((n) => n.startsWith('out:'))).toEqual(['out:Ringing', 'out:StateChanged', 'out:Failed']);
    expect(run.logs.find((l) => l.includes('out:Failed'))).toContain('code=487');
  });

  test('F: after terminate() no call event fires, only Terminating then Terminated', async () => {
    const run = await runScenario(
      `${RECORDER}
      VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
        watch(e.call, 'in');
        e.call.addEventListener(CallEvents.Connected, () => {
          e.call.say('a long prompt that is still playing when the session ends');
          e.call.hangup();
          VoxEngine.terminate();
          VoxEngine.terminate();
          rec('after terminate');
        });
        e.call.answer();
      });`,
    );
    expect(names(run.logs)).toEqual(['Started', 'CallAlerting', 'in:StateChanged', 'in:Connected', 'after', 'Terminating', 'Terminated']);
    expect(
      run.records.filter(
        (r) =>
          r.kind === 'event' &&
          String(r.name).startsWith('Call.') &&
          Number(r.seq) > Number(run.records.find((x) => x.name === 'VoxEngine.terminate')!.seq),
      ),
    ).toEqual([]);
  });

  test('G: a bridge does not hang up the other leg when one ends; easyProcess closes the session', async () => {
    const manual = await runScenario(
      `${RECORDER}
      VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
        watch(e.call, 'in');
        const out = VoxEngine.callPSTN('${CALLEE}', '${VIRTUAL}');
        watch(out, 'out');
        out.addEventListener(CallEvents.Connected, () => { e.call.answer(); VoxEngine.sendMediaBetween(e.call, out); });
        out.addEventListener(CallEvents.Disconnected, () => setTimeout(() => { rec('inbound still ' + e.call.state()); VoxEngine.terminate(); }, 1000));
      });`,
      { options: { phones: { [CALLEE]: { answer: { afterS: 1, actions: [{ waitS: 5 }, { hangup: true }] } } } } },
    );
    expect(manual.logs).toContain('7000 inbound still CONNECTED');
    expect(names(manual.logs).filter((n) => n === 'in:Disconnected')).toEqual([]);

    const easy = await runScenario(
      `${RECORDER}
      VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
        watch(e.call, 'in');
        const out = VoxEngine.callPSTN('${CALLEE}', '${VIRTUAL}');
        VoxEngine.easyProcess(e.call, out, () => rec('established'));
      });`,
      { options: { phones: { [CALLEE]: { answer: { afterS: 2, actions: [{ waitS: 5 }, { hangup: true }] } } } } },
    );
    expect(names(easy.logs)).toEqual([
      'Started',
      'CallAlerting',
      'in:StateChanged',
      'in:Connected',
      'established',
      'Terminating',
      'Terminated',
    ]);
    expect(easy.logs.find((l) => l.includes('Terminating'))).toMatch(/^7000 /);
    expect(easy.emulator.trace.heardBy(CALLER).map((h) => h.kind)).toEqual(['party']);
    expect(easy.emulator.trace.heardBy(CALLEE)).toEqual([expect.objectContaining({ kind: 'party', peer: CALLER })]);
  });

  test('events are never delivered inside the API call that caused them', async () => {
    const run = await runScenario(`
      VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
        let inside = true;
        e.call.addEventListener(CallEvents.Connected, () => Logger.write('Connected inside answer(): ' + inside));
        e.call.addEventListener(CallEvents.Disconnected, () => { Logger.write('Disconnected inside hangup(): ' + inside); VoxEngine.terminate(); });
        e.call.answer();
        e.call.addEventListener(CallEvents.Connected, () => { inside = true; e.call.hangup(); inside = false; });
        inside = false;
      });`);
    expect(run.logs).toEqual(['Connected inside answer(): false', 'Disconnected inside hangup(): false']);
  });
});
