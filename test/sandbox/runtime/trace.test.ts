/**
 * The trace of real runs validates against schemas/trace.schema.json (draft 2020-12, ajv), the
 * timeline renders every record, and the session record is shaped after CallSessionInfo.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { runCallScript, VoxEngineEmulator } from '../../../src/sandbox/runtime';
import { appFor, CALLEE, CALLER, runScenario, VIRTUAL } from './helpers';

const ROOT = join(__dirname, '..', '..', '..');
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function validator() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  ajv.addFormat('date-time', ISO);
  return ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'trace.schema.json'), 'utf8')) as object);
}

describe('trace', () => {
  const validate = validator();

  test('the example call script produces a trace that validates, covering every record kind it uses', async () => {
    const script = JSON.parse(readFileSync(join(ROOT, 'test', 'fixtures', 'runtime', 'example.call.json'), 'utf8')) as unknown;
    const { emulator } = await runCallScript(script, join(ROOT, 'test', 'fixtures', 'runtime'));
    const json = JSON.parse(JSON.stringify(emulator.trace.toJSON())) as { records: { kind: string }[] };
    expect(validate(json)).toBe(true);
    expect(new Set(json.records.map((r) => r.kind))).toEqual(
      new Set([
        'session.start',
        'session.end',
        'event',
        'api',
        'call.inbound',
        'call.outbound',
        'party',
        'heard',
        'storage',
        'http',
        'log',
        'note',
      ]),
    );
  });

  test('traces with errors, limits, notes, faults and dropped requests validate too', async () => {
    const run = await runScenario(
      `require(Modules.ApplicationStorage);
      VoxEngine.addEventListener(AppEvents.CallAlerting, async (e) => {
        Logger.write('x'.repeat(15001));
        for (let i = 0; i < 5; i++) Net.httpRequest('http://a.test/' + i, () => {});
        try { await ApplicationStorage.get('k'); } catch (err) {}
        VoxEngine.callPSTN('${CALLEE}', '${VIRTUAL}');
        e.call.say('x'.repeat(1501));
        VoxEngine.terminate();
        throw new Error('after terminate');
      });`,
      { options: { faults: { storage: [{ op: 'get', kind: 'reject' }] } } },
    );
    const ok = validate(JSON.parse(JSON.stringify(run.emulator.trace.toJSON())));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
    for (const kind of ['error', 'limit', 'note', 'http', 'storage']) expect(run.records.some((r) => r.kind === kind)).toBe(true);
  });

  test('a record with an undocumented field or a missing one is rejected by the schema', () => {
    const base = { format: 'voxmask-trace', version: 1, startTime: '2026-01-01T00:00:00.000Z' };
    const record = { seq: 1, atMs: 0, at: '2026-01-01T00:00:00.000Z', kind: 'log', line: 'x', source: 'Logger.write' };
    expect(validate({ ...base, records: [record] })).toBe(true);
    expect(validate({ ...base, records: [{ ...record, extra: 1 }] })).toBe(false);
    expect(validate({ ...base, records: [{ ...record, line: undefined }] })).toBe(false);
    expect(
      validate({
        ...base,
        records: [{ ...record, kind: 'heard', line: undefined, source: undefined, party: '+1', callId: '1.1', item: 'tts' }],
      }),
    ).toBe(false);
  });

  test('the timeline has one line per record with relative time and session, with and without color', async () => {
    const run = await runScenario(
      `VoxEngine.addEventListener(AppEvents.Started, () => setTimeout(() => { Logger.write('late'); VoxEngine.terminate(); }, 59000));`,
      { call: null },
    );
    const plain = run.emulator.trace.toTimeline();
    const lines = plain.trimEnd().split('\n');
    expect(lines).toHaveLength(run.emulator.trace.records.length);
    expect(lines[0]).toMatch(/^00:00\.000 s1 {3}session start: application voxmask-test, api; scenarios scenario$/);
    expect(lines.find((l) => l.includes('log: late'))).toMatch(/^00:59\.000 s1 /);
    expect(run.emulator.trace.toTimeline({ color: true })).toContain('log: late');
  });

  test('the timeline of chosen sessions has their records only, in order', async () => {
    const emulator = new VoxEngineEmulator();
    const app = appFor(emulator);
    const code = `VoxEngine.addEventListener(AppEvents.Started, () => { Logger.write('in ' + VoxEngine.customData()); VoxEngine.terminate(); });`;
    const first = emulator.startSession(app, [{ name: 'scenario', code }], { customData: 'first' });
    const second = emulator.startSession(app, [{ name: 'scenario', code }], { customData: 'second' });
    await emulator.runUntilIdle();
    const lines = emulator.trace
      .toTimeline({ sessionIds: new Set([second.id]) })
      .trimEnd()
      .split('\n');
    expect(lines).toHaveLength(emulator.trace.records.filter((r) => r.sessionId === second.id).length);
    expect(lines.every((l) => l.includes(` s${second.id} `))).toBe(true);
    expect(lines.some((l) => l.includes('log: in second'))).toBe(true);
    expect(first.id).not.toBe(second.id);
  });

  test('SessionRecord: dates in ISO UTC, durations in seconds, calls with numbers and outcomes, log lines', async () => {
    const run = await runScenario(
      `
      VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
        const out = VoxEngine.callPSTN('${CALLEE}', e.destination);
        e.call.addEventListener(CallEvents.Connected, () => e.call.record());
        out.addEventListener(CallEvents.Connected, () => e.call.answer());
        out.addEventListener(CallEvents.Disconnected, () => { Logger.write('done'); e.call.hangup(); VoxEngine.terminate(); });
      });`,
      { options: { phones: { [CALLEE]: { answer: { afterS: 2, actions: [{ waitS: 30 }, { hangup: true }] } } } } },
    );
    expect(run.record).toEqual({
      sessionId: 1,
      applicationId: 7,
      applicationName: 'voxmask-test',
      startDate: '2026-01-01T00:00:00.000Z',
      durationS: 32,
      finishReason: 'Normal termination',
      customData: '',
      calls: [
        expect.objectContaining({
          callId: '1.2',
          incoming: false,
          localNumber: VIRTUAL,
          remoteNumber: CALLEE,
          durationS: 30,
          successful: true,
          endReason: 'Normal call clearing',
        }),
        expect.objectContaining({
          callId: '1.1',
          incoming: true,
          localNumber: VIRTUAL,
          remoteNumber: '+15550000001',
          durationS: 30,
          successful: true,
          recordUrl: expect.stringMatching(/\.mp3$/),
        }),
      ],
      records: [{ recordUrl: expect.stringMatching(/^https:\/\/.+\.mp3$/), startTime: '2026-01-01T00:00:02.000Z', durationS: 30 }],
      logLines: ['done'],
    });
    expect(run.emulator.sessions()).toEqual([run.record]);
  });
});

describe('retention', () => {
  const hangUp = `VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => { Logger.write('n ' + e.destination); e.call.answer(); e.call.hangup(); VoxEngine.terminate(); });`;

  test('an emulator that retains N sessions keeps at most N + N/10 finished sessions and only their trace records, however many ran', async () => {
    const retain = 20;
    const emulator = new VoxEngineEmulator({ retainSessions: retain });
    const app = appFor(emulator);
    const perSession: number[] = [];
    for (let round = 0; round < 10; round++) {
      for (let i = 0; i < 25; i++) emulator.startInboundCall(app, [{ name: 's', code: hangUp }], { from: CALLER, to: VIRTUAL });
      await emulator.runUntilIdle();
      const kept = emulator.sessions();
      expect(kept.length).toBeLessThanOrEqual(retain + retain / 10);
      const traced = new Set(emulator.trace.records.map((r) => r.sessionId));
      expect([...traced].every((id) => kept.some((s) => s.sessionId === id))).toBe(true);
      perSession.push(emulator.trace.size / kept.length);
    }
    // 250 sessions ran; records held stay proportional to the sessions kept.
    expect(emulator.sessions().at(-1)?.sessionId).toBe(250);
    expect(Math.max(...perSession)).toBeLessThanOrEqual(Math.min(...perSession) * 1.5);
    // Records keep their seq after older ones are dropped, in increasing order.
    const seqs = emulator.trace.records.map((r) => r.seq);
    expect(seqs[0]).toBeGreaterThan(1);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    expect(validator()(JSON.parse(JSON.stringify(emulator.trace.toJSON())))).toBe(true);
  });

  test('retainSessions must be a positive integer', () => {
    expect(() => new VoxEngineEmulator({ retainSessions: 0 })).toThrow(/retainSessions/);
    expect(() => new VoxEngineEmulator({ retainSessions: 1.5 })).toThrow(/retainSessions/);
  });
});
