import VoximplantApiClient from '@voximplant/apiclient-nodejs';
import jwt from 'jsonwebtoken';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { caTrusted } from '../../src/platform/extra-ca';
import { SessionStarter } from '../../src/sandbox/management-api/context';
import { ManagementApiFaults } from '../../src/sandbox/management-api/faults';
import { ManagementApiServer } from '../../src/sandbox/management-api/server';
import { OpenedStateDir, openStateDir } from '../../src/sandbox/state/state-dir';
import { ensureSandboxTls } from '../../src/sandbox/tls';

/**
 * A Management API server over a fresh state folder, with a clock the test moves (ApplicationStorage
 * expiry) and a recording SessionStarter, plus the REAL official client and raw HTTPS helpers.
 * The client trusts the shared test certificate `.sandbox/tls/cert.pem` only when jest was started with
 * NODE_EXTRA_CA_CERTS pointing at it (scripts/with-sandbox-ca.js does that).
 */

export const TLS_DIR = resolve(__dirname, '../../.sandbox/tls');

/**
 * The shared test TLS pair; throws a clear error when this process cannot trust its certificate (the
 * real client needs NODE_EXTRA_CA_CERTS at process start; scripts/with-sandbox-ca.js sets it).
 */
export function assertCaTrusted(): { certFile: string; keyFile: string } {
  const pair = ensureSandboxTls(TLS_DIR);
  if (!caTrusted(pair.certFile)) {
    throw new Error(
      `these tests use the real Voximplant client over HTTPS and need NODE_EXTRA_CA_CERTS=${pair.certFile} at process start; ` +
        `run them as: node scripts/with-sandbox-ca.js npx jest <tests> (after npx tsc -b src; npm test does both)`,
    );
  }
  return pair;
}

/** What a StartScenarios call handed to the runtime. */
export interface StartedSession {
  applicationId: number;
  ruleId: number;
  customData: string;
  historyId: number;
}

export interface ApiHarness {
  server: ManagementApiServer;
  opened: OpenedStateDir;
  dir: string;
  host: string;
  /** ApplicationStorage clock, epoch ms; move it with `clock.now += ms`. */
  clock: { now: number };
  started: StartedSession[];
  /** A ready official client (onReady awaited). */
  client: VoximplantApiClient;
  /** A fresh JWT for this account; override claims or header fields to forge bad ones. */
  token(claims?: Record<string, unknown>, header?: Record<string, unknown>): string;
  /** Raw POST /platform_api (or `path`) with an urlencoded body. */
  post(fields: Record<string, string>, opts?: RawOptions): Promise<RawResponse>;
  raw(opts: RawOptions & { body?: string | Buffer[]; contentType?: string }): Promise<RawResponse>;
  close(): Promise<void>;
}

export interface RawOptions {
  path?: string;
  method?: string;
  /** `null` sends no Authorization header; default a valid token. */
  token?: string | null;
}

export interface RawResponse {
  status: number;
  contentType: string;
  text: string;
  json: any;
}

/**
 * Starts a server on a new temp folder. `dir` reuses a folder (restart tests); `debounceMs` is the
 * state-file write debounce (default 5 ms; a long one shows whether an answer waited for the write);
 * `bodyTimeoutMs` the time a request body may take (default the server's 5 s).
 */
export async function startApi(
  options: { faults?: ManagementApiFaults; dir?: string; clockStart?: number; debounceMs?: number; bodyTimeoutMs?: number } = {},
): Promise<ApiHarness> {
  const { certFile, keyFile } = assertCaTrusted();
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'voxmask-mapi-'));
  const clock = { now: options.clockStart ?? Date.UTC(2026, 0, 1) };
  const opened = await openStateDir(dir, { kvNow: () => clock.now, debounceMs: options.debounceMs ?? 5 });
  const started: StartedSession[] = [];
  let nextHistory = 1;
  const sessions: SessionStarter = {
    startScenarios: (app, rule, customData) => {
      const historyId = nextHistory++;
      started.push({ applicationId: app.id, ruleId: rule.id, customData, historyId });
      return historyId;
    },
  };
  const server = await ManagementApiServer.start({
    state: opened.state,
    sessions,
    tls: { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') },
    port: 0,
    faults: options.faults,
    bodyTimeoutMs: options.bodyTimeoutMs,
  });
  const client = new VoximplantApiClient({ pathToCredentials: opened.credentialsFile, host: server.host });
  await new Promise<void>((ready) => (client.onReady = () => ready()));
  const account = opened.state.account;
  const ca = readFileSync(certFile);

  const token = (claims: Record<string, unknown> = {}, header: Record<string, unknown> = {}): string => {
    const now = Math.floor(Date.now() / 1000);
    return jwt.sign({ iss: account.accountId, iat: now, exp: now + 60, ...claims }, account.privateKeyPem, {
      algorithm: 'RS256',
      header: { alg: 'RS256', kid: account.keyId, ...header } as jwt.JwtHeader,
    });
  };

  const raw: ApiHarness['raw'] = (opts) =>
    new Promise((resolvePromise, reject) => {
      const headers: Record<string, string> = {};
      if (opts.contentType) headers['content-type'] = opts.contentType;
      const bearer = opts.token === undefined ? token() : opts.token;
      if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
      const req = request({ host: '127.0.0.1', port: server.port, path: opts.path ?? '/platform_api', method: opts.method ?? 'POST', headers, ca }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolvePromise({ status: res.statusCode ?? 0, contentType: String(res.headers['content-type']), text, json });
        });
      });
      req.on('error', reject);
      if (Array.isArray(opts.body)) for (const chunk of opts.body) req.write(chunk);
      else if (opts.body !== undefined) req.write(opts.body);
      req.end();
    });

  const post: ApiHarness['post'] = (fields, opts = {}) =>
    raw({ ...opts, body: new URLSearchParams(fields).toString(), contentType: 'application/x-www-form-urlencoded' });

  return {
    server,
    opened,
    dir,
    host: server.host,
    clock,
    started,
    client,
    token,
    post,
    raw,
    close: async () => {
      await server.close();
      await opened.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A multipart body split into chunks, as form-data streams it (no Content-Length). */
export function multipart(fields: [string, string][], file?: { name: string; filename: string; content: string }): { body: Buffer[]; contentType: string } {
  const boundary = `----voxmask${randomBytes(8).toString('hex')}`;
  const body: Buffer[] = [];
  for (const [name, value] of fields) {
    body.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`));
    body.push(Buffer.from(`${value}\r\n`));
  }
  if (file) {
    body.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n${file.content}\r\n`));
  }
  body.push(Buffer.from(`--${boundary}--\r\n`));
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
