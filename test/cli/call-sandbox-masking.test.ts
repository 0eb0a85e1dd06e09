import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandIO } from '../../src/cli/command';
import { CallCommandOptions, command } from '../../src/cli/commands/call';
import { SHOW_NUMBERS_WARNING } from '../../src/cli/options';
import { deploy } from '../../src/deploy/deploy';
import { numbersShownIn } from '../contract/number-needles';
import { makeVoxfiles, SANDBOX_APP, SandboxFixture, startSandbox, TLS_DIR } from '../deploy/sandbox-harness';

/**
 * `voxmask call --sandbox HOST`: the calls run in a running sandbox, whose timeline and sessions the
 * command prints with the parties' numbers masked (the dialed virtual number visible), in the
 * timeline and in --json; --show-numbers shows the sessions' numbers in full.
 */
const VIRTUAL = '+12125550107';
const CALLER = '+4915122223333';
const CALLEE = '+4930123456789';
// A plain scenario that logs and says the numbers it sees, then bridges to the callee on '1'.
const SCENARIO = `
VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
  const inbound = e.call;
  Logger.write('call from ' + e.callerid + ' to ' + e.destination);
  inbound.answer();
  inbound.addEventListener(CallEvents.Connected, () => {
    inbound.handleTones(true);
    inbound.say('Hello ' + e.callerid.split('').join(' ') + '. Press 1.');
  });
  inbound.addEventListener(CallEvents.ToneReceived, (t) => {
    if (t.tone !== '1') return;
    const out = VoxEngine.callPSTN('${CALLEE}', e.destination);
    out.addEventListener(CallEvents.Connected, () => VoxEngine.sendMediaBetween(inbound, out));
    out.addEventListener(CallEvents.Disconnected, () => VoxEngine.terminate());
  });
  inbound.addEventListener(CallEvents.Disconnected, () => VoxEngine.terminate());
});
`;

describe('voxmask call --sandbox masks phone numbers', () => {
  let fx: SandboxFixture;
  let dir: string;
  let script: string;

  beforeAll(async () => {
    fx = await startSandbox();
    const voxfiles = makeVoxfiles([{ ruleName: 'inbound', scenarios: ['hello'] }], { hello: SCENARIO });
    await deploy({
      api: fx.api,
      voxfilesDir: voxfiles.root,
      metadataDir: voxfiles.metadataDir,
      applicationName: SANDBOX_APP,
      numbers: [{ number: VIRTUAL }],
      canRentNumbers: true,
      rental: { countryCode: 'US', phoneCategoryName: 'GEOGRAPHIC', phoneRegionId: 1 },
    });
    voxfiles.cleanup();
    dir = mkdtempSync(join(tmpdir(), 'voxmask-call-sandbox-'));
    script = join(dir, 'calls.json');
    writeFileSync(
      script,
      JSON.stringify({
        phones: { [CALLEE]: { answer: { afterS: 2, actions: [{ waitS: 5 }, { hangup: true }] } } },
        calls: [{ from: CALLER, to: VIRTUAL, actions: [{ waitUntilHeard: 'Press 1' }, { press: '1' }, { waitS: 30 }] }],
      }),
    );
  }, 60_000);
  afterAll(async () => {
    await fx.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function run(
    options: Omit<CallCommandOptions, 'script' | 'sandbox' | 'ca' | 'credentials'>,
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = '';
    let stderr = '';
    const io: CommandIO = { stdout: { write: (t: string) => (stdout += t) }, stderr: { write: (t: string) => (stderr += t) } };
    const code = await command.run(
      { script, ...options, sandbox: fx.sandbox.host, ca: join(TLS_DIR, 'cert.pem'), credentials: fx.sandbox.credentialsFile },
      io,
    );
    return { code, stdout, stderr };
  }

  it.each([
    ['the timeline', {}],
    ['the sessions JSON', { json: true }],
  ])('prints no party number in %s, the virtual number visible', async (_name, options) => {
    const { code, stdout, stderr } = await run(options);
    expect(code).toBe(0);
    expect(numbersShownIn(stdout + stderr, [CALLER, CALLEE])).toEqual([]);
    expect(stdout).toContain(VIRTUAL);
  });

  it("exits 2 with a clear message when the sandbox's key cannot be read", async () => {
    let stderr = '';
    const io: CommandIO = { stdout: { write: () => undefined }, stderr: { write: (t: string) => (stderr += t) } };
    const options = { script, sandbox: fx.sandbox.host, ca: join(TLS_DIR, 'cert.pem'), credentials: join(dir, 'missing.json') };
    expect(await command.run(options, io)).toBe(2);
    expect(stderr).toMatch(/^voxmask call: .*missing\.json.*does not exist/);
  });

  it('prints the sessions with the numbers in full with --show-numbers, and warns once', async () => {
    const { code, stdout, stderr } = await run({ json: true, showNumbers: true });
    expect(code).toBe(0);
    expect(numbersShownIn(stdout, [CALLER, CALLEE])).toEqual([CALLER, CALLEE]);
    expect(stderr).toBe(SHOW_NUMBERS_WARNING);
  });
});
