import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Agent } from 'node:https';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';

/**
 * Trusting the sandbox's self-signed certificate in this process, for the official client and for
 * our raw requests (raw-request.ts), without restarting Node with NODE_EXTRA_CA_CERTS.
 *
 * The client posts through axios' default instance and takes no agent of its own
 * (docs/platform.md#client-tls); axios sends a request through `config.httpsAgent` when one is set.
 * So one request interceptor on that very instance gives each request to a trusted sandbox host an
 * https.Agent whose `ca` is Node's bundled roots plus the sandbox's certificate. Requests to any
 * other host keep Node's defaults, and no Node global changes (https.globalAgent stays as it is): in
 * jest every test file has its own module registry, hence its own axios instance and trust list,
 * so test files sharing a worker do not see each other's trust.
 */

/** The part of an axios request config the interceptor reads and sets. */
interface AxiosRequestConfigPart {
  url?: string;
  baseURL?: string;
  httpsAgent?: unknown;
}

/** The part of axios' default instance used here (axios is the client's dependency, not ours). */
interface AxiosInstancePart {
  interceptors: { request: { use(onRequest: (config: AxiosRequestConfigPart) => AxiosRequestConfigPart): number } };
}

/** Trusted hosts (`127.0.0.1:8443`, lower case) → the agent that trusts their certificate. */
const agents = new Map<string, Agent>();
/**
 * Certificate (PEM text) → a secure context trusting Node's roots plus it. Building one parses the whole
 * root store (~20 ms); a context is immutable, so every agent trusting the same certificate shares one.
 */
const secureContexts = new Map<string, SecureContext>();

function secureContextTrusting(caPem: string): SecureContext {
  let context = secureContexts.get(caPem);
  if (!context) {
    context = createSecureContext({ ca: [...rootCertificates, caPem] });
    secureContexts.set(caPem, context);
  }
  return context;
}
let interceptorInstalled = false;

/** `host` as axios sees it in a request URL: `host:port` in lower case (443 dropped, as URL does). */
function hostKey(host: string): string {
  return new URL(`https://${host}/`).host;
}

/**
 * The axios the official client itself loads (resolved from the client's folder, so a second copy
 * elsewhere in node_modules cannot take the interceptor instead). Loaded through `require`, which in
 * jest is the test file's own registry.
 */
function clientAxios(): AxiosInstancePart {
  const clientDir = dirname(require.resolve('@voximplant/apiclient-nodejs'));
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the client's own axios, by its path
  const loaded = require(require.resolve('axios', { paths: [clientDir] })) as AxiosInstancePart & { default?: AxiosInstancePart };
  return loaded.default ?? loaded;
}

function installInterceptor(): void {
  if (interceptorInstalled) return;
  clientAxios().interceptors.request.use((config) => {
    if (config.httpsAgent === undefined && config.url) {
      const url = new URL(config.url, config.baseURL);
      const agent = url.protocol === 'https:' ? agents.get(url.host) : undefined;
      if (agent) config.httpsAgent = agent;
    }
    return config;
  });
  interceptorInstalled = true;
}

/**
 * Makes this process trust `caPem` (one PEM certificate, the sandbox's `tls/cert.pem`) for HTTPS
 * requests to `host` (`127.0.0.1:8443`, as the client's `host` option is written) made by the
 * official client (axios) and by postPlatformForm. Trusting a host again replaces its certificate.
 * @returns release: forgets the host and closes the agent's idle sockets (call when the sandbox closes)
 * @throws TypeError when `host` is not a host[:port]
 */
export function trustSandboxCa(host: string, caPem: string | Buffer): () => void {
  const key = hostKey(host);
  installInterceptor();
  agents.get(key)?.destroy();
  // Connections as Node's global agent makes them (Node >= 19: keep-alive, LIFO, 5 s idle timeout);
  // one secure context per certificate instead of parsing the root store again for every connection.
  const agent = new Agent({ keepAlive: true, scheduling: 'lifo', timeout: 5000, secureContext: secureContextTrusting(caPem.toString()) });
  agents.set(key, agent);
  return () => {
    if (agents.get(key) !== agent) return;
    agents.delete(key);
    agent.destroy();
  };
}

/** trustSandboxCa with the certificate read from `caFile`. @throws the read error (ENOENT, …) */
export function trustSandboxCaFile(host: string, caFile: string): () => void {
  return trustSandboxCa(host, readFileSync(caFile));
}

/** The agent that trusts `host`'s sandbox certificate, or undefined (Node's defaults apply). */
export function sandboxAgentFor(host: string): Agent | undefined {
  return agents.get(hostKey(host));
}
