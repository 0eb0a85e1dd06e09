import VoximplantApiClient from '@voximplant/apiclient-nodejs';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FaultsError, HISTORY_LIMIT, Sandbox, SandboxLookupError, SandboxRoutingError } from '../../src/sandbox';
import { exportState } from '../../src/sandbox/state/export';
import { STATE_DB_FILE } from '../../src/sandbox/state/state-dir';
import { testAccountKey, TLS_DIR, trustTestCa } from './management-api/harness';

/**
 * The composed sandbox: the Management API (real client) configures the account, and inbound calls and
 * StartScenarios run plain-JS scenarios on the runtime emulator, sharing ApplicationStorage and history.
 */
describe('Sandbox: Management API + runtime', () => {
  let dir: string;
  let sandbox: Sandbox;
  let client: VoximplantApiClient;
  let appId: number;
  let startedAt: number;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'voxmask-sandbox-'));
    startedAt = Date.now();
    sandbox = await Sandbox.start({ dir, tlsDir: TLS_DIR, accountKey: testAccountKey() });
    trustTestCa(sandbox.host);
    client = new VoximplantApiClient({ pathToCredentials: sandbox.credentialsFile, host: sandbox.host });
    await new Promise<void>((ready) => (client.onReady = () => ready()));
    appId = (await client.Applications.addApplication({ applicationName: 'masking' })).applicationId;
  });
  afterEach(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** A scenario that answers the call, logs `<tag> <destination>` and ends the session. */
  const answering = (tag: string): string => `
    VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => {
      Logger.write('${tag} ' + e.destination);
      e.call.answer();
      e.call.hangup();
      VoxEngine.terminate();
    });`;

  /** A scenario with ApplicationStorage whose CallAlerting handler runs `body` (with `e`), then ends the session. */
  const storageScenario = (body: string): string => `
    require(Modules.ApplicationStorage);
    VoxEngine.addEventListener(AppEvents.CallAlerting, async (e) => {
      ${body}
      VoxEngine.terminate();
    });`;

  /** A rule `kv` taking every number, running one scenario `kv` with `script`. */
  async function catchAllRule(script: string): Promise<number> {
    return rule('kv', '.*', [await scenario('kv', script)]);
  }

  async function scenario(name: string, script: string): Promise<number> {
    const res = await client.Scenarios.addScenario({ scenarioName: name, scenarioScript: script });
    expect(res.error).toBeUndefined();
    return res.scenarioId;
  }
  async function rule(name: string, pattern: string, scenarioIds: number[], exclude?: string): Promise<number> {
    const res = await client.Rules.addRule({
      applicationId: appId,
      ruleName: name,
      rulePattern: pattern,
      scenarioId: scenarioIds,
      ...(exclude ? { rulePatternExclude: exclude } : {}),
    });
    expect(res.error).toBeUndefined();
    return res.ruleId;
  }
  async function rent(count: number, bind: boolean, ruleId?: number): Promise<string[]> {
    const res = await client.PhoneNumbers.attachPhoneNumber({
      countryCode: 'US',
      phoneCategoryName: 'GEOGRAPHIC',
      phoneRegionId: 1,
      phoneCount: count,
    });
    const numbers = res.phoneNumbers.map((p) => p.phoneNumber);
    if (bind)
      await client.PhoneNumbers.bindPhoneNumberToApplication({
        phoneNumber: numbers.join(';'),
        applicationId: appId,
        ...(ruleId ? { ruleId } : {}),
      });
    return numbers;
  }
  async function callAndRun(to: string) {
    await sandbox.syncClock();
    const handle = sandbox.placeInboundCall({ from: '+15550001111', to: `+${to}` });
    await sandbox.emulator.runUntilIdle();
    return handle.done;
  }

  test('an inbound call runs the first rule whose pattern matches the whole number and whose exclude does not', async () => {
    await rule('vip', '\\+1212555010[0-4]', [await scenario('vip', answering('vip'))], '\\+12125550103');
    await rule('prefix-only', '\\+1212', [await scenario('prefix', answering('prefix'))]);
    await rule('all', '.*', [await scenario('all', answering('all'))]);
    const [first, second, third, fourth] = await rent(4, true);
    expect([first, second, third, fourth].map((n) => n.slice(-2))).toEqual(['00', '01', '02', '03']);
    const matched = await callAndRun(first);
    expect(matched.ruleName).toBe('vip');
    expect(matched.logLines.join('\n')).toContain(`vip +${first}`);
    const excluded = await callAndRun(fourth);
    expect(excluded.ruleName).toBe('all');
    expect(excluded.logLines.join('\n')).toContain(`all +${fourth}`);
  });

  test('a number bound to a rule always runs that rule; scenarios run in bound order in one shared scope', async () => {
    const second = await scenario(
      'second',
      `Logger.write('second top level'); function greet(where) { Logger.write('second defines greet, called from ' + where); }`,
    );
    const first = await scenario(
      'first',
      `Logger.write('first top level');
       VoxEngine.addEventListener(AppEvents.CallAlerting, (e) => { greet('first'); e.call.answer(); VoxEngine.terminate(); });`,
    );
    await rule('catch-all', '.*', [await scenario('other', answering('other'))]);
    const forced = await rule('forced', 'never-matches', [first]);
    await client.Scenarios.bindScenario({ scenarioId: second, ruleId: forced });
    const [number] = await rent(1, true, forced);
    const record = await callAndRun(number);
    expect(record.ruleName).toBe('forced');
    const log = record.logLines.join('\n');
    expect(log.indexOf('first top level')).toBeGreaterThanOrEqual(0);
    expect(log.indexOf('first top level')).toBeLessThan(log.indexOf('second top level'));
    expect(log).toContain('second defines greet, called from first');
  });

  test('routing errors name what is missing', async () => {
    const [unbound] = await rent(1, false);
    expect(() => sandbox.placeInboundCall({ from: '+15550001111', to: '+19995550000' })).toThrow(
      expect.objectContaining({ reason: 'not-rented' }),
    );
    expect(() => sandbox.placeInboundCall({ from: '+15550001111', to: unbound })).toThrow(/not bound to an application/);
    const [bound] = await rent(1, true);
    const noRule = (() => {
      try {
        sandbox.placeInboundCall({ from: '+15550001111', to: bound });
      } catch (err) {
        return err as SandboxRoutingError;
      }
      return undefined;
    })();
    expect(noRule).toBeInstanceOf(SandboxRoutingError);
    expect(noRule?.reason).toBe('no-rule');
    expect(noRule?.message).toContain('masking.voxmask-sandbox.voximplant.com');
    await rule('empty', '.*', []);
    expect(() => sandbox.placeInboundCall({ from: '+15550001111', to: bound })).toThrow(/rule empty .* has no scenario/);
  });

  test('ApplicationStorage is the same store for the API and the scenarios, on the virtual clock', async () => {
    await client.KeyValueStorage.setKeyValueItem({ applicationId: appId, key: 'order:1001', value: 'courier', ttl: 3600 });
    await catchAllRule(
      storageScenario(`
        const item = await ApplicationStorage.get('order:1001');
        Logger.write('read ' + (item ? item.value : 'nothing'));
        await ApplicationStorage.put('call:last', e.callerid, 600);`),
    );
    const [number] = await rent(1, true);
    const record = await callAndRun(number);
    expect(record.logLines.join('\n')).toContain('read courier');
    const written = await client.KeyValueStorage.getKeyValueItem({ applicationId: appId, key: 'call:last' });
    expect(written.result).toEqual({ key: 'call:last', value: '+15550001111', expiresAt: expect.any(Number) });
    expect(written.result.expiresAt - Math.floor(sandbox.emulator.now() / 1000)).toBeLessThanOrEqual(600);
    expect(sandbox.storageOf('masking').get('call:last')?.value).toBe('+15550001111');
    expect(() => sandbox.storageOf('nope')).toThrow(SandboxLookupError);
  });

  test('StartScenarios runs a session with custom data; GetCallHistory lists it once finished', async () => {
    const ruleId = await rule('callback', '.*', [
      await scenario(
        'cb',
        `VoxEngine.addEventListener(AppEvents.Started, () => { Logger.write('custom ' + VoxEngine.customData()); VoxEngine.terminate(); });`,
      ),
    ]);
    const started = await client.Scenarios.startScenarios({ ruleId, scriptCustomData: 'order-1001' });
    expect(started.result).toBe(1);
    await sandbox.emulator.runUntilIdle();
    const history = await client.History.getCallHistory({
      callSessionHistoryId: started.callSessionHistoryId,
      timezone: 'Etc/GMT',
    } as never);
    expect(history.result).toHaveLength(1);
    expect(history.result[0]).toMatchObject({
      callSessionHistoryId: started.callSessionHistoryId,
      ruleName: 'callback',
      customData: 'order-1001',
      applicationId: appId,
    });
    // The log URL is served to an authorized request only, as the platform serves log files.
    expect(await fetchText(history.result[0].logFileUrl)).toContain('"code":100');
    const log = await fetchText(history.result[0].logFileUrl, client.generateAuthHeader());
    expect(log).toContain('custom order-1001');
  });

  test('the virtual clock starts at wall time and is moved to at least wall time before a call', async () => {
    expect(sandbox.emulator.now()).toBeGreaterThanOrEqual(startedAt);
    expect(sandbox.emulator.now()).toBeLessThanOrEqual(Date.now());
    await rule('all', '.*', [await scenario('all', answering('all'))]);
    const [number] = await rent(1, true);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const wall = Date.now();
    expect(sandbox.emulator.now()).toBeLessThan(wall);
    sandbox.placeInboundCall({ from: '+15550001111', to: number });
    await sandbox.syncClock();
    expect(sandbox.emulator.now()).toBeGreaterThanOrEqual(wall);
    await sandbox.emulator.runUntilIdle();
    const [record] = sandbox.emulator.sessions();
    expect(Date.parse(record.startDate)).toBeGreaterThanOrEqual(wall);
  });

  test('runCalls places each call at now + atS however long the sandbox has been running', async () => {
    await catchAllRule(answering('timed'));
    const [number] = await rent(1, true);
    // Reopen the same folder with the virtual clock starting an hour ago: a sandbox that has run a while.
    await sandbox.close();
    sandbox = await Sandbox.start({ dir, tlsDir: TLS_DIR, accountKey: testAccountKey(), runtime: { startTime: Date.now() - 3_600_000 } });
    const before = Date.now();
    const { sessions } = await sandbox.runCalls({ calls: [{ from: '+15550001111', to: `+${number}`, atS: 5 }] });
    const after = Date.now();
    expect(sessions).toHaveLength(1);
    const startMs = Date.parse(sessions[0].startDate);
    expect(startMs).toBeGreaterThanOrEqual(before + 5000);
    expect(startMs).toBeLessThanOrEqual(after + 5000);
  });

  test('storage written by a scenario, history and secrets survive a restart on the same folder', async () => {
    await catchAllRule(
      storageScenario(`
        Logger.write('secret ' + VoxEngine.getSecretValue('webhookToken'));
        await ApplicationStorage.put('seen', 'yes', 600);`),
    );
    sandbox.setSecret('masking', 'webhookToken', 't0ken');
    const [number] = await rent(1, true);
    const record = await callAndRun(number);
    expect(record.logLines.join('\n')).toContain('secret t0ken');
    const historyId = sandbox.historyIdOf(record.sessionId);
    await sandbox.close();
    sandbox = await Sandbox.start({ dir, tlsDir: TLS_DIR, accountKey: testAccountKey() });
    trustTestCa(sandbox.host);
    client = new VoximplantApiClient({ pathToCredentials: sandbox.credentialsFile, host: sandbox.host });
    await new Promise<void>((ready) => (client.onReady = () => ready()));
    expect(sandbox.storageOf(appId).get('seen')?.value).toBe('yes');
    const history = await client.History.getCallHistory({ withCalls: true } as never);
    expect(history.result.map((s) => s.callSessionHistoryId)).toEqual([historyId]);
    const again = await callAndRun(number);
    expect(again.logLines.join('\n')).toContain('secret t0ken');
    expect(sandbox.historyIdOf(again.sessionId)).toBeGreaterThan(historyId as number);
  });

  test('setFaults replaces the faults in force and restarts their count; faults() reports a copy; a bad one is a FaultsError that changes nothing', async () => {
    expect(sandbox.faults()).toEqual({});
    const everySecond = { rateLimit: { everyNth: 2, mode: 'code340' as const } };
    const refused = async (): Promise<boolean> => (await client.Applications.getApplications({})).error?.code === 340;
    sandbox.setFaults(everySecond);
    expect(await refused()).toBe(false);
    sandbox.setFaults(everySecond); // the count starts again: the next request is the 1st, not the 2nd
    expect([await refused(), await refused()]).toEqual([false, true]);
    const reported = sandbox.faults();
    expect(reported).toEqual(everySecond);
    reported.latencyMs = 10;
    expect(sandbox.faults()).toEqual(everySecond);
    expect(() => sandbox.setFaults({ latencyMs: -1 })).toThrow(FaultsError);
    expect(sandbox.faults()).toEqual(everySecond);
    sandbox.setFaults({});
    expect([await refused(), await refused()]).toEqual([false, false]);
  });

  test('the history is capped at historyLimit sessions (default HISTORY_LIMIT) and historyIdOf answers exactly for the sessions still in it', async () => {
    expect(HISTORY_LIMIT).toBe(2000);
    await expect(Sandbox.start({ dir, historyLimit: 0 })).rejects.toMatchObject({ name: 'SandboxOptionsError', field: 'historyLimit' });
    // A small cap shows the same trimming as the default's 2000 sessions, at a hundredth of the cost.
    const LIMIT = 20;
    await sandbox.close();
    sandbox = await Sandbox.start({ dir, tlsDir: TLS_DIR, accountKey: testAccountKey(), historyLimit: LIMIT });
    trustTestCa(sandbox.host);
    client = new VoximplantApiClient({ pathToCredentials: sandbox.credentialsFile, host: sandbox.host });
    await new Promise<void>((ready) => (client.onReady = () => ready()));
    await catchAllRule(answering('n'));
    const [number] = await rent(1, true);
    // placeInboundCall, not runCalls: the history is what is tested, not the timeline runCalls renders.
    const handles = Array.from({ length: LIMIT + 2 }, () => sandbox.placeInboundCall({ from: '+15550001111', to: `+${number}` }));
    await sandbox.emulator.runUntilIdle();
    const sessions = await Promise.all(handles.map((h) => h.done));
    expect(sessions).toHaveLength(LIMIT + 2);
    // The emulator forgets what the history forgot: finished sessions and their trace stay bounded.
    expect(sandbox.emulator.sessions().length).toBeLessThanOrEqual(LIMIT + LIMIT / 10);
    // Read the history from state.db (committed by close) rather than over HTTP: the long run leaves the client's keep-alive socket stale.
    await sandbox.close();
    const listed = exportState(join(dir, STATE_DB_FILE)).history.map((s) => s.historyId);
    expect(listed).toHaveLength(LIMIT);
    const known = sessions.map((s) => sandbox.historyIdOf(s.sessionId)).filter((id) => id !== undefined);
    expect(known.sort((x, y) => (x as number) - (y as number))).toEqual(listed.sort((x, y) => x - y));
  });
});

function fetchText(url: string, authorization?: string): Promise<string> {
  return new Promise((done, fail) => {
    import('node:https').then(({ get }) => {
      get(url, { ca: readFileSync(join(TLS_DIR, 'cert.pem')), headers: authorization ? { authorization } : {} }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c));
        res.on('end', () => done(text));
      }).on('error', fail);
    }, fail);
  });
}
