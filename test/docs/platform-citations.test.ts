import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * docs/platform.md holds the platform facts voxmask relies on; code and docs cite its sections as
 * `docs/platform.md#<anchor>` (or `platform.md#<anchor>` from inside docs/). These tests keep those
 * citations resolvable and keep every citation inside the repository.
 */

const ROOT = join(__dirname, '..', '..');
const PLATFORM_DOC = 'docs/platform.md';
const THIS_FILE = relative(ROOT, __filename).split(sep).join('/');

/** Folders never scanned when there is no git checkout to list tracked files. */
const UNTRACKED_DIRS = new Set(['.git', 'node_modules', 'dist', '.sandbox', 'coverage']);

/** Repository-relative paths (forward slashes) of the tracked files; a walk of the tree without git. */
function repositoryFiles(): string[] {
  try {
    const listed = execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    const files = listed.split('\0').filter((path) => path !== '' && existsSync(join(ROOT, path)));
    if (files.length > 0) return files;
  } catch {
    // Not a git checkout (an unpacked tarball): fall through to the walk.
  }
  const found: string[] = [];
  const pending = [ROOT];
  while (pending.length > 0) {
    const dir = pending.pop() as string;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!UNTRACKED_DIRS.has(entry.name)) pending.push(path);
      } else if (entry.isFile()) {
        found.push(relative(ROOT, path).split(sep).join('/'));
      }
    }
  }
  return found;
}

/** The file's text, or undefined for a binary file (one with a NUL byte). */
function textOf(path: string): string | undefined {
  const bytes = readFileSync(join(ROOT, path));
  return bytes.includes(0) ? undefined : bytes.toString('utf8');
}

/** Markdown with fenced code blocks blanked out, so a `# comment` in a shell block is no heading. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, '');
}

/** GitHub's heading slug: lowercase, punctuation dropped, spaces to `-`; repeats get `-1`, `-2`, ... */
function headingSlugs(markdown: string): string[] {
  const seen = new Map<string, number>();
  const slugs: string[] = [];
  for (const match of withoutFences(markdown).matchAll(/^#{1,6}[ \t]+(.+?)[ \t#]*$/gm)) {
    const text = match[1].replace(/<[^>]*>/g, '').replace(/\[([^\]]*)\]\([^)]*\)/g, '$1');
    const base = text
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\p{M} _-]/gu, '')
      .replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    slugs.push(count === 0 ? base : `${base}-${count}`);
  }
  return slugs;
}

/** Explicit anchors: `<a id="x">` or `<a name="x">` (any quotes, any attribute order). */
function explicitAnchors(markdown: string): string[] {
  return [...markdown.matchAll(/<a\s[^>]*?\b(?:id|name)\s*=\s*["']([^"']*)["'][^>]*>/gi)].map((match) => match[1]);
}

/** Every anchor a link into the page can land on. */
function anchorsOf(markdown: string): Set<string> {
  return new Set([...explicitAnchors(markdown), ...headingSlugs(markdown)]);
}

/**
 * Every citation of the platform page in `text`: `docs/platform.md#a`, `./platform.md#a`,
 * `../docs/platform.md#a`, `<…>/platform.md#a` in a link. The anchor is whatever follows `#` up to a
 * character that cannot be in an anchor, so `#` alone or `#Bad Anchor` is caught as a wrong anchor.
 */
