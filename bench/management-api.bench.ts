import jwt from 'jsonwebtoken';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NO_SESSIONS } from '../src/sandbox/management-api/context';
import { ManagementApiServer } from '../src/sandbox/management-api/server';
import { openStateDir } from '../src/sandbox/state/state-dir';
import { ensureSandboxTls } from '../src/sandbox/tls';
import { BENCH_TLS_DIR, type BenchRow } from './run';

export const name = 'management-api';

/** Milliseconds at the given percentile (0..100) of sorted samples. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/**
 * Latency of the local Management API over HTTPS with keep-alive, sequential requests:
 * a read (GetAccountInfo), a durable write (SetKeyValueItem, answered after its state.db commit is fsynced),
 * and a KV page (GetKeyValueItems, 50 of 5000 keys). Targets keep a deploy + seed of a few hundred calls
 * well under a second of server time.
 */
export async function run(): Promise<BenchRow[]> {
  const tls = ensureSandboxTls(BENCH_TLS_DIR);
  const dir = mkdtempSync(join(tmpdir(), 'voxmask-bench-'));
  const opened = await openStateDir(dir, { kvNow: Date.now });
  const server = await ManagementApiServer.start({
    state: opened.state,
    sessions: NO_SESSIONS,
    tls: { cert: readFileSync(tls.certFile, 'utf8'), key: readFileSync(tls.keyFile, 'utf8') },
    port: 0,
  });
  const agent = new Agent({ keepAlive: true, ca: readFileSync(tls.certFile) });
  const account = opened.state.account;
  const call = (fields: Record<string, string>): Promise<number> =>
    new Promise((done, fail) => {
      const now = Math.floor(Date.now() / 1000);
      const token = jwt.sign({ iss: account.accountId, iat: now, exp: now + 60 }, account.privateKeyPem, {
        algorithm: 'RS256',
        keyid: account.keyId,
      });
      const started = performance.now();
      const req = request(
        {
          host: '127.0.0.1',
          port: server.port,
          path: '/platform_api',
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Bearer ${token}` },
        },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c));
          res.on('end', () => (JSON.parse(text).error ? fail(new Error(text)) : done(performance.now() - started)));
        },
      );
      req.on('error', fail);
      req.end(new URLSearchParams(fields).toString());
    });
  const measure = async (n: number, fields: (i: number) => Record<string, string>): Promise<number[]> => {
    const samples: number[] = [];
    for (let i = 0; i < n; i++) samples.push(await call(fields(i)));
    return samples.sort((a, b) => a - b);
  };

  try {
    const app = {
      id: opened.state.nextId('application'),
      name: 'bench.voxmask-sandbox.voximplant.com',
      secureRecordStorage: false,
      modifiedMs: 0,
      secrets: {},
    };
    opened.state.applications.push(app);
    opened.state.touch();
    const appId = String(app.id);
    const store = opened.state.storageOf(app.id);
    for (let i = 0; i < 5000; i++) store.put(`order:${String(i).padStart(5, '0')}`, `{"pin":"${i}"}`);
    await opened.state.durable();

    const reads = await measure(300, () => ({ cmd: 'GetAccountInfo' }));
    const writes = await measure(200, (i) => ({
      cmd: 'SetKeyValueItem',
      application_id: appId,
      key: `bench:${i}`,
      value: 'x',
      ttl: '3600',
    }));
    const pages = await measure(200, (i) => ({
      cmd: 'GetKeyValueItems',
      application_id: appId,
      key: 'order:',
      count: '50',
      offset: String(i * 20),
    }));
    return [
      {
        metric: 'GetAccountInfo p50 (keep-alive, JWT checked)',
        value: percentile(reads, 50),
        unit: 'ms',
        target: '< 5 ms',
        ok: percentile(reads, 50) < 5,
      },
      { metric: 'GetAccountInfo p95', value: percentile(reads, 95), unit: 'ms' },
      {
        metric: 'SetKeyValueItem p50 (durable: state.db commit fsynced, 5000 items)',
        value: percentile(writes, 50),
        unit: 'ms',
        target: '< 20 ms',
        ok: percentile(writes, 50) < 20,
      },
      { metric: 'SetKeyValueItem p95', value: percentile(writes, 95), unit: 'ms' },
      {
        metric: 'GetKeyValueItems p50 (50 of 5000 keys)',
        value: percentile(pages, 50),
        unit: 'ms',
        target: '< 10 ms',
        ok: percentile(pages, 50) < 10,
      },
    ];
  } finally {
    agent.destroy();
    await server.close();
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
