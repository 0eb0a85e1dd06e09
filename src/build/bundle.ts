import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { OutputOptions, Plugin, RollupBuild, RollupLog, RollupOptions } from 'rollup';
import { MAX_SCENARIO_CHARS, SCRIPT_MAX_BYTES } from '../../contract/scenario-limits';
import type { ScenarioConfig } from '../config/scenario';
import { compileInputsDigest, DEFAULT_BUILD_CACHE_DIR, linkInputsDigest, throughCache } from './build-cache';
import { BundleError } from './errors';
import { MASKED_CALL_ENTRY, PROJECT_ROOT } from './paths';
import { bakeConfig, bakeConfigPlugin, CONFIG_MODULE_ID, virtualConfigPlugin } from './virtual-config';
import { voxengineCiFixedPoint } from './voxengine-ci-emit';

export { MASKED_CALL_ENTRY, PROJECT_ROOT } from './paths';

export interface BundleOptions {
  /** Entry file; default the masked-call scenario. */
  entry?: string;
}

export interface BundleResult {
  code: string;
  /** Size of `code` in UTF-8 bytes. */
  bytes: number;
}

/** A scenario transpiled and type-checked once, still importing `voxmask:config` (ES module text). */
export interface CompiledScenario {
  readonly esm: string;
}

const BANNER = '// Built by `voxmask build` from scenarios/ (TypeScript). Do not edit: change the sources and rebuild.';
const COMPILED_ENTRY_ID = '\0voxmask:compiled-entry';

/**
 * Bundles a VoxEngine scenario with `config` baked in, into one readable ES2020 classic script
 * (rollup format `iife`, no exports, no runtime dependencies, not minified) and, when `outFile` is
 * given, writes it there. Type errors and every other rollup warning fail the build.
 * Throws BundleError (code says which rule failed).
 */
export async function buildScenarioBundle(config: ScenarioConfig, outFile?: string, options: BundleOptions = {}): Promise<BundleResult> {
  return linkScenario(await compileScenario(options.entry ?? MASKED_CALL_ENTRY), config, outFile);
}

/** Options of compileScenario and linkScenario. */
export interface BuildCacheOptions {
  /**
   * Folder of the content-addressed build cache (src/build/build-cache.ts); default
   * DEFAULT_BUILD_CACHE_DIR; `null` always runs the step (what the reproducibility test does).
   */
  cacheDir?: string | null;
}

function cacheDirOf(options: BuildCacheOptions): string | null {
  return options.cacheDir === undefined ? DEFAULT_BUILD_CACHE_DIR : options.cacheDir;
}

/** The TypeScript settings of step 1; part of the cache key, since they shape the output. */
const COMPILER_OPTIONS = {
  // `tsc -b` only type-checks this project (composite, declarations to a scratch folder); the bundle needs JS.
  // Comments stay in scenarios/: without them the bundle is a third smaller, far from the 128 KB upload limit.
  compilerOptions: {
    composite: false,
    declaration: false,
    emitDeclarationOnly: false,
    outDir: undefined,
    sourceMap: false,
    removeComments: true,
  },
  noEmitOnError: true,
  outputToFilesystem: false,
};
const COMPILE_OUTPUT: OutputOptions = { format: 'es', generatedCode: 'es2015', indent: '  ' };

/**
 * Step 1 of a build (slow: runs the TypeScript compiler with scenarios/tsconfig.json): transpiles and
 * type-checks the scenario into one ES module that still imports `voxmask:config`. A compile of the same
 * inputs is read from the cache instead (options.cacheDir). Throws BundleError on type errors or any warning.
 */
export async function compileScenario(entry: string = MASKED_CALL_ENTRY, options: BuildCacheOptions = {}): Promise<CompiledScenario> {
  const key = () => compileInputsDigest(PROJECT_ROOT, entry, { COMPILER_OPTIONS, COMPILE_OUTPUT });
  return { esm: await throughCache(cacheDirOf(options), key, () => runCompiler(entry)) };
}

/** Runs rollup with the TypeScript plugin over `entry`: the uncached step 1. */
async function runCompiler(entry: string): Promise<string> {
  // Loaded here, not at the top: a build served from the build cache never needs the compiler.
  const { default: typescript } = await import('@rollup/plugin-typescript');
  return runRollup(
    {
      input: entry,
      external: [CONFIG_MODULE_ID],
      plugins: [
        typescript({
          tsconfig: join(PROJECT_ROOT, 'scenarios', 'tsconfig.json'),
          // The include/exclude filter resolves against the working directory by default; anchor it to
          // the project so `voxmask build`/`deploy` work from any folder.
          filterRoot: PROJECT_ROOT,
          ...COMPILER_OPTIONS,
        }),
      ],
    },
    COMPILE_OUTPUT,
  );
}

/** Rollup options of the link step, with the output options they are generated with. */
export interface ScenarioRollupOptions extends RollupOptions {
  output: OutputOptions;
}

