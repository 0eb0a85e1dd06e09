import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { scenarioConfigSchema } from '../config/scenario';
import { PROJECT_ROOT } from './paths';

/** Where the JSON Schema of the `scenario` configuration section is committed. */
export const SCENARIO_CONFIG_SCHEMA_FILE = join(PROJECT_ROOT, 'schemas/scenario-config.schema.json');

/**
 * The JSON Schema (draft 2020-12) of the `scenario` section of voxmask.config.json, generated from the
 * zod schema (src/config/scenario.ts) so the two cannot drift; for editors and other tools. Checks zod
 * expresses as code (E.164 numbers, prompt placeholders, cross-field limits) are not in the JSON
 * Schema: `voxmask build` still applies them.
 */
export function scenarioConfigJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(scenarioConfigSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<
    string,
    unknown
  >;
  return {
    $schema: generated.$schema,
    $id: 'urn:voxmask:schema:scenario-config',
    title: 'voxmask scenario configuration, every mode (the "scenario" section of voxmask.config.json)',
    description:
      'Generated from src/config/scenario.ts; docs/scenario.md has the table. E.164 checks, prompt placeholder checks and cross-field limits are applied by voxmask build, not by this schema.',
    ...Object.fromEntries(Object.entries(generated).filter(([k]) => k !== '$schema')),
  };
}

/** The schema file's text (pretty JSON with a final newline). */
export function scenarioConfigJsonSchemaText(): string {
  return `${JSON.stringify(scenarioConfigJsonSchema(), null, 2)}\n`;
}

// `node dist/src/build/config-schema.js` regenerates the committed file.
if (require.main === module) writeFileSync(SCENARIO_CONFIG_SCHEMA_FILE, scenarioConfigJsonSchemaText());
