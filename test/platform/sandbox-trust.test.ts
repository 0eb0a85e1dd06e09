import VoximplantApiClient from '@voximplant/apiclient-nodejs';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, globalAgent, Server } from 'node:https';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postPlatformForm } from '../../src/platform/raw-request';
import { sandboxAgentFor, trustSandboxCa } from '../../src/platform/sandbox-trust';
import { testAccountKey, testTlsPair } from '../sandbox/management-api/harness';

/**
 * Trusting the sandbox's self-signed certificate in-process: the REAL official client (its axios) and
 * postPlatformForm reach a server serving it only for a trusted host, and Node's global agent is left
 * as it was. The server answers every request with one GetAccountInfo-like JSON body.
 */
async function serve(cert: string, key: string): Promise<{ server: Server; host: string }> {
  const server = createServer({ cert, key }, (req, res) => {
    req.resume();
    req.on('end', () =>
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"result":{"account_id":1,"account_name":"trust"}}'),
    );
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  return { server, host: `127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('trustSandboxCa', () => {
  let dir: string;
  let cert: string;
  let servers: { server: Server; host: string }[];
  let client: (host: string) => Promise<VoximplantApiClient>;

  beforeAll(async () => {
    const pair = testTlsPair();
    cert = readFileSync(pair.certFile, 'utf8');
    const key = readFileSync(pair.keyFile, 'utf8');
    servers = [await serve(cert, key), await serve(cert, key)];
    dir = mkdtempSync(join(tmpdir(), 'voxmask-trust-'));
    const credentials = join(dir, 'credentials.json');
    const privateKey = testAccountKey();
    writeFileSync(credentials, JSON.stringify({ account_id: 1, key_id: 'k', private_key: privateKey }));
    client = async (host) => {
      const c = new VoximplantApiClient({ pathToCredentials: credentials, host });
      await new Promise<void>((ready) => (c.onReady = () => ready()));
      return c;
    };
  });
  afterAll(async () => {
    for (const { server } of servers) {
      server.closeAllConnections();
      await new Promise((closed) => server.close(closed));
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const accountInfo = async (host: string) => (await client(host)).Accounts.getAccountInfo({});
  const raw = (host: string) => postPlatformForm(host, 'Bearer x', 'GetAccountInfo', {}, 5_000);

  it('lets the official client and raw requests reach the trusted host only, until released; no Node global changes', async () => {
    const [trusted, other] = servers.map((s) => s.host);
    const globalCa = globalAgent.options.ca;
    await expect(accountInfo(trusted)).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });

    const release = trustSandboxCa(trusted, cert);
    await expect(accountInfo(trusted)).resolves.toMatchObject({ result: { accountName: 'trust' } });
    await expect(raw(trusted)).resolves.toEqual({ result: { account_id: 1, account_name: 'trust' } });
    await expect(accountInfo(other)).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    await expect(raw(other)).rejects.toMatchObject({ name: 'PlatformTransportError', errno: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(globalAgent.options.ca).toBe(globalCa);

    release();
    expect(sandboxAgentFor(trusted)).toBeUndefined();
    await expect(accountInfo(trusted)).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
  });

  it("trusts the sandbox's certificate, not any: a trusted host serving another self-signed certificate is refused", async () => {
    // A fixed self-signed pair for 127.0.0.1 (valid until 2126), not the sandbox's.
    const fixture = (name: string) => readFileSync(join(__dirname, '..', 'fixtures', 'tls', name), 'utf8');
    const impostor = await serve(fixture('impostor-cert.pem'), fixture('impostor-key.pem'));
    servers.push(impostor);
    const release = trustSandboxCa(impostor.host, cert);
    await expect(accountInfo(impostor.host)).rejects.toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    await expect(raw(impostor.host)).rejects.toMatchObject({ name: 'PlatformTransportError', errno: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    release();
  });

  it('builds one secure context per certificate: hosts trusting the same certificate share it, another gets its own', async () => {
    const fixture = readFileSync(join(__dirname, '..', 'fixtures', 'tls', 'impostor-cert.pem'), 'utf8');
    const releases = [
      trustSandboxCa('127.0.0.1:1001', cert),
      trustSandboxCa('127.0.0.1:1002', Buffer.from(cert)),
      trustSandboxCa('127.0.0.1:1003', fixture),
    ];
    const contexts = ['127.0.0.1:1001', '127.0.0.1:1002', '127.0.0.1:1003'].map((host) => sandboxAgentFor(host)!.options.secureContext);
    expect(contexts[0]).toBeDefined();
    expect(contexts[1]).toBe(contexts[0]);
    expect(contexts[2]).not.toBe(contexts[0]);
    releases.forEach((release) => release());
    // A shared context still trusts its certificate after another host sharing it is released.
    const [trusted] = servers.map((s) => s.host);
    const release = trustSandboxCa(trusted, cert);
    await expect(raw(trusted)).resolves.toEqual({ result: { account_id: 1, account_name: 'trust' } });
    release();
  });

  it('matches the host as the client writes it: localhost and 127.0.0.1 are different hosts', () => {
    const release = trustSandboxCa('LOCALHOST:8443', cert);
    expect(sandboxAgentFor('localhost:8443')).toBeDefined();
    expect(sandboxAgentFor('127.0.0.1:8443')).toBeUndefined();
    release();
  });
});
