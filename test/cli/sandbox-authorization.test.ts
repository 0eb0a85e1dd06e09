import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import { SandboxFixture, startSandbox, TLS_DIR } from '../deploy/sandbox-harness';
import { voxmask } from './run-cli';

/**
 * The `voxmask sandbox` banner's curl hint: the `/_sandbox/*` admin endpoints need the account's JWT,
 * which `voxmask sandbox --authorization --dir DIR` prints (run in-process).
 */

function getFaults(host: string, authorization: string | undefined): Promise<number> {
  return new Promise((resolveStatus, reject) => {
    const headers = authorization === undefined ? {} : { authorization };
    const req = request(
      `https://${host}/_sandbox/faults`,
      { ca: readFileSync(join(TLS_DIR, 'cert.pem'), 'utf8'), headers, timeout: 10_000 },
      (res) => {
        res.resume();
        res.on('end', () => resolveStatus(res.statusCode ?? 0));
      },
    );
    req.on('timeout', () => req.destroy(new Error('no answer')));
    req.on('error', reject);
    req.end();
  });
}

describe('voxmask sandbox --authorization', () => {
  let fx: SandboxFixture;
  beforeAll(async () => {
    fx = await startSandbox();
  }, 30_000);
  afterAll(() => fx.close());

  it('prints a header value the admin endpoints accept', async () => {
    const printed = await voxmask(['sandbox', '--authorization', '--dir', fx.dir]);
    expect(printed.code).toBe(0);
    const authorization = printed.stdout.trim();
    expect(authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(await getFaults(fx.sandbox.host, undefined)).toBe(401);
    expect(await getFaults(fx.sandbox.host, authorization)).toBe(200);
  });

  it('fails naming the missing key when the folder holds no sandbox', async () => {
    const printed = await voxmask(['sandbox', '--authorization', '--dir', join(fx.dir, 'nothing-here')]);
    expect(printed.code).toBe(1);
    expect(printed.stderr).toMatch(/credentials\.json.*does not exist/);
  });
});
