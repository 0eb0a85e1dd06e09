import { request } from 'node:https';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { deploy } from '../../src/deploy/deploy';
import { CALLS_MAX_VIRTUAL_S, CLOCK_MAX_LEAD_S, MAX_CALLS_PER_REQUEST, SandboxCallsRequest } from '../../src/sandbox';
import { runCallsInSandbox, SandboxAccess, SandboxAdminError } from '../../src/sandbox/admin-client';
import { makeVoxfiles, SANDBOX_APP, SandboxFixture, startSandbox, TLS_DIR } from '../deploy/sandbox-harness';
import { testAccountKey } from './management-api/harness';
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
  const access = (): SandboxAccess => ({ caCertFile: ca, credentialsFile: fx.sandbox.credentialsFile });

  /** POST /_sandbox/calls with the given headers (no token unless given). */
  function post(body: string, headers: Record<string, string>): Promise<{ status: number; json: any }> {
    return new Promise((resolve, reject) => {
      const [host, port] = fx.sandbox.host.split(':');
      const req = request({ host, port: Number(port), path: '/_sandbox/calls', method: 'POST', ca: readFileSync(ca), headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      });
      req.on('error', reject);
      req.end(body);
    });
  }

  test('a call reaches the deployed scenario through the rule and is bridged with the far end behaving as asked', async () => {
    const { sessions, timeline } = await runCallsInSandbox(fx.sandbox.host, access(), {
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
    const { sessions } = await runCallsInSandbox(fx.sandbox.host, access(), {
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
    await expect(
      runCallsInSandbox(fx.sandbox.host, access(), {
        calls: [
          { from: CALLER, to: VIRTUAL },
          { from: CALLER, to: '+12125550199' },
        ],
      }),
    ).rejects.toMatchObject({
      name: 'SandboxAdminError',
      status: 404,
      message: expect.stringContaining('+12125550199'),
    });
    expect(fx.sandbox.emulator.sessions().length).toBe(before);
  });

  test('a malformed call is refused with the field named', async () => {
    const bad = { calls: [{ from: CALLER, to: VIRTUAL, actions: [{ press: '1x' }] }] } as never;
    const error = await runCallsInSandbox(fx.sandbox.host, access(), bad).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SandboxAdminError);
    expect((error as SandboxAdminError).status).toBe(400);
    expect((error as SandboxAdminError).message).toBe('calls[0].actions[0].press: digits must be 0-9, * or #');
  });

  test('without the account token nothing is placed: 401 in the error shape', async () => {
    const before = fx.sandbox.emulator.sessions().length;
    const body = JSON.stringify({ calls: [{ from: CALLER, to: VIRTUAL, actions: [{ waitS: 5 }, { hangup: true }] }] });
    const answer = await post(body, { 'content-type': 'application/json' });
    expect(answer.status).toBe(401);
    expect(answer.json).toEqual({ error: { code: 100, msg: expect.stringContaining('Authorization failed') } });
    const wrongKey = await runCallsInSandbox(
      fx.sandbox.host,
      { caCertFile: ca, credentialsFile: otherCredentials() },
      JSON.parse(body),
    ).catch((e: unknown) => e);
    expect(wrongKey).toMatchObject({ name: 'SandboxAdminError', status: 401 });
    expect(fx.sandbox.emulator.sessions().length).toBe(before);
  });

  test(`more than ${MAX_CALLS_PER_REQUEST} calls, or a call arriving after ${CALLS_MAX_VIRTUAL_S} s, is refused with the field named`, async () => {
    const many = Array.from({ length: MAX_CALLS_PER_REQUEST + 1 }, () => ({ from: CALLER, to: VIRTUAL }));
    await expect(runCallsInSandbox(fx.sandbox.host, access(), { calls: many })).rejects.toMatchObject({
      status: 400,
      message: `calls: give at most ${MAX_CALLS_PER_REQUEST} calls`,
    });
    await expect(
      runCallsInSandbox(fx.sandbox.host, access(), { calls: [{ from: CALLER, to: VIRTUAL, atS: CALLS_MAX_VIRTUAL_S + 1 }] }),
    ).rejects.toMatchObject({
      status: 400,
      message: expect.stringMatching(/^calls\[0\]\.atS: must be at most 3600 s/),
    });
  });

  // Last in this file: it leaves the virtual clock as far ahead as a request may put it.
  test('long calls cannot push the persistent clock past its lead bound: a stored item outlives repeated requests', async () => {
    const app = fx.sandbox.storageOf(SANDBOX_APP);
    await fx.sandbox.syncClock();
    app.put('order:kept', 'still here', CLOCK_MAX_LEAD_S + 120); // TTL in virtual seconds from now
    const long: SandboxCallsRequest = { calls: [{ from: CALLER, to: VIRTUAL, actions: [{ waitS: 10 * 3600 }, { hangup: true }] }] };
    const outcomes: (number | string)[] = [];
    for (let i = 0; i < 7; i++) {
      const outcome = await runCallsInSandbox(fx.sandbox.host, access(), long).then(
        (r) => r.sessions[0].finishReason,
        (e: SandboxAdminError) => e.status,
      );
      outcomes.push(outcome);
    }
    // The first call is ended at the per-request bound; the next ones are refused while the clock is ahead.
    expect(outcomes).toEqual(['Timeout', 429, 429, 429, 429, 429, 429]);
    expect(fx.sandbox.emulator.now() - Date.now()).toBeLessThanOrEqual(CLOCK_MAX_LEAD_S * 1000);
    expect(app.get('order:kept')?.value).toBe('still here');
  });
});

/** A credentials file of a key the sandbox does not know. */
function otherCredentials(): string {
  const file = join(mkdtempSync(join(tmpdir(), 'voxmask-other-key-')), 'credentials.json');
  writeFileSync(
    file,
    JSON.stringify({
      account_id: 1234567,
      key_id: 'not-the-sandbox-key',
      private_key: testAccountKey('unknown'),
    }),
  );
  return file;
}
