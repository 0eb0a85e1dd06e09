/**
 * HttpTarget 'real': sends the request over the loopback interface only. Any other host is refused
 * with code -3 (host not found) and the trace says why: a sandboxed scenario must not reach the network.
 * The virtual clock waits for the answer; its latency is the measured wall time.
 */
import * as http from 'node:http';
import * as https from 'node:https';
import { HTTP_MAX_RESPONSE_BYTES } from '../constants';
import type { HttpResponseSpec } from '../types';
import type { ParsedRequest } from './net-options';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Why a URL may not be requested in 'real' mode, or undefined when it may. */
export function realModeRefusal(url: string): string | undefined {
  const host = new URL(url).hostname;
  return LOOPBACK.has(host) ? undefined : `HttpTarget 'real' only reaches 127.0.0.1/localhost; ${host} is refused`;
}

/** Performs the request; resolves with the answer as a HttpResponseSpec (delayMs = measured wall ms). */
export function realRequest(req: ParsedRequest): Promise<HttpResponseSpec> {
  const started = performance.now();
  const client = req.url.startsWith('https:') ? https : http;
  return new Promise((resolve) => {
    const done = (spec: HttpResponseSpec) => resolve({ ...spec, delayMs: Math.round(performance.now() - started) });
    const request = client.request(req.url, { method: req.method, headers: req.headers, timeout: req.timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > HTTP_MAX_RESPONSE_BYTES) {
          res.destroy();
          done({ networkError: -9 });
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v;
        done({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', () => done({ networkError: -6 }));
    });
    request.on('timeout', () => {
      request.destroy();
      done({ networkError: -7 });
    });
    request.on('error', (error: NodeJS.ErrnoException) => done({ networkError: error.code === 'ECONNREFUSED' ? -4 : -6 }));
    if (req.body) request.write(req.body);
    request.end();
  });
}
