import { KeyValueStore } from '../kv-store';
import { fullApplicationName } from '../../../contract/application-name';
import {
  AccountRecord,
  ApplicationRecord,
  FIRST_IDS,
  NextIds,
  PhoneNumberRecord,
  RuleRecord,
  SandboxData,
  ScenarioRecord,
} from './model';

/**
 * The live state of one sandbox: the persisted records plus one KeyValueStore (ApplicationStorage) per
 * application. Records are plain objects that the Management API methods change in place; whoever
 * changes them calls `touch()` so the state file is rewritten. KV stores report their own changes.
 */
export class SandboxState {
  private readonly stores = new Map<number, KeyValueStore>();
  /** Called after every change (records via touch(), KV items via the stores). */
  onChange: (() => void) | undefined;

  /**
   * `kvNow` is the clock of ApplicationStorage expiry: the runtime emulator's virtual clock, epoch ms.
   */
  constructor(
    private readonly data: SandboxData,
    readonly kvNow: () => number,
  ) {}

  /** An empty state for `account`. */
  static empty(account: AccountRecord, kvNow: () => number): SandboxState {
    return new SandboxState(
      { version: 1, account, nextIds: { ...FIRST_IDS }, applications: [], scenarios: [], rules: [], phoneNumbers: [], storage: {}, history: [] },
      kvNow,
    );
  }

  get account(): AccountRecord {
    return this.data.account;
  }
  get applications(): ApplicationRecord[] {
    return this.data.applications;
  }
  get scenarios(): ScenarioRecord[] {
    return this.data.scenarios;
  }
  /** All rules; an application's routing order is their order here. */
  get rules(): RuleRecord[] {
    return this.data.rules;
  }
  get phoneNumbers(): PhoneNumberRecord[] {
    return this.data.phoneNumbers;
  }
  get history(): SandboxData['history'] {
    return this.data.history;
  }

  /** Records that something changed (schedules a state-file write). */
  touch(): void {
    this.onChange?.();
  }

  /** Hands out the next id of a kind. */
  nextId(kind: keyof NextIds): number {
    const value = this.data.nextIds[kind];
    this.data.nextIds[kind] = value + 1;
    return value;
  }

  applicationById(id: number): ApplicationRecord | undefined {
    return this.data.applications.find((a) => a.id === id);
  }

  /** By full name, or by short name (expanded with the account name, as voxengine-ci does, docs/platform.md#application-names). */
  applicationByName(name: string): ApplicationRecord | undefined {
    const full = fullApplicationName(name, this.data.account.accountName);
    return this.data.applications.find((a) => a.name === full);
  }

  /** The rules of one application in routing order (top to bottom). */
  rulesOf(applicationId: number): RuleRecord[] {
    return this.data.rules.filter((r) => r.applicationId === applicationId);
  }

  ruleById(id: number): RuleRecord | undefined {
    return this.data.rules.find((r) => r.id === id);
  }

  scenarioById(id: number): ScenarioRecord | undefined {
    return this.data.scenarios.find((s) => s.id === id);
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
    return this.data.phoneNumbers.find((p) => p.id === id);
  }

  /** The ApplicationStorage of an application (created on first use, restored from the state file). */
  storageOf(applicationId: number): KeyValueStore {
    let store = this.stores.get(applicationId);
    if (!store) {
      store = new KeyValueStore(this.kvNow);
      const snapshot = this.data.storage[String(applicationId)];
      if (snapshot) store.restore(snapshot);
      store.onChange = () => this.touch();
      this.stores.set(applicationId, store);
    }
    return store;
  }

  /** Forgets an application's storage (DelApplication). */
  dropStorage(applicationId: number): void {
    const store = this.stores.get(applicationId);
    if (store) store.onChange = undefined;
    this.stores.delete(applicationId);
    delete this.data.storage[String(applicationId)];
  }

  /** Everything to persist, with live (unexpired) KV items. */
  toData(): SandboxData {
    const storage: SandboxData['storage'] = { ...this.data.storage };
    for (const [appId, store] of this.stores) storage[String(appId)] = store.snapshot();
    return { ...this.data, storage };
  }
}
