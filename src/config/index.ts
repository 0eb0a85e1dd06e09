import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { scenarioConfigSchema } from './scenario';
import { deployConfigSchema } from './deploy';
import { issueLines, withIssues } from './issues';
import { VoxmaskError } from '../errors';

/**
 * The one configuration file, `voxmask.config.json` at the project root, read once at start-up.
 * Each section has its own schema and README table:
 * - `scenario`: baked into the VoxEngine bundle at build time (src/config/scenario.ts);
 * - `deploy`: where and how `voxmask deploy`/`seed` act (src/config/deploy.ts).
 */
export const voxmaskConfigSchema = z
  .object({
    $schema: z.string().optional(),
    scenario: scenarioConfigSchema.prefault({}),
    deploy: deployConfigSchema.prefault({}),
  })
  .strict();
export type VoxmaskConfig = z.infer<typeof voxmaskConfigSchema>;

/** Default location of the configuration file, relative to the working directory. */
export const DEFAULT_CONFIG_FILE = 'voxmask.config.json';

/** A configuration file that is missing, not JSON, or fails validation. Names the file and every bad field. */
export class ConfigError extends VoxmaskError {
  override name = 'ConfigError';
  readonly code = 'E_CONFIG';
  constructor(
    message: string,
    /** `path.to.field: problem` for each invalid field; empty for a read or parse error. */
    readonly issues: string[] = [],
  ) {
    super(withIssues(message, issues));
  }
}

/** Validates an already-parsed configuration object. Throws ConfigError naming each bad field. */
export function parseConfig(raw: unknown, source = 'configuration'): VoxmaskConfig {
  const result = voxmaskConfigSchema.safeParse(raw ?? {});
  if (!result.success) throw new ConfigError(`${source} is invalid`, issueLines(result.error));
  return result.data;
}

/**
 * Reads and validates the configuration file. A missing file at the default path yields the defaults;
 * a missing file that was named explicitly is an error. Throws ConfigError.
 */
export function loadConfig(file?: string): VoxmaskConfig {
  const path = resolve(file ?? DEFAULT_CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && file === undefined) return parseConfig({}, path);
    throw new ConfigError(`cannot read configuration file ${path}: ${(err as Error).message}`);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`configuration file ${path} is not valid JSON: ${(err as Error).message}`);
  }
  return parseConfig(raw, path);
}
