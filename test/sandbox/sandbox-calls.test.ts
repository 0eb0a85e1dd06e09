import { deploy } from '../../src/deploy/deploy';
import { runCallsInSandbox, SandboxAdminError } from '../../src/sandbox/admin-client';
import { makeVoxfiles, SANDBOX_APP, SandboxFixture, startSandbox, TLS_DIR } from '../deploy/sandbox-harness';
import { join } from 'node:path';

/**
 * `POST /_sandbox/calls` (what `voxmask call --sandbox` sends): calls placed into a running sandbox reach
 * the deployed scenario through number → application → rule, run to the end in virtual time, and come
 * back as finished sessions with their timeline.
 */
const VIRTUAL = '+12125550107';
const CALLER = '+4915122223333';
const FRIEND = '+4930111122222';
// A plain VoxEngine scenario: answer, greet, and on '1' bridge to a fixed number.
const SCENARIO = `
VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
  const inbound = e.call;
  inbound.answer();
  inbound.addEventListener(CallEvents.Connected, () => {
    inbound.handleTones(true);
    inbound.say('Hello from the sandbox. Press 1.');
  });
  inbound.addEventListener(CallEvents.ToneReceived, (t) => {
    if (t.tone !== '1') return;
    const out = VoxEngine.callPSTN('${FRIEND}', e.destination);
    out.addEventListener(CallEvents.Connected, () => VoxEngine.sendMediaBetween(inbound, out));
    out.addEventListener(CallEvents.Disconnected, () => VoxEngine.terminate());
  });
  inbound.addEventListener(CallEvents.Disconnected, () => VoxEngine.terminate());
});
`;

describe('placing calls into a running sandbox', () => {
  let fx: SandboxFixture;
  const ca = join(TLS_DIR, 'cert.pem');
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
  }, 60_000);
  afterAll(() => fx.close());

  test('a call reaches the deployed scenario through the rule and is bridged with the far end behaving as asked', async () => {
    const { sessions, timeline } = await runCallsInSandbox(fx.sandbox.host, ca, {
      phones: { [FRIEND]: { answer: { afterS: 2, actions: [{ waitS: 5 }, { hangup: true }] } } },
      calls: [{ from: CALLER, to: VIRTUAL, actions: [{ waitUntilHeard: 'Press 1' }, { press: '1' }, { waitS: 30 }] }],
    });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ ruleName: 'inbound', finishReason: 'Normal termination' });
    const legs = sessions[0].calls.map((c) => [c.incoming, c.remoteNumber, c.successful]);
    expect(legs.sort()).toEqual([
      [false, FRIEND, true],
      [true, CALLER, true],
    ]);
    expect(timeline).toContain('Hello from the sandbox. Press 1.');
    expect(timeline).toContain(`caller ID shown ${VIRTUAL}`);
    expect(fx.sandbox.emulator.trace.callerIdsShownTo(FRIEND)).toEqual([VIRTUAL]);
  });

  test('two calls in one request run at the same time', async () => {
    const { sessions } = await runCallsInSandbox(fx.sandbox.host, ca, {
      calls: [
        { from: CALLER, to: VIRTUAL, actions: [{ waitS: 10 }, { hangup: true }] },
        { from: '+4915144445555', to: VIRTUAL, atS: 2, actions: [{ waitS: 10 }, { hangup: true }] },
      ],
    });
    expect(sessions).toHaveLength(2);
    const [a, b] = sessions.map((s) => Date.parse(s.startDate));
    expect(b - a).toBe(2000);
  });

  test('a number with no route is refused by name and nothing is placed', async () => {
    const before = fx.sandbox.emulator.sessions().length;
    await expect(runCallsInSandbox(fx.sandbox.host, ca, { calls: [{ from: CALLER, to: VIRTUAL }, { from: CALLER, to: '+12125550199' }] })).rejects.toMatchObject({
      name: 'SandboxAdminError',
      status: 404,
      message: expect.stringContaining('+12125550199'),
    });
    expect(fx.sandbox.emulator.sessions().length).toBe(before);
  });

  test('a malformed call is refused with the field named', async () => {
    const bad = { calls: [{ from: CALLER, to: VIRTUAL, actions: [{ press: '1x' }] }] } as never;
    const error = await runCallsInSandbox(fx.sandbox.host, ca, bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxAdminError);
    expect((error as SandboxAdminError).status).toBe(400);
    expect((error as SandboxAdminError).message).toBe('calls[0].actions[0].press: digits must be 0-9, * or #');
  });
});
