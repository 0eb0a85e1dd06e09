import type { CallResult } from '../../../contract/call-result';
import { collectDeadLetters, DeadLetterSource } from '../../../src/backend/results';
import { memoryKv } from '../orders/memory-kv';
import { COURIER, CUSTOMER, order, runScenario, ScenarioBuilds, SECRET, VIRTUAL_A } from '../../scenarios/support/harness';

/**
 * The scenario and the drain share one dead-letter format (contract/result-delivery.ts): a dead letter
 * written by the COMPILED bundle, in the emulator, is drained by collectDeadLetters with a valid
 * signature, without `allowUnsigned`.
 */
const builds = new ScenarioBuilds();

describe('a dead letter written by the bundle', () => {
  it('is drained as a signed result', async () => {
    const orders = { '12345': order() };
    const run = await runScenario(builds, {
      orders,
      faults: { http: [{ kind: 'connectionRefused' }] },
      calls: [{ from: COURIER, to: VIRTUAL_A, actions: [{ waitUntilHeard: 'order number' }, { press: '12345' }, { waitS: 60 }] }],
      phones: { [CUSTOMER]: { answer: { afterS: 2, actions: [{ waitS: 5 }, { hangup: true }] } } },
    });
    const sessionId = run.sessions[0].sessionId;
    const stored = run.storage.get(`deadletter:${sessionId}`);
    expect(stored).not.toBeNull();

    const nowMs = run.emulator.now() + 3_600_000;
    const { kv, store } = memoryKv(() => nowMs);
    store.put(`deadletter:${sessionId}`, stored!.value, 86_400);
    const drained: { result: CallResult; source: DeadLetterSource }[] = [];
    const report = await collectDeadLetters({
      kv,
      secret: SECRET,
      now: () => nowMs,
      handler: (result, source) => void drained.push({ result, source }),
    });

    expect(report.rejected).toEqual([]);
    expect(report.handled).toEqual([`deadletter:${sessionId}`]);
    expect(drained).toHaveLength(1);
    expect(drained[0].source.signed).toBe(true);
    expect(drained[0].result).toMatchObject({ sessionId, outcome: 'connected' });
  });
});
