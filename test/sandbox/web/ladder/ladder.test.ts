import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCallScript } from '../../../../src/sandbox/runtime';
import type { TraceRecord } from '../../../../src/sandbox/runtime';
import { buildLadder, LANES } from '../../../../src/sandbox/web/ladder/model';
import { renderLaddersSvg } from '../../../../src/sandbox/web/ladder/svg';

/**
 * The ladder of a call (src/sandbox/web/ladder/model.ts) and its SVG (ladder/svg.ts): lanes, arrows read
 * from a known trace (examples/single-call.json on the compiled bundle), masked numbers.
 */
const EXAMPLES = join(__dirname, '../../../../examples');
const COURIER = '+4915112345678';
const CUSTOMER = '+4930123456789';
const VIRTUAL = '+493025550100';

async function singleCall() {
  const script = JSON.parse(readFileSync(join(EXAMPLES, 'single-call.json'), 'utf8'));
  const { emulator, sessions } = await runCallScript(script, EXAMPLES);
  return { records: emulator.trace.records, sessionId: sessions[0].sessionId };
}

describe('the ladder of a session', () => {
  test('one arrow per call, DTMF, TTS, storage read, ringing, answer, bridge, hang-up and webhook post, in trace order', async () => {
    const { records, sessionId } = await singleCall();
    const ladder = buildLadder(records, sessionId);
    expect(ladder.lanes).toEqual(LANES);
    expect(ladder.parties).toEqual({ caller: '+49********678', callee: '+49********789' });
    const arrows = ladder.steps.map((s) => `${s.from}>${s.to} ${s.kind}`);
    const firstOf = (arrow: string) => arrows.indexOf(arrow);
    const order = [
      'caller>scenario call',
      'scenario>caller answer',
      'scenario>storage storage',
      'scenario>caller tts',
      'caller>scenario dtmf',
      'scenario>callee call',
      'callee>scenario ringing',
      'callee>scenario answer',
      'scenario>callee tts',
      'caller>callee bridge',
      'callee>scenario hangup',
      'scenario>webhook webhook',
      'webhook>scenario webhook-answer',
    ].map(firstOf);
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const byKind = (kind: string) => ladder.steps.filter((s) => s.kind === kind).map((s) => s.label);
    expect(byKind('dtmf')).toEqual(['DTMF 12345']);
    expect(byKind('storage')).toContain('get order:12345 → found');
    expect(byKind('webhook-answer')).toEqual(['204']);
    expect(byKind('call')).toEqual([`call to ${VIRTUAL}`, `call +49********789, caller ID ${VIRTUAL}`]);
    // Every arrow is a record of the session, at that record's time.
    const bySeq = new Map(records.map((r) => [r.seq, r]));
    for (const step of ladder.steps) {
      expect(bySeq.get(step.seq)).toMatchObject({ sessionId, atMs: step.atMs });
      expect(step.offsetMs).toBe(step.atMs - ladder.startMs);
    }
    expect(ladder).toMatchObject({ ended: true, finishReason: 'Normal termination', outcome: 'connected', delivery: 'delivered' });
  });

  test('the SVG has the six lanes, one group per arrow, the outcome beside it, and no real number', async () => {
    const { records, sessionId } = await singleCall();
    const ladder = buildLadder(records, sessionId);
    const svg = renderLaddersSvg([ladder], { keep: [VIRTUAL], notes: new Map([[sessionId, [`caller ${COURIER}`]]]) });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect([...svg.matchAll(/<g class="lane" data-lane="([a-z]+)"/g)].map((m) => m[1])).toEqual([...LANES]);
    const kinds = [...svg.matchAll(/<g class="step" data-kind="([a-z-]+)" data-from="([a-z]+)" data-to="([a-z]+)" data-seq="(\d+)"/g)].map(
      (m) => [m[1], m[2], m[3], Number(m[4])],
    );
    expect(kinds).toEqual(ladder.steps.map((s) => [s.kind, s.from, s.to, s.seq]));
    expect(svg).toContain('ApplicationStorage');
    expect(svg).toContain('backend webhook');
    expect(svg).toContain('outcome: connected');
    expect(svg).toContain(VIRTUAL);
    expect(svg).toContain('+49********678');
    const digits = svg.replace(/[^0-9]/g, '');
    for (const real of [COURIER, CUSTOMER]) expect(digits).not.toContain(real.slice(-9));
    expect(svg).not.toMatch(/<script|style=/);
  });

  test("an outbound leg the scenario logs as the operator's goes on the operator lane; text is escaped", () => {
    const base = { at: '2026-01-01T00:00:00.000Z', sessionId: 3 };
    const records = [
      { ...base, seq: 1, atMs: 0, kind: 'session.start', application: 'a', applicationId: 1, scenarios: ['s'], trigger: 'inbound' },
      { ...base, seq: 2, atMs: 0, kind: 'call.inbound', callId: '3.1', from: '+4917612345678', to: VIRTUAL, headers: {} },
      { ...base, seq: 3, atMs: 10, kind: 'log', line: 'voxmask dialing kind="operator" number="+49********000"', source: 'Logger.write' },
      { ...base, seq: 4, atMs: 10, kind: 'call.outbound', callId: '3.2', number: '+493099991000', callerid: VIRTUAL, headers: {} },
      { ...base, seq: 5, atMs: 20, kind: 'heard', party: '+493099991000', callId: '3.2', item: 'tts', text: 'a <b> & "c"', voice: 'v' },
      { ...base, seq: 6, atMs: 30, kind: 'log', line: 'voxmask dialing kind="callee" number="+49********111"', source: 'Logger.write' },
      { ...base, seq: 7, atMs: 30, kind: 'call.outbound', callId: '3.3', number: '+4930111122222', callerid: VIRTUAL, headers: {} },
      { ...base, seq: 8, atMs: 40, sessionId: 4, kind: 'call.inbound', callId: '4.1', from: '+4917600000000', to: VIRTUAL, headers: {} },
    ] as TraceRecord[];
    const ladder = buildLadder(records, 3);
    expect(ladder.steps.map((s) => `${s.from}>${s.to} ${s.kind}`)).toEqual([
      'caller>scenario call',
      'scenario>operator call',
      'scenario>operator tts',
      'scenario>callee call',
    ]);
    expect(ladder.parties).toEqual({ caller: '+49********678', operator: '+49*******000', callee: '+49********222' });
    expect(ladder.ended).toBe(false);
    const svg = renderLaddersSvg([ladder]);
    expect(svg).toContain('TTS “a &lt;b&gt; &amp; &quot;c&quot;”');
    expect(svg).toContain('>running<');
  });
});
