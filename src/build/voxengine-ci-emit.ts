import type * as TypeScript from 'typescript';
import type { Plugin } from 'rollup';

/**
 * The TypeScript compiler, loaded on first use: it is 9 MB of JavaScript (half a second to load), and a
 * build whose steps come from the build cache (build-cache.ts) never prints anything.
 */
function typescript(): typeof TypeScript {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- on demand, for the reason above
  return require('typescript') as typeof TypeScript;
}

/**
 * The compiler options voxengine-ci writes into its temporary tsconfig before it runs `tsc` over a
 * rule's scenarios, `.js` included (docs/platform.md#voxengine-ci-build). Its emit is what it uploads
 * and what it hashes (sha256) to decide whether to upload again.
 */
function voxengineCiCompilerOptions(ts: typeof TypeScript): TypeScript.CompilerOptions {
  return {
    allowJs: true,
    target: ts.ScriptTarget.ES2020,
    lib: ['lib.es2020.d.ts'],
    skipLibCheck: true,
    noEmitOnError: true,
    // voxengine-ci sets no newLine; TypeScript 5 then prints LF on every OS (Windows included), as here.
    newLine: ts.NewLineKind.LineFeed,
  };
}

/**
 * What voxengine-ci's `tsc` pass prints for a classic script `text` (a scenario bundle): TypeScript
 * re-prints JavaScript (4-space indentation, no blank lines), so a bundle that is not already in this
 * form changes its sha256 and is uploaded again on every switch between voxmask and voxengine-ci.
 * The printer is idempotent, so `voxengineCiEmit(voxengineCiEmit(x)) === voxengineCiEmit(x)`: a bundle
 * passed through it is a fixed point of voxengine-ci's build. Type errors do not matter here (the
 * scenario was type-checked when it was compiled); only the printed text does.
 */
export function voxengineCiEmit(text: string, fileName = 'scenario.voxengine.js'): string {
  const ts = typescript();
  return ts.transpileModule(text, { fileName, compilerOptions: voxengineCiCompilerOptions(ts), reportDiagnostics: false }).outputText;
}

/** A rollup output plugin that passes each chunk, banner included, through voxengineCiEmit. */
export function voxengineCiFixedPoint(): Plugin {
  return {
    name: 'voxmask-voxengine-ci-fixed-point',
    generateBundle(_options, bundle) {
      for (const chunk of Object.values(bundle)) if (chunk.type === 'chunk') chunk.code = voxengineCiEmit(chunk.code, chunk.fileName);
    },
  };
}
