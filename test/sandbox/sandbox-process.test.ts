import jwt from 'jsonwebtoken';
import { ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Sandbox } from '../../src/sandbox';
import { exportState } from '../../src/sandbox/state/export';
import { STATE_DB_FILE } from '../../src/sandbox/state/state-dir';

const ROOT = resolve(__dirname, '../..');
const BIN = join(ROOT, 'bin/voxmask.js');
const DIST_CLI = join(ROOT, 'dist/src/cli/main.js');

/** `voxmask sandbox` as its own process: banner, admin endpoint from another process, Ctrl-C, and a SIGKILL that loses nothing acknowledged. */
describe('voxmask sandbox (separate process)', () => {
  let dir: string;
  let child: ChildProcessWithoutNullStreams | undefined;
  beforeAll(() => {
    if (!existsSync(DIST_CLI)) throw new Error(`${DIST_CLI} is missing; run "npx tsc -b src" first`);
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'voxmask-cli-'));
  });
  afterEach(() => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  /** Starts the CLI and resolves with its banner once it is listening (bounded: 20 s). */
  function startCli(): Promise<{ out: () => string; host: string; port: number; caFile: string; credentialsFile: string }> {
    child = spawn(process.execPath, [BIN, 'sandbox', '--dir', dir, '--port', '0'], {
      cwd: ROOT,
      env: { ...process.env, FORCE_COLOR: '0' },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c));
    child.stderr.on('data', (c: Buffer) => (out += c));
    return new Promise((done, fail) => {
      const timer = setTimeout(() => fail(new Error(`no banner within 20 s:\n${out}`)), 20_000);
      child!.on('exit', (code) => fail(new Error(`exited ${code} before listening:\n${out}`)));
      child!.stdout.on('data', () => {
        if (!out.includes('Press Ctrl-C')) return;
        clearTimeout(timer);
        const field = (label: string): string => (new RegExp(`${label}\\s+(\\S+)`).exec(out) as RegExpExecArray)[1];
        const host = field('API host');
        done({
          out: () => out,
          host,
          port: Number(host.split(':')[1]),
          caFile: field('CA certificate'),
          credentialsFile: field('credentials'),
        });
      });
    });
  }

  function call(
    port: number,
    ca: string,
    path: string,
    body: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; json: any }> {
    return new Promise((done, fail) => {
      const req = request({ host: '127.0.0.1', port, path, method: 'POST', ca, headers }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => (text += c));
        res.on('end', () => done({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      });
      req.on('error', fail);
      req.end(body);
    });
  }

  function bearer(cli: { credentialsFile: string }): string {
    const creds = JSON.parse(readFileSync(cli.credentialsFile, 'utf8'));
    const now = Math.floor(Date.now() / 1000);
    return `Bearer ${jwt.sign({ iss: creds.account_id, iat: now, exp: now + 60 }, creds.private_key, { algorithm: 'RS256', keyid: creds.key_id })}`;
  }

  function apiCall(cli: { port: number; caFile: string; credentialsFile: string }, fields: Record<string, string>) {
    return call(cli.port, readFileSync(cli.caFile, 'utf8'), '/platform_api', new URLSearchParams(fields).toString(), {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: bearer(cli),
    });
  }

  test('prints host, credentials and CA; faults can be switched on from another process; Ctrl-C saves and exits 0', async () => {
    const cli = await startCli();
    expect(cli.out()).toContain(`NODE_EXTRA_CA_CERTS=${cli.caFile}`);
    expect(cli.credentialsFile).toBe(join(dir, 'credentials.json'));
    const body = JSON.stringify({ rateLimit: { everyNth: 2, mode: 'http429' } });
    const refused = await call(cli.port, readFileSync(cli.caFile, 'utf8'), '/_sandbox/faults', body, {
      'content-type': 'application/json',
    });
    expect([refused.status, refused.json.error.code]).toEqual([401, 100]);
    const faults = await call(cli.port, readFileSync(cli.caFile, 'utf8'), '/_sandbox/faults', body, {
      'content-type': 'application/json',
      authorization: bearer(cli),
    });
    expect(faults.json.result.rateLimit).toEqual({ everyNth: 2, mode: 'http429' });
    const first = await apiCall(cli, { cmd: 'AddApplication', application_name: 'fromcli' });
    const second = await apiCall(cli, { cmd: 'GetAccountInfo' });
    expect([first.status, second.status, second.json.error?.code]).toEqual([200, 429, 340]);
    const exited = new Promise<number | null>((done) => child!.on('exit', (code) => done(code)));
    child!.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(cli.out()).toContain('sandbox stopped');
    expect(cli.out()).not.toContain('sandbox error');
    const state = exportState(join(dir, STATE_DB_FILE));
    expect(state.applications.map((a) => a.name)).toEqual(['fromcli.voxmask-sandbox.voximplant.com']);
    expect(existsSync(join(dir, 'sandbox.lock'))).toBe(false);
  });

  test('a sandbox killed with SIGKILL right after acknowledged writes restarts with them intact', async () => {
    const cli = await startCli();
    const names = ['one', 'two', 'three', 'four', 'five'];
    await Promise.all(names.map((name) => apiCall(cli, { cmd: 'AddApplication', application_name: name })));
    const acked = await apiCall(cli, { cmd: 'AddScenario', scenario_name: 'last', scenario_script: 'Logger.write(1);' });
    expect(acked.json.result).toBe(1);
    const killed = new Promise<NodeJS.Signals | null>((done) => child!.on('exit', (_code, signal) => done(signal)));
    child!.kill('SIGKILL');
    expect(await killed).toBe('SIGKILL');

    const restarted = await Sandbox.start({ dir, port: 0 });
    try {
      const state = exportState(join(dir, STATE_DB_FILE));
      expect(state.applications.map((a) => a.name.split('.')[0]).sort()).toEqual([...names].sort());
      expect(state.scenarios).toEqual([expect.objectContaining({ id: acked.json.scenario_id, name: 'last', script: 'Logger.write(1);' })]);
      expect(restarted.accountId).toBe(JSON.parse(readFileSync(cli.credentialsFile, 'utf8')).account_id);
    } finally {
      await restarted.close();
    }
  });
});
