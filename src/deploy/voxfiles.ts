import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { RULE_NAME_MAX, SCENARIO_NAME_MAX } from '../../contract/application-name';
import { issueLines } from '../config/issues';
import { VoxfilesError } from './errors';
import { scriptHash } from './hash';

/**
 * Reads the voxengine-ci working tree (docs/platform.md#voxfiles-layout) the way voxengine-ci reads it:
 * `applications/<full-app-name>/application.config.json` (`{"applicationName": "<full-app-name>"}`),
 * `applications/<full-app-name>/rules.config.json` (routing order = array order), and each rule's
 * scenarios from `scenarios/src/<name>.voxengine.js`. Only scenarios referenced by a rule are read
 * (docs/platform.md#voxfiles-layout "Only scenarios referenced from some rules.config.json are built or uploaded").
 */

/** A rule as rules.config.json declares it; `rulePattern` defaults to `.*` as in voxengine-ci. */
export interface RuleConfig {
  ruleName: string;
  /** Scenario names in the order they run (bound order). */
  scenarios: string[];
  rulePattern: string;
}

/** One scenario bundle to upload. `hash` is the sha256 of `text` (scriptHash). */
export interface ScenarioSource {
  name: string;
  file: string;
  text: string;
  hash: string;
}

/** What voxfiles/ asks the platform to hold for one application. */
export interface DesiredApplication {
  /** Full application name, e.g. `voxmask.myaccount.voximplant.com`. */
  fullName: string;
  rules: RuleConfig[];
  /** Every scenario referenced by a rule, in first-reference order. */
  scenarios: ScenarioSource[];
}

/** Rule and scenario names follow the platform's limits (contract/application-name.ts, docs/platform.md#scenario-methods, docs/platform.md#rule-methods). */
const ruleConfigSchema = z
  .object({
    ruleName: z.string().min(1).max(RULE_NAME_MAX),
    scenarios: z
      .array(
        z
          .string()
          .min(1)
          .max(SCENARIO_NAME_MAX)
          .regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, 'must be letters, digits, _ or - (it is also a file name)'),
      )
      .min(1, 'must name at least one scenario'),
    rulePattern: z.string().default('.*'),
  })
  .strict();
const rulesConfigSchema = z.array(ruleConfigSchema);
const applicationConfigSchema = z.object({ applicationName: z.string().min(1) }).passthrough();

/** Config formats voxengine-ci also accepts but voxmask does not read (docs/platform.md#voxfiles-layout): named in the error. */
const UNSUPPORTED_CONFIG_EXTENSIONS = ['yml', 'yaml', 'toml', 'ts', 'js'];

/** Folder of one application's config: `<root>/applications/<fullName>`. */
export function applicationDir(root: string, fullName: string): string {
  return join(resolve(root), 'applications', fullName);
}

/** Path of a scenario bundle: `<root>/scenarios/src/<name>.voxengine.js`. */
export function scenarioSourceFile(root: string, name: string): string {
  return join(resolve(root), 'scenarios', 'src', `${name}.voxengine.js`);
}

/**
 * Reads and validates everything deploy needs for the application `fullName`.
 * @param root the voxengine-ci root (`voxfiles`)
 * @param builtTexts scenario texts just built (by name); used instead of reading those bundles
 * @throws VoxfilesError naming the file and field: missing folder or config, bad JSON, a rule without
 *   scenarios, duplicate rule names, scenario names equal ignoring case, a missing bundle
 */
export function readDesiredApplication(
  root: string,
  fullName: string,
  builtTexts: Readonly<Record<string, string>> = {},
): DesiredApplication {
  const dir = applicationDir(root, fullName);
  if (!existsSync(dir)) {
    throw new VoxfilesError(
      dir,
      `no configuration for application ${fullName}; create application.config.json and rules.config.json there (see voxfiles/README.md)`,
    );
  }
  const appConfig = parseJsonFile(join(dir, 'application.config.json'), applicationConfigSchema);
  if (appConfig.applicationName !== fullName) {
    throw new VoxfilesError(
      join(dir, 'application.config.json'),
      `applicationName is "${appConfig.applicationName}" but must equal the folder name "${fullName}" (voxengine-ci requires it)`,
    );
  }
  const rulesFile = join(dir, 'rules.config.json');
  const rules = parseJsonFile(rulesFile, rulesConfigSchema);
  checkUnique(
    rules.map((r) => r.ruleName),
    rulesFile,
    'ruleName',
    (n) => n,
  );
  const names: string[] = [];
  for (const rule of rules) for (const name of rule.scenarios) if (!names.includes(name)) names.push(name);
  checkUnique(names, rulesFile, 'scenario name', (n) => n.toLowerCase());
  return { fullName, rules, scenarios: names.map((name) => readScenario(root, name, builtTexts[name])) };
}

function readScenario(root: string, name: string, built: string | undefined): ScenarioSource {
  const file = scenarioSourceFile(root, name);
  if (built !== undefined) return { name, file, text: built, hash: scriptHash(built) };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const ts = file.replace(/\.js$/, '.ts');
    const hint = existsSync(ts) ? `only ${ts} exists; run "voxmask build" to produce the bundle` : 'run "voxmask build" first';
    throw new VoxfilesError(file, `cannot read scenario "${name}" (${(err as NodeJS.ErrnoException).code ?? 'error'}): ${hint}`);
  }
  return { name, file, text, hash: scriptHash(text) };
}

function parseJsonFile<T extends z.ZodTypeAny>(file: string, schema: T): z.infer<T> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    const base = file.replace(/\.json$/, '');
    const other = UNSUPPORTED_CONFIG_EXTENSIONS.map((ext) => `${base}.${ext}`).find((f) => existsSync(f));
    throw new VoxfilesError(file, other ? `is missing (voxmask reads JSON only; convert ${other})` : 'is missing');
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new VoxfilesError(file, `is not valid JSON (${(err as Error).message})`);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new VoxfilesError(file, issueLines(parsed.error).join('; '));
  return parsed.data;
}

function checkUnique(values: string[], file: string, what: string, key: (v: string) => string): void {
  const seen = new Map<string, string>();
  for (const value of values) {
    const k = key(value);
    const earlier = seen.get(k);
    if (earlier !== undefined) {
      throw new VoxfilesError(
        file,
        earlier === value
          ? `${what} "${value}" appears twice`
          : `${what}s "${earlier}" and "${value}" differ only in case (the platform treats them as one)`,
      );
    }
    seen.set(k, value);
  }
}
