import { StateDatabase } from '../../../src/sandbox/state/database';
import { HistoryTable } from '../../../src/sandbox/state/history-table';
import { CallSessionRecord } from '../../../src/sandbox/state/model';

function session(historyId: number): CallSessionRecord {
  return {
    historyId,
    applicationId: 1,
    applicationName: 'a',
    startDate: '2026-01-01T00:00:00.000Z',
    durationS: 1,
    finishReason: 'Normal termination',
    customData: `s${historyId}`,
    calls: [],
    records: [],
  };
}

/** Retention of the call history: the newest `limit` sessions by finishing order, log lines with them. */
describe('HistoryTable', () => {
  test('keeps the newest `limit` sessions in the order they finished and answers which ones it dropped', () => {
    const history = new HistoryTable(StateDatabase.memory());
    // Sessions finish in another order than they started (history ids are handed out at the start).
    const finished = [5, 3, 4, 1, 2];
    const dropped = finished.map((id) => history.append(session(id), [`log of ${id}`], 3));
    expect(dropped).toEqual([[], [], [], [5], [3]]);
    expect(history.sessions().map((s) => s.historyId)).toEqual([4, 1, 2]);
    expect(history.sessions()[0]).toEqual(session(4));
    expect(history.logLines(1)).toEqual(['log of 1']);
    expect(history.logLines(5)).toBeUndefined();
    expect([history.has(2), history.has(3)]).toEqual([true, false]);
  });

  test('stays at its limit however many sessions are appended', () => {
    const history = new HistoryTable(StateDatabase.memory());
    let droppedTotal = 0;
    for (let id = 1; id <= 500; id++) droppedTotal += history.append(session(id), ['x'.repeat(100)], 50).length;
    expect(droppedTotal).toBe(450);
    expect(history.sessions().map((s) => s.historyId)).toEqual(Array.from({ length: 50 }, (_, i) => 451 + i));
  });
});