/**
 * The rollup options that turn a compiled scenario into the classic script VoxEngine runs: the compiled
 * ES module as entry, `config` baked in as `voxmask:config`, one `iife` chunk with the banner. `compiled`
 * is the result of compileScenario, or a function that produces it when rollup loads the entry (what
 * rollup.config.js passes, so `npx rollup -c` compiles on its own). `outFile` becomes `output.file`.
 * One definition for `voxmask build` (linkScenario) and `npx rollup -c`, so both write the same bytes.
 */
export function scenarioRollupOptions(
  compiled: CompiledScenario | (() => Promise<CompiledScenario>),
  config: ScenarioConfig,
  outFile?: string,
): ScenarioRollupOptions {
  const options = printedScriptOptions(compiled, [bakeConfigPlugin(config)]);
  return outFile ? { ...options, output: { ...options.output, file: outFile } } : options;
}

/**
 * The rollup options of the printed script: everything but the configuration, which stays a placeholder
 * (virtual-config.ts), so one printed script (rollup and TypeScript's printer, about a second of CPU in a
 * fresh process) serves every configuration; bakeConfig writes one in (`afterPrinting`: output plugins
 * that run after the printer).
 */
function printedScriptOptions(
  compiled: CompiledScenario | (() => Promise<CompiledScenario>),
  afterPrinting: Plugin[] = [],
): ScenarioRollupOptions {
  const compiledEntry: Plugin = {
    name: 'voxmask-compiled-entry',
    resolveId: (id) => (id === COMPILED_ENTRY_ID ? id : null),
    load: async (id) => (id === COMPILED_ENTRY_ID ? (typeof compiled === 'function' ? await compiled() : compiled).esm : null),
  };
  return {
    input: COMPILED_ENTRY_ID,
    treeshake: true,
    plugins: [compiledEntry, virtualConfigPlugin()],
    // The printing step prints the script as voxengine-ci's tsc pass would, so both tools upload the same text.
    output: { format: 'iife', banner: BANNER, generatedCode: 'es2015', indent: '  ', plugins: [voxengineCiFixedPoint(), ...afterPrinting] },
  };
}

/**
 * Step 2 of a build (fast): bakes `config` into a compiled scenario and emits the classic script
 * (scenarioRollupOptions). The printed script without the configuration comes from the build cache
 * when it is there, so linking another configuration takes milliseconds. Writes it to `outFile` when
 * given. Throws BundleError; `too_large` when the script exceeds either limit of
 * contract/scenario-limits.ts (VoxEngine's MAX_SCENARIO_CHARS characters, or the Management API's
 * SCRIPT_MAX_BYTES UTF-8 bytes, which deploy must upload).
 */
export async function linkScenario(
  compiled: CompiledScenario,
  config: ScenarioConfig,
  outFile?: string,
  options: BuildCacheOptions = {},
): Promise<BundleResult> {
  const { output, ...input } = printedScriptOptions(compiled);
  const { plugins: _printer, ...outputSettings } = output;
  const printed = await throughCache(
    cacheDirOf(options),
    () => linkInputsDigest(compiled.esm, outputSettings),
    () => runRollup(input, output),
  );
  const code = bakeConfig(printed, config);
  if (/^\s*(import|export)\b/m.test(code))
    throw new BundleError('module_syntax_left', 'the bundle still contains import/export statements');
  if (code.length > MAX_SCENARIO_CHARS)
    throw new BundleError('too_large', `the bundle has ${code.length} characters; VoxEngine allows ${MAX_SCENARIO_CHARS}`);
  const bytes = Buffer.byteLength(code, 'utf8');
  if (bytes >= SCRIPT_MAX_BYTES)
    throw new BundleError('too_large', `the bundle has ${bytes} bytes in UTF-8; the Management API accepts fewer than ${SCRIPT_MAX_BYTES}`);
  if (outFile) {
    mkdirSync(dirname(outFile), { recursive: true });
    writeFileSync(outFile, code);
  }
  return { code, bytes };
}

/** Runs one rollup build to a single chunk; any warning fails it. */
async function runRollup(input: RollupOptions, output: OutputOptions): Promise<string> {
  const warnings: string[] = [];
  const onLog = (level: string, log: RollupLog) => {
    if (level === 'warn') warnings.push(`${log.plugin ? `[${log.plugin}] ` : ''}${log.message}`);
  };
  const { rollup } = await import('rollup');
  let bundle: RollupBuild;
  try {
    bundle = await rollup({ treeshake: true, ...input, onLog });
  } catch (err) {
    throw new BundleError('rollup_failed', `rollup failed: ${(err as Error).message}`);
  }
  try {
    const { output: chunks } = await bundle.generate(output);
    if (warnings.length)
      throw new BundleError('rollup_warning', `the build produced warnings (treated as errors):\n${warnings.join('\n')}`);
    return chunks[0].code;
  } finally {
    await bundle.close();
  }
}
