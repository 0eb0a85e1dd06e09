/** Sandbox.start refuses bad options before it opens anything, naming the option. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sandbox, SandboxOptionsError } from '../../src/sandbox';
import { EmulatorUsageError } from '../../src/sandbox/runtime';
import { TLS_DIR } from './management-api/harness';

describe('Sandbox.start options', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'voxmask-options-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    ['an empty dir', () => ({ dir: '' }), 'dir: must be a non-empty folder path'],
    ['a port out of range', () => ({ dir, port: 70_000 }), 'port: must be an integer 0..65535, got 70000'],
    ['faults with a negative latency', () => ({ dir, faults: { latencyMs: -1 } }), 'faults: latencyMs: '],
    ['a body timeout of 0', () => ({ dir, bodyTimeoutMs: 0 }), 'bodyTimeoutMs: must be a positive number of ms, got 0'],
    [
      'a body timeout that is not a number',
      () => ({ dir, bodyTimeoutMs: Number.NaN }),
      'bodyTimeoutMs: must be a positive number of ms, got NaN',
    ],
  ])('%s is a SandboxOptionsError naming the option', async (_label, options, message) => {
    const start = Sandbox.start({ tlsDir: TLS_DIR, ...options() });
    await expect(start).rejects.toThrow(SandboxOptionsError);
    await expect(start).rejects.toThrow(message);
  });

  test('a runtime startTime that is neither epoch ms nor ISO 8601 is the emulator usage error for options.startTime', async () => {
    const start = Sandbox.start({ dir, tlsDir: TLS_DIR, runtime: { startTime: 'yesterday-ish' } });
    await expect(start).rejects.toThrow(EmulatorUsageError);
    await expect(start).rejects.toThrow(/^options\.startTime: /);
  });
});
