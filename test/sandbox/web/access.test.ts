import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Sandbox } from '../../../src/sandbox';
import { sandboxAuthorization } from '../../../src/sandbox/admin-client';
import { loadCredentials } from '../../../src/platform/credentials';
import { testAccountKey, TLS_DIR } from '../management-api/harness';

/**
 * Who may use the browser phone (src/sandbox/web/access.ts, routes.ts): a one-time link exchanged for a
 * cookie; the cookie, the Host and, for commands, the Origin and a JSON body are checked; more links
 * only with the account's JWT.
 */
interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

describe('browser phone access', () => {
  let dir: string;
  let sandbox: Sandbox;
  const ca = () => readFileSync(join(TLS_DIR, 'cert.pem'));

  function send(method: string, path: string, headers: Record<string, string> = {}, body = ''): Promise<Answer> {
    const [host, port] = sandbox.host.split(':');
    return new Promise((resolve, reject) => {
      const req = request(
        { host, port: Number(port), path, method, ca: ca(), servername: 'localhost', headers: { host: sandbox.host, ...headers } },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('error', reject);
      req.end(body);
    });
  }

  async function login(): Promise<string> {
    const link = new URL(sandbox.webLink());
    const answer = await send('GET', `${link.pathname}${link.search}`);
    expect(answer.status).toBe(303);
    const cookie = String(answer.headers['set-cookie']).split(';')[0];
    expect(String(answer.headers['set-cookie'])).toMatch(/HttpOnly; Secure; SameSite=Strict; Path=\/web$/);
    return cookie;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'voxmask-web-access-'));
    sandbox = await Sandbox.start({ dir, tlsDir: TLS_DIR, accountKey: testAccountKey(), onError: () => undefined });
  });
  afterAll(async () => {
    await sandbox.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a link works once; its cookie opens the page under a strict CSP', async () => {
    const link = new URL(sandbox.webLink());
    expect(link.search).toMatch(/^\?t=[A-Za-z]{40}$/);
    const first = await send('GET', `${link.pathname}${link.search}`);
    expect(first).toMatchObject({ status: 303, headers: { location: '/web/' } });
    expect((await send('GET', `${link.pathname}${link.search}`)).status).toBe(401);
    const cookie = String(first.headers['set-cookie']).split(';')[0];
    const page = await send('GET', '/web/', { cookie });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<script type="importmap">');
    expect(page.headers['content-security-policy']).toMatch(/^default-src 'none'; script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
    expect((await send('GET', '/web/vendor/preact.mjs', { cookie })).status).toBe(200);
    expect((await send('GET', '/web/api/setup', { cookie })).status).toBe(200);
  });

  test('no cookie, a wrong cookie or a foreign Host is refused', async () => {
    expect((await send('GET', '/web/')).status).toBe(401);
    expect((await send('GET', '/web/api/setup', { cookie: 'voxmask_web=forged' })).status).toBe(401);
    const cookie = await login();
    const rebound = await send('GET', '/web/api/setup', { cookie, host: `evil.example:${sandbox.host.split(':')[1]}` });
    expect(rebound.status).toBe(400);
  });

  test('a command needs the page Origin and a JSON body', async () => {
    const cookie = await login();
    const origin = `https://${sandbox.host}`;
    const body = JSON.stringify({ to: '+493025550100', from: '+4915112345678' });
    expect((await send('POST', '/web/api/calls', { cookie, 'content-type': 'application/json' }, body)).status).toBe(403);
    expect(
      (await send('POST', '/web/api/calls', { cookie, origin: 'https://evil.example', 'content-type': 'application/json' }, body)).status,
    ).toBe(403);
    expect((await send('POST', '/web/api/calls', { cookie, origin, 'content-type': 'text/plain' }, body)).status).toBe(403);
    // Allowed through: the empty sandbox has no route for the number (404 naming the field), and bad input names its field.
    const routed = await send('POST', '/web/api/calls', { cookie, origin, 'content-type': 'application/json' }, body);
    expect(routed.status).toBe(404);
    expect(JSON.parse(routed.body).error.field).toBe('to');
    expect(routed.body).not.toContain('4915112345678');
    const bad = await send(
      'POST',
      '/web/api/calls',
      { cookie, origin, 'content-type': 'application/json' },
      JSON.stringify({ to: '+493025550100', from: 'abc' }),
    );
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body).error).toMatchObject({ field: 'from' });
  });

  test('more links come from POST /_sandbox/web-link with the JWT only', async () => {
    expect((await send('POST', '/_sandbox/web-link')).status).toBe(401);
    const authorization = sandboxAuthorization(loadCredentials(sandbox.credentialsFile));
    const answer = await send('POST', '/_sandbox/web-link', { authorization });
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body).result.url).toMatch(new RegExp(`^https://${sandbox.host}/web/\\?t=[A-Za-z]{40}$`));
  });
});
