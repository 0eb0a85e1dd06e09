/**
 * Call scripts and `voxmask call`: the example script runs in-process through the command module, bad
 * scripts name the offending field, and the zod schema and schemas/call-script.schema.json (generated
 * from it) agree on valid and invalid scripts.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { Command } from 'commander';
import { command } from '../../../src/cli/commands/call';
import { CallScriptError, runCallScript } from '../../../src/sandbox/runtime';
import { parseCallScript } from '../../../src/sandbox/runtime/call-script';

const ROOT = join(__dirname, '..', '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'runtime');
const EXAMPLE = join(FIXTURES, 'example.call.json');

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } }, out, err };
}

const example = () => JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Record<string, unknown>;

describe('call scripts', () => {
  test('voxmask call on the example script prints the timeline and a summary (exit 0)', async () => {
    const { io, out, err } = capture();
    expect(await command.run({ script: EXAMPLE }, io)).toBe(0);
    const text = out.join('');
    expect(err).toEqual([]);
    expect(text).toContain('+49********678 hears the other party +49********432');
    expect(text).toContain('outbound call [1.2] to +49********432, caller ID shown +4930555000111');
    expect(text).toContain('+49********999 hears "Sorry, we could not find your order." (Amazon.en_GB_Amy)');
    expect(text).toMatch(/session 1: Normal termination, 34 s, 2 call leg\(s\)/);
  });

  test('--json prints the trace JSON', async () => {
    const { io, out } = capture();
    expect(await command.run({ script: EXAMPLE, json: true }, io)).toBe(0);
    const trace = JSON.parse(out.join('')) as { format: string; startTime: string; records: unknown[] };
    expect(trace.format).toBe('voxmask-trace');
    expect(trace.startTime).toBe('2026-03-02T09:30:00.000Z');
    expect(trace.records.length).toBeGreaterThan(50);
  });

  test('the command definition declares its argument and options', async () => {
    const program = new Command('voxmask').exitOverride();
    const call = command.define(program);
    expect(call?.registeredArguments.map((a) => a.name())).toEqual(['script']);
    expect(call?.options.map((o) => o.long)).toEqual([
      '--json',
      '--color',
      '--svg',
      '--sandbox',
      '--ca',
      '--credentials',
      '--show-numbers',
    ]);
  });

  test.each([
    [
      (s: Record<string, unknown>) => ({ ...s, calls: [{ from: '+1', to: '+2', actions: [{ waitS: 1 }, { press: '12a' }] }] }),
      'calls[0].actions[1].press: digits must be 0-9, * or #',
    ],
    [
      (s: Record<string, unknown>) => ({ ...s, calls: [{ from: '+1', to: '+2', actions: [{ dance: true }] }] }),
      'calls[0].actions[0]: an action must have exactly one of: waitS, press, waitUntilHeard, hangup (found none)',
    ],
    [
      (s: Record<string, unknown>) => ({ ...s, phones: { '+49170': { answer: { afterS: -1 } } } }),
      'phones["+49170"].answer.afterS: Too small: expected number to be >=0',
    ],
    [
      (s: Record<string, unknown>) => ({ ...s, http: [{ match: { urlContains: '/x' }, respond: { networkError: -12 } }] }),
      'http[0].respond.networkError: must be a Net error code -1..-9',
    ],
    [(s: Record<string, unknown>) => ({ ...s, scenarios: [] }), 'scenarios: list at least one scenario file'],
    [(s: Record<string, unknown>) => ({ ...s, calls: [] }), 'calls: give at least one inbound call (calls) or one session (sessions)'],
    [
      (s: Record<string, unknown>) => ({ ...s, storage: { 'bad key!': 'v' } }),
      'storage["bad key!"]: key "bad key!" has characters outside [a-zA-Z0-9а-яА-ЯёЁ_-:;.#+]',
    ],
    [(s: Record<string, unknown>) => ({ ...s, extra: 1 }), 'Unrecognized key: "extra"'],
    [(s: Record<string, unknown>) => ({ ...s, startTime: 'tuesday' }), /^startTime: must be epoch ms or an ISO 8601 date, got "tuesday"$/],
  ])('a bad script names the field: %#', async (mutate, message) => {
    const promise = runCallScript(mutate(example()), FIXTURES);
    await expect(promise).rejects.toThrow(CallScriptError);
    await expect(promise).rejects.toThrow(message);
  });

  test('voxmask call exits 1 with the field path for a bad script, and for unreadable or non-JSON files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'voxmask-call-'));
    try {
      const bad = join(dir, 'bad.json');
      writeFileSync(bad, JSON.stringify({ ...example(), calls: [{ from: '+1', to: '+2', actions: [{ press: 'x' }] }] }));
      const notJson = join(dir, 'not.json');
      writeFileSync(notJson, '{ nope');
      const missingScenario = join(dir, 'missing.json');
      writeFileSync(missingScenario, JSON.stringify({ ...example(), scenarios: ['nowhere.js'] }));
      for (const [file, text] of [
        [bad, 'calls[0].actions[0].press: digits must be 0-9, * or #'],
        [notJson, 'is not valid JSON'],
        [join(dir, 'absent.json'), 'cannot read'],
        [missingScenario, 'scenarios[0]: cannot read'],
      ]) {
        const { io, err, out } = capture();
        expect(await command.run({ script: file }, io)).toBe(1);
        expect(err.join('')).toContain(text);
        expect(out).toEqual([]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the JSON Schema and the zod schema agree on the example and on bad scripts', () => {
    const ajv = new Ajv2020({ strict: true, allErrors: true, allowUnionTypes: true });
    const validate = ajv.compile(JSON.parse(readFileSync(join(ROOT, 'schemas', 'call-script.schema.json'), 'utf8')) as object);
    const good = [
      example(),
      { scenarios: ['a.js'], sessions: [{ customData: 'x' }] },
      { scenarios: ['a.js'], calls: [{ from: '1', to: '2', actions: [{ hangup: true }] }], defaultPhone: { noAnswer: {} } },
    ];
    const bad = [
      { scenarios: ['a.js'] },
      { scenarios: ['a.js'], calls: [{ from: '1' }] },
      { scenarios: ['a.js'], calls: [{ from: '1', to: '2', actions: [{ press: '1', waitS: 2 }] }] },
      { scenarios: ['a.js'], calls: [{ from: '1', to: '2' }], phones: { x: { busy: { afterS: 1 }, reject: {} } } },
      { scenarios: ['a.js'], calls: [{ from: '1', to: '2' }], faults: { http: [{ kind: 'slow' }] } },
      { scenarios: ['a.js'], calls: [{ from: '1', to: '2' }], storage: { k: { value: 'v', ttl: -1 } } },
    ];
    for (const script of good) {
      expect(validate(script)).toBe(true);
      expect(() => parseCallScript(script)).not.toThrow();
    }
    for (const script of bad) {
      expect(validate(script)).toBe(false);
      expect(() => parseCallScript(script)).toThrow(CallScriptError);
    }
  });
});
