/**
 * The files of the browser phone's page: its own (src/sandbox/web/page/: HTML, CSS, ES modules, served
 * as they are, no build step) and the UI library's, served from node_modules where require.resolve finds
 * them (preact, preact/hooks, htm), never copied. The page imports the libraries by name through an
 * import map, allowed by the Content-Security-Policy through its SHA-256 (no inline script otherwise).
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, extname, join, resolve } from 'node:path';
import { VoxmaskError } from '../../errors';

/** A file to serve: its content type and bytes. */
export interface PageFile {
  contentType: string;
  body: Buffer;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** The page's files could not be found (a broken install); `path` names what is missing. */
export class PageFilesError extends VoxmaskError {
  override name = 'PageFilesError';
  readonly code = 'E_WEB_PAGE_FILES';
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The page folder: next to this module when running from the sources (jest), or in the package's
 * src/sandbox/web/page when running compiled from dist/src/sandbox/web.
 */
function pageDir(): string {
  for (const dir of [join(__dirname, 'page'), resolve(__dirname, '../../../../src/sandbox/web/page')]) {
    if (existsSync(join(dir, 'index.html'))) return dir;
  }
  throw new PageFilesError(
    join(__dirname, 'page'),
    'the browser phone page (src/sandbox/web/page/index.html) is missing from this installation',
  );
}

/** The vendor modules by URL name, resolved in node_modules. */
function vendorPaths(): Record<string, string> {
  const htmDir = dirname(require.resolve('htm'));
  return {
    'preact.mjs': require.resolve('preact'),
    'hooks.mjs': require.resolve('preact/hooks'),
    'htm.mjs': join(htmDir, 'htm.mjs'),
  };
}

/** Where the page imports the libraries from, by bare name. */
const IMPORT_MAP = JSON.stringify({
  imports: { preact: '/web/vendor/preact.mjs', 'preact/hooks': '/web/vendor/hooks.mjs', htm: '/web/vendor/htm.mjs' },
});

/** The page and vendor files, read once at start; `csp` is the Content-Security-Policy of every page response. */
export class PageFiles {
  readonly csp: string;
  private readonly files = new Map<string, PageFile>();

  /** Throws PageFilesError when a file of the page or of a library is missing. */
  constructor() {
    const dir = pageDir();
    for (const name of readdirSync(dir)) {
      const type = TYPES[extname(name)];
      if (type) this.files.set(`/web/${name}`, { contentType: type, body: readFileSync(join(dir, name)) });
    }
    for (const [name, path] of Object.entries(vendorPaths())) {
      if (!existsSync(path)) throw new PageFilesError(path, `the UI library file ${path} is missing: run npm install`);
      this.files.set(`/web/vendor/${name}`, { contentType: TYPES['.mjs'], body: readFileSync(path) });
    }
    const index = this.files.get('/web/index.html');
    if (!index) throw new PageFilesError(join(dir, 'index.html'), 'the browser phone page has no index.html');
    const html = index.body.toString('utf8').replace('<!--import-map-->', `<script type="importmap">${IMPORT_MAP}</script>`);
    this.files.set('/web/', { contentType: TYPES['.html'], body: Buffer.from(html) });
    this.files.delete('/web/index.html');
    const mapHash = createHash('sha256').update(IMPORT_MAP).digest('base64');
    this.csp = [
      "default-src 'none'",
      `script-src 'self' 'sha256-${mapHash}'`,
      "style-src 'self'",
      "img-src 'self' data:",
      "connect-src 'self'",
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; ');
  }

  /** The file served at `path` (e.g. '/web/', '/web/app.js', '/web/vendor/preact.mjs'), or undefined. */
  get(path: string): PageFile | undefined {
    return this.files.get(path);
  }
}
