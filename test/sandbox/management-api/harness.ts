import VoximplantApiClient from '@voximplant/apiclient-nodejs';
import jwt from 'jsonwebtoken';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { trustSandboxCaFile } from '../../../src/platform/sandbox-trust';
import { SessionStarter } from '../../../src/sandbox/management-api/context';
import { ManagementApiFaults } from '../../../src/sandbox/management-api/faults';
import type { MediaSessionHandler } from '../../../src/sandbox/management-api/media-session';
import { ManagementApiServer } from '../../../src/sandbox/management-api/server';
import { MIN_RSA_BITS, privateKeyProblem } from '../../../src/platform/credentials';
import { OpenedStateDir, openStateDir } from '../../../src/sandbox/state/state-dir';
import { ensureSandboxTls } from '../../../src/sandbox/tls';

/**
 * A Management API server over a fresh state folder, with a clock the test moves (ApplicationStorage
 * expiry) and a recording SessionStarter, plus the REAL official client and raw HTTPS helpers.
 * The servers serve the shared test certificate `.sandbox/tls/cert.pem`; the client trusts it through
 * trustTestCa.
 */

export const TLS_DIR = resolve(__dirname, '../../../.sandbox/tls');

/** The shared test TLS pair `.sandbox/tls` (created when missing), which the tests' servers serve. */
export function testTlsPair(): { certFile: string; keyFile: string } {
  return ensureSandboxTls(TLS_DIR);
}

/**
 * Makes the official client (and raw Management API requests) of THIS test file trust the shared test
 * certificate for `host` (src/platform/sandbox-trust.ts: an agent for that host on the client's axios,
 * which jest loads once per test file; no Node global changes, nothing leaks to other test files).
 * @returns release: forget the host again
 */
export function trustTestCa(host: string): () => void {
  return trustSandboxCaFile(host, testTlsPair().certFile);
}

/** Folder of the shared test RSA keys (see testAccountKey). */
export const TEST_KEYS_DIR = resolve(__dirname, '../../../.sandbox/test-keys');

/** The keys this test file has read already: a sandbox per test would otherwise read and parse the file each time. */
const testKeys = new Map<string, string>();

/**
 * A shared test RSA key (PKCS#8 PEM, 2048 bits) from `.sandbox/test-keys/<which>.pem`, created when
 * missing or unusable: `account` is what the tests' sandboxes give their accounts
 * (SandboxOptions.accountKey), `unknown` a key none of them knows (forged tokens, wrong credentials).
 * Generating a key per sandbox cost the suite ~20 s of CPU. Workers that find the file missing at once
 * each write a whole key and rename it into place, so a reader never sees half a file; any of them is fine.
 */
export function testAccountKey(which: 'account' | 'unknown' = 'account'): string {
  let pem = testKeys.get(which);
  if (pem === undefined) {
    pem = storedOrNewKey(join(TEST_KEYS_DIR, `${which}.pem`));
    testKeys.set(which, pem);
  }
  return pem;
}

function storedOrNewKey(file: string): string {
  mkdirSync(TEST_KEYS_DIR, { recursive: true });
  const stored = readFileSync(file, { encoding: 'utf8', flag: 'a+' });
  if (privateKeyProblem(stored) === undefined) return stored;
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: MIN_RSA_BITS });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, pem, { mode: 0o600 });
  renameSync(temp, file);
  return pem;
}

/** The access-URL token of every session the harness's SessionStarter starts. */
export const HARNESS_TOKEN = '0123456789abcdef';

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
  options: {
    faults?: ManagementApiFaults;
    dir?: string;
    clockStart?: number;
    debounceMs?: number;
    bodyTimeoutMs?: number;
    mediaSessions?: MediaSessionHandler;
  } = {},
): Promise<ApiHarness> {
  const { certFile, keyFile } = testTlsPair();
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'voxmask-mapi-'));
  const clock = { now: options.clockStart ?? Date.UTC(2026, 0, 1) };
  const opened = await openStateDir(dir, { kvNow: () => clock.now, debounceMs: options.debounceMs ?? 5, accountKeyPem: testAccountKey() });
  const started: StartedSession[] = [];
  let nextHistory = 1;
  const sessions: SessionStarter = {
    startScenarios: (app, rule, customData) => {
      const historyId = nextHistory++;
      started.push({ applicationId: app.id, ruleId: rule.id, customData, historyId });
      const url = `https://${server.host}/request/${historyId}/${HARNESS_TOKEN}`;
      return { historyId, accessUrl: url, accessSecureUrl: url, checkUrl: `${url}/check` };
    },
  };
  const server = await ManagementApiServer.start({
    state: opened.state,
    sessions,
    tls: { cert: readFileSync(certFile, 'utf8'), key: readFileSync(keyFile, 'utf8') },
    port: 0,
    faults: options.faults,
    bodyTimeoutMs: options.bodyTimeoutMs,
    mediaSessions: options.mediaSessions,
  });
  const untrust = trustTestCa(server.host);
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
      const req = request(
        { host: '127.0.0.1', port: server.port, path: opts.path ?? '/platform_api', method: opts.method ?? 'POST', headers, ca },
        (res) => {
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
        },
      );
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
      untrust();
      await server.close();
      await opened.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A multipart body split into chunks, as form-data streams it (no Content-Length). */
export function multipart(
  fields: [string, string][],
  file?: { name: string; filename: string; content: string },
): { body: Buffer[]; contentType: string } {
  const boundary = `----voxmask${randomBytes(8).toString('hex')}`;
  const body: Buffer[] = [];
  for (const [name, value] of fields) {
    body.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`));
    body.push(Buffer.from(`${value}\r\n`));
  }
  if (file) {
    body.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.name}"; filename="${file.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n${file.content}\r\n`,
      ),
    );
  }
  body.push(Buffer.from(`--${boundary}--\r\n`));
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}
