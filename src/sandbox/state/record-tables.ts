import type { Statement } from 'better-sqlite3';
import type { z } from 'zod';
import { issueLines } from '../../config/issues';
import { StateDatabase } from './database';
import { SandboxStateError } from './errors';
import {
  ApplicationRecord,
  applicationSchema,
  PhoneNumberRecord,
  phoneNumberSchema,
  RuleRecord,
  ruleSchema,
  ScenarioRecord,
  scenarioSchema,
} from './model';

/** The account's records, each list in its order (an application's routing order is its rules' order). */
export interface RecordLists {
  applications: ApplicationRecord[];
  scenarios: ScenarioRecord[];
  rules: RuleRecord[];
  phoneNumbers: PhoneNumberRecord[];
}

type ListName = keyof RecordLists;

/** Row `kind` and validating schema of each list. */
const KINDS: readonly { list: ListName; kind: string; schema: z.ZodType<{ id: number }> }[] = [
  { list: 'applications', kind: 'application', schema: applicationSchema },
  { list: 'scenarios', kind: 'scenario', schema: scenarioSchema },
  { list: 'rules', kind: 'rule', schema: ruleSchema },
  { list: 'phoneNumbers', kind: 'phone', schema: phoneNumberSchema },
];

/** What a row held when last written: its position and JSON body. */
interface Written {
  position: number;
  body: string;
}

/**
 * The `record` table: applications, scenarios, rules and rented numbers as JSON rows. The lists live in
 * memory (an account has hundreds of records, not more; the Management API methods change them in
 * place); `save` writes only the rows whose body or position changed since they were last written and
 * deletes the rows of records gone from the lists.
 */
export class RecordTables {
  /** Rows as last written, by kind and id; undefined after a failed commit (the next save rewrites all). */
  private written: Map<string, Map<number, Written>> | undefined;
  private readonly upsert: Statement<[string, number, number, string]>;
  private readonly remove: Statement<[string, number]>;

  constructor(private readonly database: StateDatabase) {
    this.upsert = database.db.prepare(
      'INSERT INTO record (kind, id, position, body) VALUES (?, ?, ?, ?) ON CONFLICT (kind, id) DO UPDATE SET position = excluded.position, body = excluded.body',
    );
    this.remove = database.db.prepare('DELETE FROM record WHERE kind = ? AND id = ?');
    database.onRollback(() => (this.written = undefined));
  }

  /**
   * Reads and validates every record. Throws SandboxStateError naming the database file and listing
   * `<kind> <id>: field: problem` for each bad row.
   */
  load(): RecordLists {
    const lists: RecordLists = { applications: [], scenarios: [], rules: [], phoneNumbers: [] };
    const written = new Map<string, Map<number, Written>>(KINDS.map((k) => [k.kind, new Map()]));
    const issues: string[] = [];
    const rows = this.database.db.prepare('SELECT kind, id, position, body FROM record ORDER BY kind, position').all() as {
      kind: string;
      id: number;
      position: number;
      body: string;
    }[];
    for (const row of rows) {
      const spec = KINDS.find((k) => k.kind === row.kind);
      if (!spec) {
        issues.push(`${row.kind} ${row.id}: unknown kind of record`);
        continue;
      }
      let raw: unknown;
      try {
        raw = JSON.parse(row.body);
      } catch (err) {
        issues.push(`${row.kind} ${row.id}: not valid JSON (${(err as Error).message})`);
        continue;
      }
      const parsed = spec.schema.safeParse(raw);
      if (!parsed.success) {
        issues.push(...issueLines(parsed.error).map((line) => `${row.kind} ${row.id}: ${line}`));
        continue;
      }
      if (parsed.data.id !== row.id) {
        issues.push(`${row.kind} ${row.id}: the body holds id ${parsed.data.id}`);
        continue;
      }
      (lists[spec.list] as { id: number }[]).push(parsed.data);
      written.get(row.kind)!.set(row.id, { position: row.position, body: row.body });
    }
    if (issues.length)
      throw new SandboxStateError(
        this.database.file,
        `${this.database.file} holds records that are not valid; move it away or start with --reset`,
        issues,
      );
    this.written = written;
    return lists;
  }

  /**
   * Writes the rows that changed since the last save (all of them after a failed commit) in the open
   * transaction. A save that throws is undone and leaves the next one to rewrite every row.
   */
  save(lists: RecordLists): void {
    const last = this.written;
    const next = new Map<string, Map<number, Written>>();
    try {
      this.database.write(() => {
        if (!last) this.database.db.exec('DELETE FROM record');
        for (const { list, kind } of KINDS) {
          const before = last?.get(kind) ?? new Map<number, Written>();
          const after = new Map<number, Written>();
          (lists[list] as { id: number }[]).forEach((record, position) => {
            const body = JSON.stringify(record);
            const old = before.get(record.id);
            if (!old || old.position !== position || old.body !== body) this.upsert.run(kind, record.id, position, body);
            after.set(record.id, { position, body });
          });
          for (const id of before.keys()) if (!after.has(id)) this.remove.run(kind, id);
          next.set(kind, after);
        }
      });
    } catch (err) {
      this.written = undefined;
      throw err;
    }
    this.written = next;
  }
}
