/**
 * The emulator's JSON Schemas, generated from their zod definitions so the two cannot drift:
 * schemas/call-script.schema.json (script/schema.ts, the input of `voxmask call`) and
 * schemas/trace.schema.json (trace/schema.ts, the output of `voxmask call --json`). For editors and
 * other tools; checks zod expresses as code (a storage key's characters, the start time's format) are
 * applied by the emulator, not by these schemas. `node dist/src/sandbox/runtime/json-schemas.js`
 * (`npm run schemas`) rewrites both files; test/sandbox/runtime/json-schemas.test.ts fails while a
 * committed file differs from what this module generates.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { PROJECT_ROOT } from '../../build/paths';
import { callScriptSchema } from './script/schema';
import { traceSchema } from './trace/schema';

/** Where the call script's JSON Schema is committed. */
export const CALL_SCRIPT_SCHEMA_FILE = join(PROJECT_ROOT, 'schemas/call-script.schema.json');
/** Where the trace's JSON Schema is committed. */
export const TRACE_SCHEMA_FILE = join(PROJECT_ROOT, 'schemas/trace.schema.json');

/**
 * A draft 2020-12 schema of `schema` headed by `$id`, title and description. Generated for the output
 * side (io 'output'): what a valid document looks like once parsed, which for these formats is also what
 * may be written (no defaults or transforms change a value's shape).
 */
function generate(schema: z.ZodType, head: { $id: string; title: string; description: string }): Record<string, unknown> {
  const generated = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  const { $schema, ...rest } = generated;
  return { $schema, ...head, ...rest };
}

/** The call script's JSON Schema. */
export function callScriptJsonSchema(): Record<string, unknown> {
  return generate(callScriptSchema, {
    $id: 'https://voxmask.dev/schemas/call-script.schema.json',
    title: 'voxmask call script',
    description:
      'Input of `voxmask call SCRIPT.json`: scenario files, application, initial ApplicationStorage and secrets, HTTP answers, far ends (phones, SIP URIs, users), faults, inbound calls and API-started sessions. Scenario paths are relative to the script. See docs/runtime.md. Generated from src/sandbox/runtime/script/schema.ts.',
  });
}

/** The trace's JSON Schema. */
export function traceJsonSchema(): Record<string, unknown> {
  return generate(traceSchema, {
    $id: 'https://voxmask.dev/schemas/trace.schema.json',
    title: 'voxmask runtime emulator trace',
    description:
      "The trace of one VoxEngineEmulator (src/sandbox/runtime): one ordered, timestamped record of every session's events, API calls, what each party heard, storage reads and writes, HTTP requests, log lines, access-URL requests, notes on emulator choices, warnings, limits and errors. Times are virtual (the emulator's clock). See docs/runtime.md. Generated from src/sandbox/runtime/trace/schema.ts.",
  });
}

/** A schema file's text: pretty JSON with a final newline. */
export function schemaText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}

/** Rewrites both committed schema files. */
export function writeJsonSchemas(): void {
  writeFileSync(CALL_SCRIPT_SCHEMA_FILE, schemaText(callScriptJsonSchema()));
  writeFileSync(TRACE_SCHEMA_FILE, schemaText(traceJsonSchema()));
}

if (require.main === module) writeJsonSchemas();
