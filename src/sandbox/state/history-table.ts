import type { Statement } from 'better-sqlite3';
import { StateDatabase } from './database';
import { CallSessionRecord } from './model';

/**
 * The call history (table `call_session`): finished sessions in the order they finished, with their log
 * lines in a column of their own so that listing never reads them. Nothing of it is kept in memory.
 */
export class HistoryTable {
  private readonly insert: Statement<[number, string, string]>;
  private readonly trim: Statement<[number], { historyId: number }>;
  private readonly exists: Statement<[number], { one: number }>;
  private readonly log: Statement<[number], { log: string }>;
  private readonly all: Statement<[], { body: string }>;

  constructor(private readonly database: StateDatabase) {
    const db = database.db;
    this.insert = db.prepare('INSERT INTO call_session (history_id, body, log) VALUES (?, ?, ?)');
    // Everything older than the newest `limit` rows (seq is the finishing order).
    this.trim = db.prepare(
      'DELETE FROM call_session WHERE seq <= (SELECT seq FROM call_session ORDER BY seq DESC LIMIT 1 OFFSET ?) RETURNING history_id AS historyId',
    );
    this.exists = db.prepare('SELECT 1 AS one FROM call_session WHERE history_id = ?');
    this.log = db.prepare('SELECT log FROM call_session WHERE history_id = ?');
    this.all = db.prepare('SELECT body FROM call_session ORDER BY seq');
  }

  /**
   * Records a finished session and its log lines, then keeps only the newest `limit` sessions. Returns
   * the history ids of the sessions dropped. Throws the SQLite error for a history id already recorded.
   */
  append(session: CallSessionRecord, logLines: readonly string[], limit: number): number[] {
    return this.database.write(() => {
      this.insert.run(session.historyId, JSON.stringify(session), JSON.stringify(logLines));
      return this.trim.all(limit).map((r) => r.historyId);
    });
  }

  /** Every recorded session, oldest (first finished) first, without log lines. */
  sessions(): CallSessionRecord[] {
    return this.all.all().map((r) => JSON.parse(r.body) as CallSessionRecord);
  }

  /** Whether the session `historyId` is in the history. */
  has(historyId: number): boolean {
    return this.exists.get(historyId) !== undefined;
  }

  /** The log lines of session `historyId`, or undefined when it is not in the history. */
  logLines(historyId: number): string[] | undefined {
    const row = this.log.get(historyId);
    return row ? (JSON.parse(row.log) as string[]) : undefined;
  }

  /** Forgets every session (a reset). */
  clear(): void {
    this.database.write(() => this.database.db.exec('DELETE FROM call_session'));
  }
}
