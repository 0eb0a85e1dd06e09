import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SeedSummary } from '../../src/backend/orders';
import type { CallReport } from '../../src/demo/report';
import { parseConfig } from '../../src/config';
import { virtualNumbersOf } from '../../src/config/deploy';
import { demoScriptSchema } from '../../src/demo/demo-script';
import { numbersShownIn } from '../contract/number-needles';
import { voxmask } from '../cli/run-cli';

/**
 * `npm start -- --once` as a newcomer runs it, through runCli in this process (the compiled entry
 * point, its exit codes and a fresh process's own certificate trust are tested by test/bin and the
 * deploy CLI test): the repository's configuration, example dispatch feed and call script; only the
 * sandbox folder is a temporary one. The expectations are read from examples/call-script.json, not
 * from the demo's own verdicts.
 */
const root = resolve(__dirname, '../..');
const script = demoScriptSchema.parse(JSON.parse(readFileSync(join(root, 'examples/call-script.json'), 'utf8')));

describe('voxmask start --once (the main job end to end)', () => {
  let dir: string;
  let run: { code: number; stdout: string; stderr: string };
  let report: { allAsExpected: boolean; seed: SeedSummary; calls: CallReport[] };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'voxmask-start-'));
    const config = JSON.parse(readFileSync(join(root, 'voxmask.config.json'), 'utf8'));
    config.deploy.sandboxDir = join(dir, 'sandbox');
    writeFileSync(join(dir, 'voxmask.config.json'), JSON.stringify(config));
    run = await voxmask(['start', '--once', '--config', join(dir, 'voxmask.config.json'), '--report', join(dir, 'report.json')]);
    report = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8'));
  }, 150_000);

  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('exits 0 and says every call ended as expected', () => {
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Every call ended as the script expects.');
  });

  test('seeds the feed and reports each deliberately bad row with its line, dropping none', () => {
    const rows = readFileSync(join(root, 'examples/dispatch-feed.csv'), 'utf8').trim().split('\n').length - 1;
    expect(report.seed.total).toBe(rows);
    expect(report.seed.written + report.seed.unchanged + report.seed.rejected.length + report.seed.failed.length).toBe(rows);
    expect(report.seed.written).toBeGreaterThanOrEqual(50);
    expect(report.seed.rejected.map((r) => r.orderId ?? `line ${r.line}`)).toEqual(['B-2901', 'B-2902', 'B-2903', 'line 57']);
    expect(report.seed.failed).toEqual([]);
  });

  test('every scripted call ends with the outcome the script expects', () => {
    expect(report.calls.map((c) => c.name)).toEqual(script.calls.map((c) => c.name));
    report.calls.forEach((call, i) => {
      const expected = script.calls[i].expect;
      expect({ call: call.name, outcome: call.result?.outcome }).toEqual({ call: call.name, outcome: expected.outcome });
      if (expected.pin) expect({ call: call.name, pin: call.result?.pin.outcome }).toEqual({ call: call.name, pin: expected.pin });
    });
  });

  test('each call delivered exactly one verified result to the receiver, none dead-lettered', () => {
    for (const call of report.calls) {
      expect({ call: call.name, delivered: call.resultsDelivered, deadLettered: call.resultsDeadLettered }).toEqual({
        call: call.name,
        delivered: 1,
        deadLettered: 0,
      });
      expect(call.result?.sessionId).toBe(call.sessionId);
    }
    expect(new Set(report.calls.map((c) => c.sessionId)).size).toBe(report.calls.length);
  });

  test('no result carries a warning (e.g. ringback_failed: every caller heard ringback, not silence)', () => {
    expect(report.calls.flatMap((c) => (c.result?.warnings ?? []).map((w) => `${c.name}: ${w}`))).toEqual([]);
  });

  test('every masking check passed on every call, and callees saw only virtual numbers', () => {
    for (const call of report.calls) {
      expect(call.checks.map((c) => c.name).sort()).toEqual(['callee caller ID', 'far-end signalling', 'scenario logs', 'spoken text']);
      expect({ call: call.name, failed: call.checks.filter((c) => !c.passed) }).toEqual({ call: call.name, failed: [] });
    }
    // The demo's own output masks real numbers too: the only full numbers it prints are virtual ones.
    // The shared PIN numbers and the pool numbers.
    const virtualNumbers = new Set<string>(
      virtualNumbersOf(parseConfig(JSON.parse(readFileSync(join(root, 'voxmask.config.json'), 'utf8'))).deploy),
    );
    const printed = run.stdout.match(/\+\d{7,}/g) ?? [];
    expect(printed.length).toBeGreaterThan(0);
    expect(printed.filter((n) => !virtualNumbers.has(n))).toEqual([]);
  });

  test('neither the output nor the --report file carries a real number, in any script or layout', () => {
    const feedPhones = readFileSync(join(root, 'examples/dispatch-feed.csv'), 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .flatMap((line) => line.split(',').slice(1, 4));
    const callers = [...readFileSync(join(root, 'examples/call-script.json'), 'utf8').matchAll(/"from":\s*"([^"]+)"/g)].map((m) => m[1]);
    const realNumbers = [...feedPhones, ...callers].filter((phone) => phone.replace(/[^0-9]/g, '').length >= 7);
    expect(realNumbers.length).toBeGreaterThan(50);
    expect(numbersShownIn(run.stdout + run.stderr, realNumbers)).toEqual([]);
    expect(numbersShownIn(readFileSync(join(dir, 'report.json'), 'utf8'), realNumbers)).toEqual([]);
  });

  test('the two rush-hour calls ran at the same time on two different virtual numbers', () => {
    const rush = report.calls.filter((c) => c.batch === 'rush hour');
    expect(rush).toHaveLength(2);
    expect(new Set(rush.map((c) => c.to)).size).toBe(2);
    const [a, b] = rush.map((c) => c.result!);
    expect(Date.parse(a.startedAt)).toBeLessThan(Date.parse(b.endedAt));
    expect(Date.parse(b.startedAt)).toBeLessThan(Date.parse(a.endedAt));
  });

  test('pool-session calls dial the number of their session, skip the PIN, and report mode pool', () => {
    const config = parseConfig(JSON.parse(readFileSync(join(root, 'voxmask.config.json'), 'utf8')));
    const pool = new Set(config.deploy.pool.numbers.map((n) => n.number));
    const poolCalls = report.calls.filter((_, i) => {
      const call = script.calls[i];
      return 'to' in call && typeof call.to !== 'string';
    });
    expect(poolCalls.length).toBeGreaterThanOrEqual(4);
    for (const call of poolCalls) {
      expect({ call: call.name, dialedPool: pool.has(call.to), mode: call.result?.mode, pin: call.result?.pin.outcome }).toEqual({
        call: call.name,
        dialedPool: true,
        mode: 'pool',
        pin: 'not_entered',
      });
    }
    // The 3-party order's pairs each have their own number.
    const threeParty = report.calls.filter((c) => c.orderId === 'B-2122' && c.result?.mode === 'pool');
    expect(new Set(threeParty.map((c) => c.to)).size).toBe(threeParty.length);
  });

  test('click-to-call requests: A is called first with the virtual number, then B; the result says click-to-call', () => {
    const requested = script.calls.filter((c) => 'clickToCall' in c);
    const calls = report.calls.filter((c) => c.kind === 'click-to-call');
    expect(calls.map((c) => c.name)).toEqual(requested.map((c) => c.name));
    expect(calls.map((c) => c.result?.outcome)).toEqual(['connected', 'callee_busy']);
    for (const call of calls) expect({ call: call.name, mode: call.result?.mode }).toEqual({ call: call.name, mode: 'click-to-call' });
  });

  test('known callers on the known-caller line: one order connects without a PIN, two get a menu; the PIN lines still ask', () => {
    const config = parseConfig(JSON.parse(readFileSync(join(root, 'voxmask.config.json'), 'utf8')));
    const knownLine = config.scenario.pin.skipForKnownCaller;
    expect(Array.isArray(knownLine) && knownLine.length).toBe(1);
    const known = report.calls.filter((c) => c.result?.mode === 'known-caller');
    expect(known.map((c) => c.name)).toEqual(script.calls.filter((c) => c.name.startsWith('Known caller')).map((c) => c.name));
    for (const call of known)
      expect({ to: call.to, pin: call.result?.pin.outcome, outcome: call.result?.outcome }).toEqual({
        to: (knownLine as string[])[0],
        pin: 'not_entered',
        outcome: 'connected',
      });
    // Every call to another shared number went through the PIN flow (or the operator), never as a known caller.
    const otherShared = report.calls.filter(
      (c) => c.kind === 'inbound' && config.deploy.numbers.some((n) => n.number === c.to) && c.to !== (knownLine as string[])[0],
    );
    expect(otherShared.length).toBeGreaterThan(10);
    expect(otherShared.filter((c) => c.result?.mode !== 'pin').map((c) => c.name)).toEqual([]);
  });

  test('a second run with --keep reuses the state: no deploy writes, nothing new seeded, same outcomes', async () => {
    const again = await voxmask([
      'start',
      '--once',
      '--keep',
      '--config',
      join(dir, 'voxmask.config.json'),
      '--report',
      join(dir, 'report-keep.json'),
    ]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('kept from the last run');
    expect(again.stdout).toContain('the platform already matched voxfiles/');
    const kept = JSON.parse(readFileSync(join(dir, 'report-keep.json'), 'utf8')) as typeof report;
    expect(kept.seed.written).toBe(0);
    expect(kept.seed.unchanged).toBe(report.seed.written);
    expect(kept.calls.map((c) => c.result?.outcome)).toEqual(script.calls.map((c) => c.expect.outcome));
  }, 150_000);
});
