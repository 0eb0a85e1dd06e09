import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { PlatformApi } from '../../src/platform/api';
import { connectPlatform } from '../../src/platform/client';
import { isWriteMethod } from '../../src/platform/methods';
import { RetryPolicy } from '../../src/platform/retry';
import { Sandbox } from '../../src/sandbox';
import { ManagementApiFaults } from '../../src/sandbox/management-api/faults';
import { testAccountKey, TLS_DIR, trustTestCa } from '../sandbox/management-api/harness';

export { TLS_DIR };

/**
 * End-to-end fixtures for deploy and seed: a real Sandbox (local Management API over HTTPS + runtime)
 * in a temp folder, the REAL official client through PlatformApi, and a voxengine-ci working tree in
 * a temp folder. The client trusts the shared test certificate `.sandbox/tls/cert.pem` for the
 * sandbox's host in this test file (trustTestCa).
 */

/** Account name of every sandbox account (src/sandbox/state/account.ts). */
export const SANDBOX_APP = 'voxmask.voxmask-sandbox.voximplant.com';
/** Short retry schedule so rate-limit tests stay fast. */
export const TEST_RETRY: RetryPolicy = { maxAttempts: 8, baseDelayMs: 2, maxDelayMs: 20 };

export interface SandboxFixture {
  sandbox: Sandbox;
  api: PlatformApi;
  dir: string;
  /** Number of API requests logged so far (use with writesSince). */
  mark(): number;
  /** Write-method requests (Add*, Set*, Del*, Bind*, Reorder*, Attach*) logged after `mark`. */
  writesSince(mark: number): string[];
  /** All requests (method names) after `mark`. */
  callsSince(mark: number): string[];
  close(): Promise<void>;
}

/** Starts a sandbox on a fresh temp folder and connects the real client to it. */
export async function startSandbox(options: { faults?: ManagementApiFaults } = {}): Promise<SandboxFixture> {
  const dir = mkdtempSync(join(tmpdir(), 'voxmask-deploy-sbx-'));
  const sandbox = await Sandbox.start({
    dir,
    tlsDir: TLS_DIR,
    accountKey: testAccountKey(),
    faults: options.faults,
    onError: () => undefined,
  });
  const untrust = trustTestCa(sandbox.host);
  const api = await connectPlatform({ credentialsFile: sandbox.credentialsFile, host: sandbox.host, retry: TEST_RETRY });
  const calls = (mark: number) =>
    sandbox
      .requestLog()
      .slice(mark)
      .map((e) => e.cmd);
  return {
    sandbox,
    api,
    dir,
    mark: () => sandbox.requestLog().length,
    callsSince: calls,
    writesSince: (mark) => calls(mark).filter(isWriteMethod),
    close: async () => {
      untrust();
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A voxengine-ci tree in a temp folder: applications/<app>/{application,rules}.config.json and scenarios/src/*.voxengine.js. */
export function makeVoxfiles(
  rules: { ruleName: string; scenarios: string[]; rulePattern?: string }[],
  scripts: Record<string, string>,
  app = SANDBOX_APP,
) {
  const root = mkdtempSync(join(tmpdir(), 'voxmask-voxfiles-'));
  const appDir = join(root, 'applications', app);
  mkdirSync(appDir, { recursive: true });
  mkdirSync(join(root, 'scenarios', 'src'), { recursive: true });
  writeFileSync(join(appDir, 'application.config.json'), JSON.stringify({ applicationName: app }));
  writeFileSync(join(appDir, 'rules.config.json'), JSON.stringify(rules));
  const setScript = (name: string, text: string) => writeFileSync(join(root, 'scenarios', 'src', `${name}.voxengine.js`), text);
  for (const [name, text] of Object.entries(scripts)) setScript(name, text);
  return {
    root,
    metadataDir: join(root, '.voxengine-ci'),
    setScript,
    setRules: (next: typeof rules) => writeFileSync(join(appDir, 'rules.config.json'), JSON.stringify(next)),
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Every file under `dir` with its text, by relative path ({} when `dir` does not exist). */
export function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p, 'utf8');
    }
  };
  try {
    walk(dir);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  return out;
}
