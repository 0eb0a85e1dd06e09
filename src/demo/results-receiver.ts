import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CallResult } from '../../contract/call-result';
import { ResultRejectedError, ResultReplayGuard, verifySignedResult } from '../backend/results';

/** Options of ResultsReceiver.start. */
export interface ResultsReceiverOptions {
  /** The URL path results are POSTed to, e.g. `/voxmask/call-results`. */
  path: string;
  /** The shared signing secret (the application secret named by `scenario.results.secretName`). */
  secret: string;
  /** The receiver's clock, epoch ms, for the signature's replay window. The demo passes the sandbox's virtual clock. */
  now: () => number;
}

/**
 * The demo's stand-in for a delivery backend's result webhook: an HTTP server on 127.0.0.1 that takes
 * `POST <path>` with a signed call result, verifies it with the backend library
 * (src/backend/results: constant-time HMAC, replay window, JSON Schema), de-duplicates by `resultId`
 * and keeps each verified first delivery. Answers 204 when accepted (also for a duplicate, so the sender stops
 * retrying), 401/400/422 when refused (ResultRejectedError's status), 404 for any other request.
 */
export class ResultsReceiver {
  /** Verified results, first deliveries only (a duplicate `resultId` is answered but not kept). */
  private readonly verified: CallResult[] = [];
  private readonly replayGuard = new ResultReplayGuard();

  private constructor(
    private readonly server: Server,
    private readonly options: ResultsReceiverOptions,
    /** Base URL, e.g. `http://127.0.0.1:40123`. */
    readonly origin: string,
  ) {}

  /** Starts listening on 127.0.0.1, on any free port. */
  static async start(options: ResultsReceiverOptions): Promise<ResultsReceiver> {
    const server = createServer();
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolveListen());
    });
    const { port } = server.address() as AddressInfo;
    const receiver = new ResultsReceiver(server, options, `http://127.0.0.1:${port}`);
    // Nobody knows the address before this point, so no request can arrive before the handler.
    server.on('request', (req, res) => void receiver.handle(req, res));
    return receiver;
  }

  /** Every verified first delivery so far, oldest first (the browser phone's Orders and results panel). */
  accepted(): readonly CallResult[] {
    return this.verified.slice();
  }

  /** Verified first deliveries of one session's result (exactly one is the goal). */
  acceptedFor(sessionId: number): CallResult[] {
    return this.verified.filter((result) => result.sessionId === sessionId);
  }

  async close(): Promise<void> {
    await new Promise<void>((resolveClose) => this.server.close(() => resolveClose()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST' || (req.url ?? '').split('?')[0] !== this.options.path) return void res.writeHead(404).end();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const nowMs = this.options.now();
    try {
      const result = verifySignedResult({ headers: req.headers, body }, { secret: this.options.secret, nowMs });
      if (this.replayGuard.admit(result.resultId, nowMs) !== 'duplicate') this.verified.push(result);
      res.writeHead(204).end();
    } catch (err) {
      if (!(err instanceof ResultRejectedError)) throw err;
      res.writeHead(err.status, { 'content-type': 'text/plain' }).end(err.message);
    }
  }
}
