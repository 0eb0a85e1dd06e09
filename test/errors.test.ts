import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { EXIT, VoxmaskError } from '../src/errors';
import { ConfigError } from '../src/config';
import { PlatformTransportError } from '../src/platform/errors';

/**
 * Every error class voxmask declares in src/ derives from VoxmaskError and has a code of its own, and
 * the README lists them all. Read from the sources (no class can be missed by forgetting to import it
 * here); the only exceptions are the errors the sandbox raises as the platform, with its numeric codes.
 */
const ROOT = resolve(__dirname, '..');
/** The sandbox's errors that imitate the platform (src/errors.ts says why); their `code` is the platform's number. */
const PLATFORM_IMITATIONS = ['ApiError', 'BodyError', 'KeyValueError', 'StorageError', 'NetOptionsError'];

interface DeclaredError {
  name: string;
  base: string;
  file: string;
  /** The codes the class gives `code`: one literal, or a union of literals (a code per cause). */
  codes: string[];
}

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });
}

/** String literals of a `'a' | 'b'` type, or of the type alias it names in the same file. */
function literals(type: string, text: string): string[] {
  const alias = /^\w+$/.test(type) ? new RegExp(`type ${type} =([^;]+);`).exec(text) : null;
  return [...(alias ? alias[1] : type).matchAll(/'([^']+)'/g)].map((m) => m[1]);
}

function declaredErrors(): DeclaredError[] {
  return sources(join(ROOT, 'src')).flatMap((path) => {
    const text = readFileSync(path, 'utf8');
    const classes = [...text.matchAll(/^(?:export )?(?:abstract )?class (\w+) extends (\w+) \{$/gm)];
    return classes.map((match, i) => {
      const body = text.slice(match.index, classes[i + 1]?.index ?? text.length);
      const single = /^ {2}(?:override )?readonly code = '([^']+)';$/m.exec(body);
      const typed = /readonly code: ([^,\n]+),?$/m.exec(body);
      const codes = single ? [single[1]] : typed ? literals(typed[1].trim(), text) : [];
      return { name: match[1], base: match[2], file: relative(ROOT, path), codes };
    });
  });
}

describe('error classes', () => {
  const declared = declaredErrors();
  const byName = new Map(declared.map((d) => [d.name, d]));
  const isVoxmaskError = (name: string): boolean => name === 'VoxmaskError' || (byName.has(name) && isVoxmaskError(byName.get(name)!.base));
  const isError = (name: string): boolean =>
    /^(Error|TypeError|RangeError)$/.test(name) || (byName.has(name) && isError(byName.get(name)!.base));
  const voxmaskErrors = declared.filter((d) => d.name !== 'VoxmaskError' && isVoxmaskError(d.base));

  it('every Error class in src/ derives from VoxmaskError, except the platform imitations', () => {
    expect(voxmaskErrors.length).toBeGreaterThanOrEqual(30);
    const others = declared.filter((d) => d.name !== 'VoxmaskError' && isError(d.base) && !isVoxmaskError(d.base)).map((d) => d.name);
    expect(others.sort()).toEqual([...PLATFORM_IMITATIONS].sort());
  });

  it('gives each class its own codes: none missing, none shared', () => {
    expect(voxmaskErrors.filter((d) => d.codes.length === 0).map((d) => d.name)).toEqual([]);
    const owners = new Map<string, string[]>();
    for (const d of voxmaskErrors) for (const code of d.codes) owners.set(code, [...(owners.get(code) ?? []), d.name]);
    expect([...owners].filter(([, names]) => names.length > 1)).toEqual([]);
  });

  it("lists every class with its codes in the README's error table, and nothing else", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const section = readme.slice(readme.indexOf('<a id="error-codes"></a>'));
    const rows = [...section.slice(0, section.indexOf('\n\n', section.indexOf('|---'))).matchAll(/^\| `(\w+)` \| ([^|]+) \|/gm)];
    const listed = Object.fromEntries(rows.map((row) => [row[1], [...row[2].matchAll(/`([^`]+)`/g)].map((m) => m[1]).sort()]));
    expect(listed).toEqual(Object.fromEntries(voxmaskErrors.map((d) => [d.name, [...d.codes].sort()])));
    expect(rows).toHaveLength(Object.keys(listed).length); // no class listed twice
  });

  it('an instance keeps its name and message and carries its code and exit code', () => {
    const config = new ConfigError('configuration file x.json is invalid', ['deploy.port: expected number']);
    expect(config).toBeInstanceOf(VoxmaskError);
    expect(config).toMatchObject({
      name: 'ConfigError',
      code: 'E_CONFIG',
      exitCode: EXIT.USER_ERROR,
      message: 'configuration file x.json is invalid\n  - deploy.port: expected number',
    });
    expect(new PlatformTransportError('GetRules', 'ECONNREFUSED', 'connect ECONNREFUSED')).toMatchObject({
      code: 'E_PLATFORM_UNREACHABLE',
      exitCode: EXIT.UNAVAILABLE,
    });
  });
});
