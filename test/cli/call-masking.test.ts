import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { CommandIO } from '../../src/cli/command';
import { CallCommandOptions, command } from '../../src/cli/commands/call';
import { SHOW_NUMBERS_WARNING } from '../../src/cli/options';
import { numbersShownIn } from '../contract/number-needles';

/**
 * `voxmask call` masks the parties' numbers in everything it prints (README "Privacy and abuse
 * controls"): the timeline, the trace JSON, error messages. examples/single-call.json: the courier
 * +4915112345678 dials the virtual number +493025550100 and is bridged to the customer +4930123456789.
 */
const examples = resolve(__dirname, '../../examples');
const singleCall = join(examples, 'single-call.json');
const PARTIES = ['+4915112345678', '+4930123456789'];
const VIRTUAL = '+493025550100';

async function run(file: string, options: Omit<CallCommandOptions, 'script'>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CommandIO = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
  const code = await command.run({ script: file, ...options }, io);
  return { code, stdout, stderr };
}

describe('voxmask call masks phone numbers', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'voxmask-call-masking-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ['the timeline', {}],
    ['the colored timeline', { color: true }],
  ])('prints no party number in %s, in any form, and keeps the virtual number visible', async (_name, options) => {
    const { code, stdout, stderr } = await run(singleCall, options);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(numbersShownIn(stdout + stderr, PARTIES)).toEqual([]);
    expect(stdout).toContain('outbound call [1.2] to +49********789, caller ID shown +493025550100');
    expect(stdout).toContain(`inbound call [1.1] from +49********678 to ${VIRTUAL}`);
  });

  it('prints no party number in the trace JSON, which keeps its shape', async () => {
    const { code, stdout, stderr } = await run(singleCall, { json: true });
    expect(code).toBe(0);
    expect(numbersShownIn(stdout + stderr, PARTIES)).toEqual([]);
    const trace = JSON.parse(stdout) as { format: string; records: Record<string, unknown>[] };
    expect(trace.format).toBe('voxmask-trace');
    const outbound = trace.records.find((r) => r.kind === 'call.outbound');
    expect(outbound).toMatchObject({ number: '+49********789', callerid: VIRTUAL });
    expect(trace.records.every((r) => typeof r.atMs === 'number' && typeof r.at === 'string' && !String(r.at).includes('*'))).toBe(true);
  });

  it.each([
    ['the timeline', {}],
    ['the trace JSON', { json: true }],
  ])('prints the numbers of %s in full with --show-numbers, and warns once on stderr', async (_name, options) => {
    const { code, stdout, stderr } = await run(singleCall, { ...options, showNumbers: true });
    expect(code).toBe(0);
    expect(numbersShownIn(stdout, PARTIES)).toEqual(PARTIES);
    expect(stderr).toBe(SHOW_NUMBERS_WARNING);
  });

  it('masks numbers quoted by a bad call script error, in any script', async () => {
    const script = JSON.parse(readFileSync(singleCall, 'utf8'));
    script.scenarios = [resolve(examples, script.scenarios[0])];
    script.phones = { '+4930123456789': { answer: 'at once' } };
    const file = join(dir, 'bad-phone.json');
    writeFileSync(file, JSON.stringify(script));
    const masked = await run(file, {});
    expect(masked.code).toBe(1);
    expect(masked.stderr).toMatch(/invalid call script/);
    expect(numbersShownIn(masked.stderr, ['+4930123456789'])).toEqual([]);
    const shown = await run(file, { showNumbers: true });
    expect(numbersShownIn(shown.stderr, ['+4930123456789'])).toEqual(['+4930123456789']);

    const missing = join(dir, 'calls-for-٠١٥١ ٢٣٤٥٦٧٨.json');
    const unreadable = await run(missing, {});
    expect(unreadable.code).toBe(1);
    expect(numbersShownIn(unreadable.stderr, ['01512345678'])).toEqual([]);
  });
});
