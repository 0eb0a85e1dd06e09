import { createHash } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import { z } from 'zod';
import { issueLines } from '../../config/issues';
import { KeyValueError, KeyValueStore } from '../kv-store';
import { StateDatabase } from './database';
import { SandboxStateError } from './errors';
import { HistoryTable } from './history-table';
import { KvRows } from './kv-rows';
import { MetaRows } from './meta-rows';
import { accountSchema, applicationSchema, callSessionSchema, nextIdsSchema, phoneNumberSchema, ruleSchema, scenarioSchema } from './model';
import { RecordTables } from './record-tables';

/** The whole-file state of voxmask before `state.db` (one JSON document rewritten on every change). */
export const LEGACY_STATE_FILE = 'state.json';

/** `state.json` as the older voxmask wrote it. `storage` is keyed by application id (decimal string). */
export const legacyStateSchema = z.object({
  version: z.literal(1),
  account: accountSchema,
  nextIds: nextIdsSchema,
  applications: z.array(applicationSchema),
  scenarios: z.array(scenarioSchema),
  rules: z.array(ruleSchema),
  phoneNumbers: z.array(phoneNumberSchema),
  storage: z.record(
    z.string().regex(/^\d+$/),
    z.object({ items: z.array(z.object({ key: z.string(), value: z.string(), expireAt: z.number() })) }),
  ),
  history: z.array(callSessionSchema.extend({ logLines: z.array(z.string()) })),
});
export type LegacyState = z.infer<typeof legacyStateSchema>;

/** A read `state.json`: its data and the SHA-256 (hex) of its bytes (which `state.db` records once migrated). */
export interface LegacyStateFile {
  data: LegacyState;
  sha256: string;
}

/**
 * Reads and validates an older `state.json`, storage keys and values included (KeyValueStore's rules).
 * Throws SandboxStateError naming the file and listing `field: problem`.
 */
export async function readLegacyState(file: string): Promise<LegacyStateFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    throw new SandboxStateError(file, `cannot read ${file}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw new SandboxStateError(file, `${file} is not valid JSON (${(err as Error).message}); move it away or start with --reset`);
  }
  const parsed = legacyStateSchema.safeParse(raw);
  if (!parsed.success) throw new SandboxStateError(file, `${file} does not hold a valid sandbox state`, issueLines(parsed.error));
  const issues: string[] = [];
  for (const [appId, { items }] of Object.entries(parsed.data.storage)) {
    items.forEach((item, i) => {
      try {
        KeyValueStore.validateItem(item.key, item.value);
      } catch (err) {
        if (!(err instanceof KeyValueError)) throw err;
        issues.push(`storage.${appId}.items.${i}.${err.field}: ${err.message}`);
      }
    });
  }
  if (issues.length) throw new SandboxStateError(file, `${file} does not hold a valid sandbox state`, issues);
  return { data: parsed.data, sha256: sha256Hex(bytes) };
}

/** SHA-256 (hex) of a file's bytes; undefined when it does not exist. */
export async function fileSha256(file: string): Promise<string | undefined> {
  try {
    return sha256Hex(await readFile(file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Writes a read `state.json` into a new database file `target` (an existing one and its WAL are
 * removed first) in one transaction, with the file's hash in `meta`, then leaves WAL mode so that the
 * whole database is in `target` alone (the caller renames it) and closes it. Every item and session is
 * kept as it was (expired storage items go at the first open).
 */
export async function writeLegacyState(legacy: LegacyStateFile, target: string): Promise<void> {
  await removeDatabaseFiles(target);
  const database = StateDatabase.open(target);
  try {
    const { data } = legacy;
    const meta = new MetaRows(database);
    meta.write('account', data.account);
    meta.write('next_ids', data.nextIds);
    meta.write('migrated_from_sha256', legacy.sha256);
    new RecordTables(database).save({
      applications: data.applications,
      scenarios: data.scenarios,
      rules: data.rules,
      phoneNumbers: data.phoneNumbers,
    });
    for (const [appId, { items }] of Object.entries(data.storage)) {
      const rows = new KvRows(database, Number(appId));
      for (const item of items) rows.set(item, Number.NEGATIVE_INFINITY);
    }
    const history = new HistoryTable(database);
    for (const { logLines, ...session } of data.history) history.append(session, logLines, Number.MAX_SAFE_INTEGER);
    await database.durable();
    // Checkpoints the WAL into the file and removes it; StateDatabase.open turns WAL on again.
    database.db.pragma('journal_mode = DELETE');
  } finally {
    await database.close();
  }
}

/** Removes a database file with its WAL, shared-memory and rollback-journal files. */
export async function removeDatabaseFiles(file: string): Promise<void> {
  for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(`${file}${suffix}`, { force: true });
}

function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
