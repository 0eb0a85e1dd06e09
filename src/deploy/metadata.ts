import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write';
import { VoxfilesError } from './errors';

/**
 * The metadata files voxengine-ci 28 keeps under `<root>/.voxengine-ci/` (docs/platform.md#voxfiles-layout),
 * written byte-for-byte as it writes them: `JSON.stringify(value)` without indentation, keys in the
 * order below. (Later voxengine-ci versions add `applicationId` to scenario metadata and `scenarios`
 * to application metadata; readers here accept and ignore such extra fields.)
 */

/** `applications/<full>/application.metadata.config.json`. */
export interface ApplicationMetadata {
  applicationId: number;
  applicationName: string;
}

/** One scenario of a rule in `rules.metadata.config.json`, in bound order. */
export interface RuleScenarioMetadata {
  scenarioName: string;
  scenarioId: number;
}

/** One rule of `applications/<full>/rules.metadata.config.json` (all of the application's rules, routing order). */
export interface RuleMetadata {
  ruleName: string;
  ruleId: number;
  scenarios: RuleScenarioMetadata[];
  rulePattern: string;
}

/** `scenarios/dist/<name>.metadata.config.json`; `hash` is the sha256 hex of the uploaded script. */
export interface ScenarioMetadata {
  scenarioId: number;
  scenarioName: string;
  hash: string;
}

/** One metadata file with its exact text. `path` is relative to the metadata root. */
export interface MetadataFile {
  path: string;
  text: string;
}

/** Relative paths of the metadata files inside the metadata root (`.voxengine-ci`). */
export const metadataPaths = {
  application: (fullName: string) => join('applications', fullName, 'application.metadata.config.json'),
  rules: (fullName: string) => join('applications', fullName, 'rules.metadata.config.json'),
  scenario: (name: string) => join('scenarios', 'dist', `${name}.metadata.config.json`),
};

/** The text voxengine-ci writes for application metadata. */
export function applicationMetadataText(meta: ApplicationMetadata): string {
  return JSON.stringify({ applicationId: meta.applicationId, applicationName: meta.applicationName });
}

/** The text voxengine-ci writes for rules metadata. */
export function rulesMetadataText(rules: RuleMetadata[]): string {
  return JSON.stringify(
    rules.map((r) => ({
      ruleName: r.ruleName,
      ruleId: r.ruleId,
      scenarios: r.scenarios.map((s) => ({ scenarioName: s.scenarioName, scenarioId: s.scenarioId })),
      rulePattern: r.rulePattern,
    })),
  );
}

/** The text voxengine-ci writes for scenario metadata. */
export function scenarioMetadataText(meta: ScenarioMetadata): string {
  return JSON.stringify({ scenarioId: meta.scenarioId, scenarioName: meta.scenarioName, hash: meta.hash });
}

/**
 * Reads `scenarios/dist/<name>.metadata.config.json` under `metadataRoot`.
 * @returns undefined when the file does not exist
 * @throws VoxfilesError when it exists but is not JSON or lacks scenarioId/scenarioName/hash
 */
export function readScenarioMetadata(metadataRoot: string, name: string): ScenarioMetadata | undefined {
  const file = join(resolve(metadataRoot), metadataPaths.scenario(name));
  if (!existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    throw new VoxfilesError(file, `is not valid JSON (${(err as Error).message}); delete it to let deploy adopt the platform's copy`);
  }
  const meta = raw as Partial<ScenarioMetadata> | null;
  const problems = [
    typeof meta?.scenarioId === 'number' && Number.isInteger(meta.scenarioId) ? undefined : 'scenarioId must be an integer',
    typeof meta?.scenarioName === 'string' ? undefined : 'scenarioName must be a string',
    typeof meta?.hash === 'string' && /^[0-9a-f]{64}$/.test(meta.hash) ? undefined : 'hash must be a sha256 hex digest',
  ].filter((p): p is string => p !== undefined);
  if (problems.length > 0) throw new VoxfilesError(file, problems.join('; '));
  return { scenarioId: meta!.scenarioId!, scenarioName: meta!.scenarioName!, hash: meta!.hash! };
}

/** The files among `files` whose text differs from what is on disk under `metadataRoot` (or that are missing). */
export function changedMetadataFiles(metadataRoot: string, files: MetadataFile[]): MetadataFile[] {
  const root = resolve(metadataRoot);
  return files.filter((f) => {
    try {
      return readFileSync(join(root, f.path), 'utf8') !== f.text;
    } catch {
      return true;
    }
  });
}

/**
 * Writes metadata files under `metadataRoot`, creating folders (including the empty
 * `scenarios/src/` voxengine-ci creates, docs/platform.md#voxfiles-layout). Each file is replaced atomically (the sandbox state's
 * writeFileAtomic: temp file, fsync, rename), so an interrupted deploy never leaves half a file.
 * @throws the underlying fs error (the temp file of a failed write is removed)
 */
export async function writeMetadataFiles(metadataRoot: string, files: MetadataFile[]): Promise<void> {
  const root = resolve(metadataRoot);
  mkdirSync(join(root, 'scenarios', 'src'), { recursive: true });
  for (const f of files) {
    const target = join(root, f.path);
    mkdirSync(dirname(target), { recursive: true });
    await writeFileAtomic(target, f.text);
  }
}
