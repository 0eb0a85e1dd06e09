/**
 * The pool-session and click-to-call commands end to end, in-process (each command's `run`), against a
 * real sandbox: `voxmask session open|get|close`, `voxmask pool status` and `voxmask place-call` (and
 * `--cancel`, which reaches the running session as AppEvents.HttpRequest). Listing and extending are
 * the library's tests (test/backend/sessions). Every line printed is checked for unmasked party phones.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseClickToCallCommand, parseClickToCallData } from '../../contract/click-to-call';
import { openOrderStore } from '../../src/backend/orders';
import type { CliCommand } from '../../src/cli/command';
import { command as placeCall } from '../../src/cli/commands/place-call';
import { command as pool } from '../../src/cli/commands/pool';
import { command as session } from '../../src/cli/commands/session';
import { SandboxFixture, startSandbox, TLS_DIR } from '../deploy/sandbox-harness';

const COURIER = '+4915112345678';
const CUSTOMER = '+4930123456789';
const POOL = ['+4930500000100', '+4930500000101'];

describe('voxmask session, pool and place-call against the sandbox', () => {
  let fx: SandboxFixture;
  let configFile: string;

  beforeAll(async () => {
    fx = await startSandbox();
    // The commands find the running sandbox by host, with the folder's credentials and certificate.
    mkdirSync(join(fx.dir, 'tls'), { recursive: true });
    for (const f of ['cert.pem', 'key.pem']) copyFileSync(join(TLS_DIR, f), join(fx.dir, 'tls', f));
    configFile = join(fx.dir, 'voxmask.config.json');
    const deploy = {
      sandboxDir: fx.dir,
      sandboxHost: fx.sandbox.host,
      applicationName: 'voxmask',
      pool: { numbers: POOL.map((number) => ({ number })), coolOffS: 600 },
    };
    writeFileSync(configFile, JSON.stringify({ deploy }));
    const { applicationId } = await fx.api.call('AddApplication', { applicationName: 'voxmask' });
    const script = `VoxEngine.addEventListener(AppEvents.HttpRequest, (e) => { Logger.write('command ' + e.content); VoxEngine.terminate(); return 'cancelled'; });`;
    const { scenarioId } = await fx.api.call('AddScenario', { scenarioName: 'click-to-call', scenarioScript: script });
    await fx.api.call('AddRule', { applicationId, ruleName: 'click-to-call', rulePattern: '[^\\s\\S]', scenarioId });
    const orders = await openOrderStore(fx.api, { applicationName: 'voxmask', pinLength: 5 });
    await orders.createOrder({
      orderId: 'A-1042',
      parties: [
        { role: 'courier', phone: COURIER },
        { role: 'customer', phone: CUSTOMER },
      ],
    });
  });
  afterAll(() => fx.close());

  /** Runs one command's `run` as the CLI would (src/cli/command.ts), checking that no party phone is printed on stdout or stderr. */
  const run = async <O>(cmd: CliCommand<O>, options: Omit<O, 'config'>) => {
    let stdout = '';
    let stderr = '';
    const io = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
    const code = await cmd.run({ ...options, config: configFile } as O, io);
    for (const text of [stdout, stderr]) expect(text).not.toMatch(/15112345678|30123456789/);
    return { code, stdout };
  };

  it('opens a session, shows it by order and closes it; the pool status follows', async () => {
    const opened = await run(session, {
      action: 'open',
      order: 'A-1042',
      party: [
        { role: 'courier', phone: COURIER },
        { role: 'customer', phone: CUSTOMER },
      ],
      expiresAt: '2h',
      ringTimeout: 20,
    });
    expect(opened.code).toBe(0);
    expect(opened.stdout).toMatch(/^session (s[A-Za-z]{20}) {2}order A-1042 {2}until \S+ {2}\(opened\)\n/);
    expect(opened.stdout).toMatch(/parties: courier \+49\*+678, customer \+49\*+789/);
    expect(opened.stdout).toMatch(/courier <-> customer: both dial \+49305000001\d\d/);
    expect(opened.stdout).toContain('settings: {"ringTimeoutS":20}');
    const sessionId = /^session (s[A-Za-z]{20})/.exec(opened.stdout)![1];

    expect((await run(session, { action: 'get', order: 'A-1042' })).stdout).toContain(`session ${sessionId}`);

    const status = await run(pool, { action: 'status' });
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/pool of 2 number\(s\)/);
    expect(status.stdout).toMatch(/1 session\(s\), 2 party route\(s\) active, 0 cooling off/);
    expect(status.stdout).toMatch(/busiest party \+49\*+\d{3} holds 1 of 2 numbers/);

    expect(await run(session, { action: 'close', sessionId })).toEqual({
      code: 0,
      stdout: `session ${sessionId} closed: its numbers cool off for 600 s\n`,
    });
    expect((await run(pool, { action: 'status' })).stdout).toMatch(/0 session\(s\), 0 party route\(s\) active, 2 cooling off/);
  });

  it('names the flag or field of bad input', async () => {
    await expect(
      run(session, { action: 'open', order: 'A-1', party: [{ role: 'courier', phone: COURIER }], expiresAt: '2h' }),
    ).rejects.toThrow(/^parties: has 1 entries/);
    await expect(run(session, { action: 'close' })).rejects.toThrow(/<sessionId> is needed by voxmask session close/);
  });

  it('places a click-to-call and cancels it through the access URL', async () => {
    const placed = await run(placeCall, { order: 'A-1042', from: 'courier', to: 'customer', requestId: 'r-cli' });
    expect(placed.code).toBe(0);
    const accessUrl = /access URL \(cancel with --cancel\): (\S+)/.exec(placed.stdout)![1];

    expect(await run(placeCall, { cancel: accessUrl, requestId: 'r-cli' })).toEqual({
      code: 0,
      stdout: 'cancel delivered to the session\n',
    });
    await fx.sandbox.emulator.runUntilIdle();
    const ended = fx.sandbox.emulator.sessions().at(-1)!;
    expect(parseClickToCallData(ended.customData)).toMatchObject({
      ok: true,
      value: { orderId: 'A-1042', from: 'courier', to: 'customer', requestId: 'r-cli' },
    });
    const command = ended.logLines.find((l) => l.startsWith('command '))!.slice('command '.length);
    expect(parseClickToCallCommand(command)).toEqual({ ok: true, value: { v: 1, action: 'cancel', requestId: 'r-cli' } });
    expect((await run(placeCall, { cancel: accessUrl })).code).toBe(3);
  });
});