function citationsIn(text: string): { anchor: string; line: number }[] {
  const found: { anchor: string; line: number }[] = [];
  for (const match of text.matchAll(/(?<![\w-])platform\.md#([^\s)\]>"'`,;|*]*)/g)) {
    const anchor = match[1].replace(/[.:!?]+$/, '');
    if (anchor.startsWith('<')) continue; // `docs/platform.md#<anchor>`: a placeholder in prose
    found.push({ anchor, line: text.slice(0, match.index).split('\n').length });
  }
  return found;
}

/** In-page links of the platform page itself: `](#anchor)`. */
function inPageLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(#([^)\s]*)\)/g)].map((match) => match[1]);
}

const platformText = (): string => readFileSync(join(ROOT, PLATFORM_DOC), 'utf8');

describe('docs/platform.md citations', () => {
  it('every cited docs/platform.md#anchor exists in docs/platform.md', () => {
    const anchors = anchorsOf(platformText());
    const missing: string[] = [];
    let cited = 0;
    for (const path of repositoryFiles()) {
      if (path === THIS_FILE) continue; // its examples cite wrong anchors on purpose
      const text = textOf(path);
      if (text === undefined) continue;
      for (const { anchor, line } of citationsIn(text)) {
        cited += 1;
        if (!anchors.has(anchor)) missing.push(`${path}:${line}: #${anchor}`);
      }
      if (path === PLATFORM_DOC) {
        for (const anchor of inPageLinks(text)) if (!anchors.has(anchor)) missing.push(`${path}: (#${anchor})`);
      }
    }
    expect(missing).toEqual([]);
    expect(cited).toBeGreaterThanOrEqual(0);
  });

  it('docs/platform.md gives each explicit anchor once', () => {
    const ids = explicitAnchors(platformText());
    const repeated = ids.filter((id, index) => ids.indexOf(id) !== index);
    expect(repeated).toEqual([]);
    expect(ids.length).toBeGreaterThan(50);
    for (const id of ids) expect(id).toMatch(/^[a-z0-9]+(?:-[a-z0-9]+)*$/);
  });

  it('docs/platform.md marks every fact and gives a source URL for every documented one', () => {
    const text = platformText();
    const sections = text.split(/<a id="/).slice(1);
    const unmarked = sections
      .filter((section) => !/\*\*(documented|observed|inferred|legacy)\*\*/.test(section))
      .map((section) => section.slice(0, section.indexOf('"')));
    expect(unmarked).toEqual([]);

    // A documented claim ends its bullet or paragraph with the page it comes from (the legend,
    // which explains the marks, is no claim).
    const claimsStart = text.indexOf('<a id="', text.indexOf('<a id="legend"') + 1);
    const withoutUrl: string[] = [];
    for (const match of text.matchAll(/\*\*documented\*\*/g)) {
      if (match.index < claimsStart) continue;
      const rest = text.slice(match.index);
      const end = rest.search(/\n\s*\n|\n- |\n<a id=/);
      const claim = end === -1 ? rest : rest.slice(0, end);
      if (!/https?:\/\/\S+/.test(claim)) withoutUrl.push(text.slice(0, match.index).split('\n').length.toString());
    }
    expect(withoutUrl).toEqual([]);
  });

  it('docs/platform.md names only Voximplant sources', () => {
    const prose = platformText().replace(/`[^`\n]*`/g, '');
    const hosts = [...prose.matchAll(/https?:\/\/([^/\s)]+)(\/[^\s)]*)?/g)].map((match) => ({ host: match[1], path: match[2] ?? '' }));
    const foreign = hosts.filter(({ host, path }) =>
      host === 'github.com' ? !path.startsWith('/voximplant/') : !/(^|\.)voximplant\.(com|ai)$/.test(host),
    );
    expect(foreign).toEqual([]);
    expect(hosts.length).toBeGreaterThan(50);
  });

  // Platform facts are restated in docs/platform.md; nothing may send a reader outside the repository.
  it('no tracked file points at the reference folder outside the repository', () => {
    // Built from parts so that this file does not match itself.
    const outside = [
      ['..', 'shared'].join('/'),
      ['shared', 'reference'].join('/'),
      ['voxengine-runtime', 'md'].join('.'),
      ['management-api', 'md'].join('.'),
    ];
    const offenders: string[] = [];
    for (const path of repositoryFiles()) {
      if (path.startsWith('.ci/')) continue;
      const text = textOf(path);
      if (text === undefined) continue;
      text.split('\n').forEach((line, index) => {
        const hit = outside.find((needle) => line.includes(needle));
        if (hit !== undefined) offenders.push(`${path}:${index + 1}: ${hit}`);
      });
    }
    expect(offenders).toEqual([]);
  });
});

describe('the citation checks themselves', () => {
  it('find citations in the forms code and docs use, and read the anchor up to its end', () => {
    const text = [
      '// ApplicationStorage limits (docs/platform.md#kv-limits).',
      ' * see docs/platform.md#net-limits, docs/platform.md#session-idle-end;',
      'Keys ([kv-keys](platform.md#kv-keys)) and ../docs/platform.md#jwt-auth.',
      'a bare docs/platform.md# and docs/platform.md#Bad Anchor',
      'not a citation: myplatform.md#x, nor the placeholder docs/platform.md#<anchor>',
    ].join('\n');
    expect(citationsIn(text)).toEqual([
      { anchor: 'kv-limits', line: 1 },
      { anchor: 'net-limits', line: 2 },
      { anchor: 'session-idle-end', line: 2 },
      { anchor: 'kv-keys', line: 3 },
      { anchor: 'jwt-auth', line: 3 },
      { anchor: '', line: 4 },
      { anchor: 'Bad', line: 4 },
    ]);
  });

  it('collect explicit anchors and GitHub heading slugs, but no headings inside code fences', () => {
    const markdown = [
      '<a id="kv-limits"></a>',
      '## ApplicationStorage limits',
      "<a name='x'></a>",
      '## Call: say, startPlayback',
      '## Call: say, startPlayback',
      '```sh',
      '# not a heading',
      '```',
    ].join('\n');
    expect([...anchorsOf(markdown)].sort()).toEqual(
      ['applicationstorage-limits', 'call-say-startplayback', 'call-say-startplayback-1', 'kv-limits', 'x'].sort(),
    );
  });
});
