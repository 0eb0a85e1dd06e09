import { StateDatabase } from './database';
import { SandboxStateError } from './errors';
import { HistoryTable } from './history-table';
import { KvRows } from './kv-rows';
import { LegacyState } from './legacy-json';
import { MetaRows } from './meta-rows';
import { accountSchema, nextIdsSchema } from './model';
import { RecordTables } from './record-tables';

/**
 * Everything a sandbox database holds as committed, read through a read-only connection (also while a
 * sandbox runs on it), in the older `state.json` shape (legacy-json.ts): the account, the id counters,
 * the records, every storage item (expired ones too, until swept) and the call history with log lines.
 * Written to `state.json` in an empty folder it migrates back. For inspection and tests: it reads the
 * whole storage into memory. Throws SandboxStateError for a missing or unusable file.
 */
export function exportState(databaseFile: string): LegacyState {
  const database = StateDatabase.openReadOnly(databaseFile);
  try {
    const meta = new MetaRows(database);
    const account = meta.read('account', accountSchema);
    if (!account) throw new SandboxStateError(databaseFile, `${databaseFile} holds no account`);
    const nextIds = meta.read('next_ids', nextIdsSchema);
    if (!nextIds) throw new SandboxStateError(databaseFile, `${databaseFile} holds no id counters`);
    const storage: LegacyState['storage'] = {};
    for (const { applicationId, ...item } of KvRows.all(database)) (storage[String(applicationId)] ??= { items: [] }).items.push(item);
    const history = new HistoryTable(database);
    return {
      version: 1,
      account,
      nextIds,
      ...new RecordTables(database).load(),
      storage,
      history: history.sessions().map((session) => ({ ...session, logLines: history.logLines(session.historyId) ?? [] })),
    };
  } finally {
    database.db.close();
  }
}
