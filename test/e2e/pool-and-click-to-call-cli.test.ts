/**
 * The pool-session and click-to-call commands end to end, in-process, against a real sandbox: `voxmask
 * session open|get|list|close`, `voxmask pool status` and `voxmask place-call` (and `--cancel`, which
 * reaches the running session as AppEvents.HttpRequest). Extending is the library's test
 * (test/backend/sessions). Every line printed is checked for unmasked party phones.
 */
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseClickToCallCommand, parseClickToCallData } from '../../contract/click-to-call';
import { openOrderStore } from '../../src/backend/orders';
import { run as placeCall } from '../../src/cli/commands/place-call';
import { run as pool } from '../../src/cli/commands/pool';
import { run as session, SessionCommandOptions } from '../../src/cli/commands/session';
import { SandboxFixture, startSandbox, TLS_DIR } from '../deploy/sandbox-harness';

const COURIER = '+4915112345678';
const CUSTOMER = '+4930123456789';
const POOL = ['+4930500000100', '+4930500000101'];

function output() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: { stdout: { write: (t: string) => out.push(t) }, stderr: { write: (t: string) => err.push(t) } },
    text: () => out.join(''),
    err: () => err.join(''),
  };
}

describe('voxmask session, pool and place-call against the sandbox', () => {
  let fx: SandboxFixture;
  let configFile: string;

  beforeAll(async () => {
    fx = await startSandbox();
    // The commands find the running sandbox by host; its folder holds the certificate this process trusts.
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

  const sessionCmd = async (options: Omit<SessionCommandOptions, 'config'>) => {
    const o = output();
    const code = await session({ ...options, config: configFile }, o.io);
    expect(o.text()).not.toContain('15112345678');
    expect(o.text()).not.toContain('30123456789');
    return { code, text: o.text() };
  };

  it('opens a session, shows it by order, lists it and closes it; the pool status follows', async () => {
    const opened = await sessionCmd({
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
    expect(opened.text).toMatch(/^session (s[A-Za-z]{20}) {2}order A-1042 {2}until \S+ {2}\(opened\)\n/);
    expect(opened.text).toMatch(/parties: courier \+49\*+678, customer \+49\*+789/);
    expect(opened.text).toMatch(/courier <-> customer: both dial \+49305000001\d\d/);
    const sessionId = /^session (s[A-Za-z]{20})/.exec(opened.text)![1];

    expect((await sessionCmd({ action: 'get', order: 'A-1042' })).text).toContain(`session ${sessionId}`);
    expect((await sessionCmd({ action: 'list' })).text).toMatch(/^1 active session\(s\)\n/);

    const status = output();
    expect(await pool({ action: 'status', config: configFile }, status.io)).toBe(0);
    expect(status.text()).toMatch(/pool of 2 number\(s\)/);
    expect(status.text()).toMatch(/1 session\(s\), 2 party route\(s\) active, 0 cooling off/);
    expect(status.text()).toMatch(/busiest party \+49\*+\d{3} holds 1 of 2 numbers/);

    expect(await sessionCmd({ action: 'close', sessionId })).toEqual({
      code: 0,
      text: `session ${sessionId} closed: its numbers cool off for 600 s\n`,
    });
    expect((await sessionCmd({ action: 'close', sessionId })).code).toBe(3);
    const after = output();
    await pool({ action: 'status', config: configFile }, after.io);
    expect(after.text()).toMatch(/0 session\(s\), 0 party route\(s\) active, 2 cooling off/);
  });

  it('names the flag or field of bad input', async () => {
    await expect(
      sessionCmd({ action: 'open', order: 'A-1', party: [{ role: 'courier', phone: COURIER }], expiresAt: '2h' }),
    ).rejects.toThrow(/^parties: has 1 entries/);
    await expect(sessionCmd({ action: 'close' })).rejects.toThrow(/needs the session id/);
  });

  it('places a click-to-call and cancels it through the access URL', async () => {
    const placed = output();
    expect(await placeCall({ config: configFile, order: 'A-1042', from: 'courier', to: 'customer', requestId: 'r-cli' }, placed.io)).toBe(
      0,
    );
    expect(placed.text()).not.toMatch(/15112345678|30123456789/);
    const accessUrl = /access URL \(cancel with --cancel\): (\S+)/.exec(placed.text())![1];

    const cancel = output();
    expect(await placeCall({ config: configFile, cancel: accessUrl, requestId: 'r-cli' }, cancel.io)).toBe(0);
    expect(cancel.text()).toBe('cancel delivered to the session\n');
    await fx.sandbox.emulator.runUntilIdle();
    const ended = fx.sandbox.emulator.sessions().at(-1)!;
    expect(parseClickToCallData(ended.customData)).toMatchObject({
      ok: true,
      value: { orderId: 'A-1042', from: 'courier', to: 'customer', requestId: 'r-cli' },
    });
    const command = ended.logLines.find((l) => l.startsWith('command '))!.slice('command '.length);
    expect(parseClickToCallCommand(command)).toEqual({ ok: true, value: { v: 1, action: 'cancel', requestId: 'r-cli' } });
    const again = output();
    expect(await placeCall({ config: configFile, cancel: accessUrl }, again.io)).toBe(3);
  });
});
