import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { writeFileAtomic } from '../fs/atomic-write';
import { PROJECT_ROOT } from './paths';

/**
 * A content-addressed cache for both steps of a build: compileScenario (the TypeScript compiler, seconds
 * of CPU) and linkScenario's printed script (rollup and the TypeScript printer, about a second in a fresh
 * process). A key is the sha256 of everything the step reads, so a hit is exactly what the step would
 * produce. For a compile: the entry's path and text, every file under the folders scenarios/tsconfig.json
 * includes (scenarios/, contract/, types/), the tsconfigs, the tool versions and the compile options; for
 * a link: the compiled module and the link options (the configuration is baked in after the cache); for
 * both, the build code (src/build/). Any change is another key; entries are never invalidated, only
 * superseded. Two builds that miss at once both run the step and write the same bytes atomically. */

/** Folders (relative to the project root) whose every file the scenario compile may read. */
const COMPILE_INPUT_FOLDERS = ['scenarios', 'contract', 'types'];
/** Single files the compile reads: the scenario tsconfig and the base it extends. */
const COMPILE_INPUT_FILES = ['tsconfig.base.json', join('scenarios', 'tsconfig.json')];
/** Packages whose version changes the compiled output. */
const BUILD_TOOLS = ['typescript', 'rollup', '@rollup/plugin-typescript', 'tslib'];

/** Where the build code lives: src/build/ in the repository, this compiled folder in an installed package. */
const BUILD_CODE_DIR = existsSync(join(PROJECT_ROOT, 'src', 'build', 'bundle.ts')) ? join(PROJECT_ROOT, 'src', 'build') : __dirname;

/** Default cache folder: node_modules/.cache/voxmask/build/ of the project (one `<key>.js` per entry). */
export const DEFAULT_BUILD_CACHE_DIR = join(PROJECT_ROOT, 'node_modules', '.cache', 'voxmask', 'build');

/**
 * The cache key (64 hex digits) of compiling `entry` (absolute path) under `root` with `options` (any
 * JSON-serialisable description of the compile settings). Reads every input file synchronously (a few
 * hundred small files: milliseconds). Throws the fs error when `entry` or a tsconfig cannot be read.
 */
export function compileInputsDigest(root: string, entry: string, options: unknown): string {
  const { hash, add } = keyHash('compile', options);
  add('entry', relative(root, entry));
  add('entry-text', readFileSync(entry));
  for (const file of COMPILE_INPUT_FILES) add(`file:${file}`, readFileSync(join(root, file)));
  for (const folder of COMPILE_INPUT_FOLDERS) {
    for (const file of filesUnder(join(root, folder))) add(`file:${relative(root, file)}`, readFileSync(file));
  }
  return hash.digest('hex');
}

/**
 * The cache key (64 hex digits) of the printed script of the compiled module `esm` with `options` (a
 * JSON-serialisable description of the link settings). The configuration is not part of it: it is baked
 * into the printed script afterwards (virtual-config.ts bakeConfig).
 */
export function linkInputsDigest(esm: string, options: unknown): string {
  const { hash, add } = keyHash('link', options);
  add('esm', esm);
  return hash.digest('hex');
}

/** A sha256 with a length-prefixed `add`, started with the step, its options and the tool versions. */
function keyHash(step: string, options: unknown) {
  const hash = createHash('sha256');
  const add = (label: string, content: string | Buffer) => {
    hash.update(`${label}\0${Buffer.byteLength(content)}\0`);
    hash.update(content);
  };
  add('step', step);
  add('options', JSON.stringify(options));
  for (const tool of BUILD_TOOLS) add(`tool:${tool}`, toolVersion(tool));
  // The build code itself, so an edit to a build step is a new key too: its TypeScript sources where
  // they exist (one key whether the tests run them or the compiled CLI does; npm scripts compile before
  // they build), else the compiled folder (an installed package has no src/).
  for (const file of filesUnder(BUILD_CODE_DIR)) add(`build:${relative(BUILD_CODE_DIR, file)}`, readFileSync(file));
  return { hash, add };
}

/** Read errors that mean "not cached here": no entry, no folder, or a folder this user may not read. */
const CACHE_MISS_CODES = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EISDIR']);

/** The cached output of `key` in `cacheDir`, or undefined on a miss. Throws other fs errors (EIO…). */
export function readCached(cacheDir: string, key: string): string | undefined {
  try {
    return readFileSync(join(cacheDir, `${key}.js`), 'utf8');
  } catch (err) {
    if (CACHE_MISS_CODES.has((err as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw err;
  }
}

/**
 * Stores the output of `key`. A cache that cannot be written (read-only install, full disk) only costs
 * the next build its speed, so write errors are swallowed: the build's result never depends on them.
 */
export async function writeCached(cacheDir: string, key: string, text: string): Promise<void> {
  try {
    mkdirSync(cacheDir, { recursive: true });
    await writeFileAtomic(join(cacheDir, `${key}.js`), text);
  } catch {
    // Best effort by design (see above).
  }
}

/**
 * The output of a build step through the cache in `cacheDir` (null: no cache, the step always runs):
 * read under `key()` when there, else produced by `step` and stored. Rejects with the step's error.
 */
export async function throughCache(cacheDir: string | null, key: () => string, step: () => Promise<string>): Promise<string> {
  if (cacheDir === null) return step();
  const digest = key();
  const cached = readCached(cacheDir, digest);
  if (cached !== undefined) return cached;
  const text = await step();
  await writeCached(cacheDir, digest, text);
  return text;
}

/** Every file under `folder`, recursively, in a stable order; an absent folder has none. */
function filesUnder(folder: string): string[] {
  let entries;
  try {
    entries = readdirSync(folder, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return entries
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .flatMap((e) => (e.isDirectory() ? filesUnder(join(folder, e.name)) : e.isFile() ? [join(folder, e.name)] : []));
}

/** The installed version of package `name` (its package.json may not be exported: found from its main file). */
function toolVersion(name: string): string {
  let folder: string;
  try {
    folder = dirname(require.resolve(name));
  } catch {
    return 'absent';
  }
  for (; dirname(folder) !== folder; folder = dirname(folder)) {
    try {
      const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (manifest.name === name) return manifest.version ?? 'unversioned';
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
  }
  return 'unknown';
}
