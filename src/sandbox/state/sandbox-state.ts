import { KeyValueStore } from '../kv-store';
import { fullApplicationName } from '../../../contract/application-name';
import { StateDatabase } from './database';
import { HistoryTable } from './history-table';
import { KvRows } from './kv-rows';
import { MetaRows } from './meta-rows';
import {
  AccountRecord,
  accountSchema,
  ApplicationRecord,
  CallSessionRecord,
  FIRST_IDS,
  NextIds,
  nextIdsSchema,
  PhoneNumberRecord,
  RuleRecord,
  ScenarioRecord,
} from './model';
import { RecordLists, RecordTables } from './record-tables';
import { SandboxStateError } from './errors';

export interface SandboxStateOptions {
  /** Clock of ApplicationStorage expiry: the runtime emulator's virtual clock, epoch ms. */
  kvNow: () => number;
  /** Creates the account of a database that has none yet (a new sandbox). Without it such a database is refused. */
  newAccount?: () => AccountRecord;
  /** Empty the records, the storage and the history, and restart the ids (the account and its key stay). */
  reset?: boolean;
}

/**
 * The live state of one sandbox on its StateDatabase: the account, the records (applications,
 * scenarios, rules, numbers: lists in memory that the Management API methods change in place, then
 * call `touch()`), one KeyValueStore (ApplicationStorage) per application and the call history (both
 * only in the database, never loaded whole). Every change goes into the database's open transaction;
 * `durable()` resolves once it is committed.
 */
export class SandboxState {
  readonly account: AccountRecord;
  private readonly stores = new Map<number, KeyValueStore>();
  private readonly meta: MetaRows;
  private readonly recordTables: RecordTables;
  private readonly history: HistoryTable;
  private readonly lists: RecordLists;
  private readonly ids: NextIds;
  readonly kvNow: () => number;

  /**
   * Loads the state of `database`; deletes the storage items expired at `kvNow()`. Throws
   * SandboxStateError when a row is not valid, or when there is no account and no `newAccount`.
   */
  constructor(
    private readonly database: StateDatabase,
    options: SandboxStateOptions,
  ) {
    this.kvNow = options.kvNow;
    this.meta = new MetaRows(database);
    this.recordTables = new RecordTables(database);
    this.history = new HistoryTable(database);
    let account = this.meta.read('account', accountSchema);
    if (!account) {
      if (!options.newAccount) throw new SandboxStateError(database.file, `${database.file} holds no account`);
      account = options.newAccount();
      this.meta.write('account', account);
    }
    this.account = account;
    this.lists = this.recordTables.load();
    const ids = this.meta.read('next_ids', nextIdsSchema);
    this.ids = ids ?? { ...FIRST_IDS };
    if (!ids) this.meta.write('next_ids', this.ids);
    if (options.reset) this.reset();
    KvRows.sweep(database, Math.floor(this.kvNow() / 1000));
  }

  get applications(): ApplicationRecord[] {
    return this.lists.applications;
  }
  get scenarios(): ScenarioRecord[] {
    return this.lists.scenarios;
  }
  /** All rules; an application's routing order is their order here. */
  get rules(): RuleRecord[] {
    return this.lists.rules;
  }
  get phoneNumbers(): PhoneNumberRecord[] {
    return this.lists.phoneNumbers;
  }

  /** Saves the records after an in-place change (only rows that changed are written); commit follows (`durable()`). */
  touch(): void {
    this.recordTables.save(this.lists);
  }

  /** Resolves once every change so far is committed to disk; rejects when that commit failed. */
  durable(): Promise<void> {
    return this.database.durable();
  }

  /** Hands out the next id of a kind (the counter is saved at once). */
  nextId(kind: keyof NextIds): number {
    const value = this.ids[kind];
    this.ids[kind] = value + 1;
    this.meta.write('next_ids', this.ids);
    return value;
  }

  applicationById(id: number): ApplicationRecord | undefined {
    return this.lists.applications.find((a) => a.id === id);
  }

  /** By full name, or by short name (expanded with the account name, as voxengine-ci does, docs/platform.md#application-names). */
  applicationByName(name: string): ApplicationRecord | undefined {
    const full = fullApplicationName(name, this.account.accountName);
    return this.lists.applications.find((a) => a.name === full);
  }

  /** The rules of one application in routing order (top to bottom). */
  rulesOf(applicationId: number): RuleRecord[] {
    return this.lists.rules.filter((r) => r.applicationId === applicationId);
  }

  ruleById(id: number): RuleRecord | undefined {
    return this.lists.rules.find((r) => r.id === id);
  }

  scenarioById(id: number): ScenarioRecord | undefined {
    return this.lists.scenarios.find((s) => s.id === id);
  }

  /**
   * A rule's scenarios in bound order (the order a session runs them, docs/platform.md#scenario-loading). The
   * delete cascade removes a deleted scenario's id from every rule, so each id normally resolves; one
   * that does not is skipped.
   */
  scenariosOf(rule: RuleRecord): ScenarioRecord[] {
    return rule.scenarioIds.map((id) => this.scenarioById(id)).filter((s): s is ScenarioRecord => s !== undefined);
  }

  phoneById(id: number): PhoneNumberRecord | undefined {
    return this.lists.phoneNumbers.find((p) => p.id === id);
  }

  /** The ApplicationStorage of an application: rows of the database (one store object per application). */
  storageOf(applicationId: number): KeyValueStore {
    let store = this.stores.get(applicationId);
    if (!store) {
      store = new KeyValueStore(this.kvNow, new KvRows(this.database, applicationId));
      this.stores.set(applicationId, store);
    }
    return store;
  }

  /** Deletes an application's storage (DelApplication); sessions still holding its store see an empty one. */
  dropStorage(applicationId: number): void {
    this.stores.get(applicationId)?.detach();
    this.stores.delete(applicationId);
    new KvRows(this.database, applicationId).deleteAll();
  }

  /**
   * Records a finished session with its log lines and keeps the newest `limit` sessions; returns the
   * history ids dropped.
   */
  appendHistory(session: CallSessionRecord, logLines: readonly string[], limit: number): number[] {
    return this.history.append(session, logLines, limit);
  }

  /** The call history, first finished first (at most the `limit` of the last append). */
  historySessions(): CallSessionRecord[] {
    return this.history.sessions();
  }

  /** Whether session `historyId` is in the call history. */
  hasHistory(historyId: number): boolean {
    return this.history.has(historyId);
  }

  /** The log lines of session `historyId`, or undefined when it is not in the call history. */
  historyLog(historyId: number): string[] | undefined {
    return this.history.logLines(historyId);
  }

  private reset(): void {
    for (const list of Object.values(this.lists) as unknown[][]) list.length = 0;
    this.touch();
    for (const store of this.stores.values()) store.detach();
    this.stores.clear();
    KvRows.clear(this.database);
    this.history.clear();
    Object.assign(this.ids, FIRST_IDS);
    this.meta.write('next_ids', this.ids);
  }
}
