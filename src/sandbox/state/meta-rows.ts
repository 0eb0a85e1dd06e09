import type { Statement } from 'better-sqlite3';
import type { z } from 'zod';
import { issueLines } from '../../config/issues';
import { StateDatabase } from './database';
import { SandboxStateError } from './errors';

/** Names of the `meta` rows. */
export type MetaName = 'account' | 'next_ids' | 'migrated_from_sha256';

/** The `meta` table: small JSON values by name (the account, the id counters, the hash of a migrated state.json). */
export class MetaRows {
  private readonly select: Statement<[string], { value: string }>;
  private readonly upsert: Statement<[string, string]>;

  constructor(private readonly database: StateDatabase) {
    this.select = database.db.prepare('SELECT value FROM meta WHERE name = ?');
    this.upsert = database.db.prepare(
      'INSERT INTO meta (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value',
    );
  }

  /**
   * The value of `name` parsed with `schema`, or undefined when the row is missing. Throws
   * SandboxStateError naming the database file and the row when it is not valid.
   */
  read<T>(name: MetaName, schema: z.ZodType<T>): T | undefined {
    const row = this.select.get(name);
    if (!row) return undefined;
    let raw: unknown;
    try {
      raw = JSON.parse(row.value);
    } catch (err) {
      throw new SandboxStateError(
        this.database.file,
        `${this.database.file}: meta row ${name} is not valid JSON (${(err as Error).message})`,
      );
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success)
      throw new SandboxStateError(this.database.file, `${this.database.file}: meta row ${name} is not valid`, issueLines(parsed.error));
    return parsed.data;
  }

  /** Writes `value` (as JSON) under `name` in the open transaction. */
  write(name: MetaName, value: unknown): void {
    this.database.write(() => this.upsert.run(name, JSON.stringify(value)));
  }
}
