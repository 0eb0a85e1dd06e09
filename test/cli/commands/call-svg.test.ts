import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { command } from '../../../src/cli/commands/call';
import { digitRunsOf } from '../../../contract/mask-text';

/** `voxmask call SCRIPT --svg FILE` (src/cli/commands/call.ts): the run's ladder as an SVG file, numbers masked. */
const SCRIPT = join(__dirname, '../../../examples/single-call.json');

function io() {
  const out = { stdout: '', stderr: '' };
  return { out, io: { stdout: { write: (t: string) => (out.stdout += t) }, stderr: { write: (t: string) => (out.stderr += t) } } };
}

describe('voxmask call --svg', () => {
  let dir: string;
  beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'voxmask-svg-'))));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('writes the ladder of the run: six lanes, the bridge and the webhook post, no real number', async () => {
    const file = join(dir, 'call.svg');
    const { out, io: streams } = io();
    expect(await command.run({ script: SCRIPT, svg: file }, streams)).toBe(0);
    const svg = readFileSync(file, 'utf8');
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.match(/<g class="lane"/g)).toHaveLength(6);
    expect(svg).toContain('data-kind="bridge"');
    expect(svg).toContain('POST backend.example.com/voxmask/call-results');
    expect(svg).toContain('+493025550100');
    for (const real of ['4915112345678', '4930123456789'])
      expect(digitRunsOf(svg).filter((run) => run.includes(real.slice(-9)))).toEqual([]);
    expect(out.stdout).toContain('session 1: Normal termination');
  });

  test('refuses --svg with --sandbox, whose answer carries no trace', async () => {
    const { out, io: streams } = io();
    expect(await command.run({ script: SCRIPT, svg: join(dir, 'x.svg'), sandbox: '127.0.0.1:1', ca: 'x', credentials: 'y' }, streams)).toBe(
      1,
    );
    expect(out.stderr).toContain('--svg: draws offline runs only');
  });
});
