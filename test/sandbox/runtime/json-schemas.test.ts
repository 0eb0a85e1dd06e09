/**
 * schemas/call-script.schema.json and schemas/trace.schema.json are generated from the zod schemas
 * (src/sandbox/runtime/json-schemas.ts): the committed files are exactly what the generator writes, and
 * the zod trace schema accepts what the emulator writes and refuses what the JSON Schema refuses.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import {
  CALL_SCRIPT_SCHEMA_FILE,
  callScriptJsonSchema,
  schemaText,
  TRACE_SCHEMA_FILE,
  traceJsonSchema,
} from '../../../src/sandbox/runtime/json-schemas';
import { runCallScript, VoxEngineEmulator } from '../../../src/sandbox/runtime';
import { appFor } from './helpers';
import { TRACE_KINDS, traceRecordSchema, traceSchema } from '../../../src/sandbox/runtime/trace/schema';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'runtime');

describe('generated JSON Schemas', () => {
  test.each([
    ['call-script', CALL_SCRIPT_SCHEMA_FILE, callScriptJsonSchema],
    ['trace', TRACE_SCHEMA_FILE, traceJsonSchema],
  ])('schemas/%s.schema.json is what the generator writes (regenerate: npm run schemas)', (_name, file, generate) => {
    expect(readFileSync(file, 'utf8')).toBe(schemaText(generate()));
  });

  test('a real trace passes the zod schema and the JSON Schema; a record with an unknown or a missing field fails both', async () => {
    const script = JSON.parse(readFileSync(join(FIXTURES, 'example.call.json'), 'utf8')) as unknown;
    const { emulator } = await runCallScript(script, FIXTURES);
    const json = JSON.parse(JSON.stringify(emulator.trace.toJSON())) as { records: Record<string, unknown>[] };
    const ajv = new Ajv2020({ strict: true, allErrors: true, validateFormats: false });
    const validate = ajv.compile(traceJsonSchema());
    expect(traceSchema.safeParse(json).success).toBe(true);
    expect(validate(json)).toBe(true);
    const log = json.records.find((r) => r.kind === 'log')!;
    for (const bad of [
      { ...log, extra: 1 },
      { ...log, source: undefined },
      { ...log, kind: 'heard' },
    ]) {
      const doc = { ...json, records: [JSON.parse(JSON.stringify(bad)) as unknown] };
      expect(traceRecordSchema.safeParse(doc.records[0]).success).toBe(false);
      expect(validate(doc)).toBe(false);
    }
  });

  test('records of the newer kinds and fields (access, warning, SIP calls, api by) validate too', async () => {
    const emulator = new VoxEngineEmulator();
    const code = `
      VoxEngine.addEventListener(AppEvents.Started, () => {
        const a = VoxEngine.callSIP('sip:desk@pbx.example.com', { callerid: '+15550000100', video: true });
        const b = VoxEngine.callUser({ username: 'anna', callerid: '+15550000100' });
        VoxEngine.easyProcess(a, b);
      });
      VoxEngine.addEventListener(AppEvents.HttpRequest, () => { VoxEngine.terminate(); return { ok: true }; });`;
    const { id } = emulator.startSession(appFor(emulator), [{ name: 's', code }]);
    const answer = emulator.deliverHttpRequest(id, { method: 'POST', path: '/request/1/x', content: '', headers: {} });
    await emulator.runUntilIdle();
    await answer;
    const json = JSON.parse(JSON.stringify(emulator.trace.toJSON())) as { records: { kind: string; by?: string; clientType?: string }[] };
    for (const kind of ['access', 'warning']) expect(json.records.some((r) => r.kind === kind)).toBe(true);
    expect(json.records.some((r) => r.by === 'VoxEngine.easyProcess')).toBe(true);
    expect(json.records.filter((r) => r.kind === 'call.outbound').map((r) => r.clientType)).toEqual(['sip', 'user']);
    const result = traceSchema.safeParse(json);
    expect(result.error?.issues ?? []).toEqual([]);
    const validate = new Ajv2020({ strict: true, allErrors: true, validateFormats: false }).compile(traceJsonSchema());
    expect(validate(json)).toBe(true);
  });

  test('every record kind is in the JSON Schema', () => {
    const kinds = new Set<string>();
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const kind = (node as { properties?: { kind?: { const?: string } } }).properties?.kind?.const;
      if (kind) kinds.add(kind);
      for (const child of Object.values(node)) walk(child);
    };
    walk(traceJsonSchema());
    expect([...kinds].sort()).toEqual([...TRACE_KINDS].sort());
  });
});
