/**
 * The sandbox's browser phone (docs/sandbox.md "Browser phone"): a page served by the sandbox's own HTTPS
 * server under /web/, opened through a one-time link, to place calls and drive their far ends live, and
 * to read the calls' ladders, the orders and the results. Mounted by Sandbox.start.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { SandboxState } from '../state/sandbox-state';
import { WebAccess } from './access';
import { PageFiles } from './page-files';
import { WebRoutes } from './routes';
import { SandboxWeb, type SandboxWebOptions, type WebSandbox } from './sandbox-web';

export type { SandboxWebOptions } from './sandbox-web';
export { buildLadder } from './ladder/model';
export type { Ladder } from './ladder/model';
export { renderLaddersSvg } from './ladder/svg';

/** The browser phone of one sandbox. */
export class BrowserPhone {
  readonly web: SandboxWeb;
  private readonly access: WebAccess;
  private readonly routes: WebRoutes;

  /**
   * `host()` gives the sandbox's `127.0.0.1:<port>` once it listens. Throws PageFilesError when the page
   * or a UI library file is missing, RangeError for bad options.
   */
  constructor(
    sandbox: WebSandbox,
    state: SandboxState,
    private readonly host: () => string,
    options: SandboxWebOptions,
    onError: (err: Error) => void,
  ) {
    const virtualNumbers = () => state.phoneNumbers.filter((p) => p.applicationId !== null).map((p) => `+${p.number}`);
    const apps = {
      list: () => state.applications.map((a) => ({ id: a.id, name: a.name, storage: state.storageOf(a.id) })),
      virtualNumbers,
    };
    this.web = new SandboxWeb(sandbox, apps, options, onError);
    this.access = new WebAccess(() => Number(host().split(':')[1]));
    this.routes = new WebRoutes(this.web, this.access, new PageFiles(), virtualNumbers);
  }

  /** A new one-time page link, `https://127.0.0.1:<port>/web/?t=<letters>`. */
  link(): string {
    return `https://${this.host()}/web/?t=${this.access.newToken()}`;
  }

  /** Serves a request under /web (the sandbox's server mounts this). */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    return this.routes.handle(req, res, url);
  }

  /** Stops live clocks and pushes. */
  close(): void {
    this.web.close();
  }
}
