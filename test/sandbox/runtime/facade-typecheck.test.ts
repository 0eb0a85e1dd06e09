/**
 * The context facade (src/sandbox/runtime/globals/facade.context.ts) is real TypeScript that runs as
 * text in every session context. These tests keep it so: it type-checks against ECMAScript's globals
 * alone (a context has no `process`, `Buffer` or `require`), it holds nothing but type imports and the
 * one function, and the function tsc emits for dist/ runs alone in a fresh context.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vm from 'node:vm';
import * as ts from 'typescript';
import type { FacadeModule, HostBridge } from '../../../src/sandbox/runtime/globals/bridge';

const FACADE = join(__dirname, '..', '..', '..', 'src', 'sandbox', 'runtime', 'globals', 'facade.context.ts');

/** The compiler options of src/tsconfig.json's emit that matter here (ES2022, CommonJS). */
const EMIT_OPTIONS: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS };

function diagnosticsText(diagnostics: readonly ts.Diagnostic[]): string[] {
  return diagnostics.map((d) => {
    const where = d.file && d.start !== undefined ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start).line + 1}: ` : '';
    return where + ts.flattenDiagnosticMessageText(d.messageText, '\n');
  });
}

describe('the context facade (globals/facade.context.ts)', () => {
  test("type-checks in strict mode with ECMAScript's globals only (no Node types: a context has none)", () => {
    const program = ts.createProgram([FACADE], {
      ...EMIT_OPTIONS,
      strict: true,
      noImplicitOverride: true,
      noEmit: true,
      // TypeScript's own lib files need no checking (a second of CPU); the facade and bridge.ts do.
      skipDefaultLibCheck: true,
      lib: ['lib.es2022.d.ts'],
      types: [],
      moduleResolution: ts.ModuleResolutionKind.Node10,
    });
    expect(diagnosticsText(ts.getPreEmitDiagnostics(program))).toEqual([]);
  });

  test('holds only type imports and the one exported function, so the function is self-contained', () => {
    const file = ts.createSourceFile(FACADE, readFileSync(FACADE, 'utf8'), ts.ScriptTarget.ES2022, true);
    const unexpected = file.statements
      .filter((s) => !(ts.isImportDeclaration(s) && s.importClause?.isTypeOnly))
      .filter((s) => !(ts.isFunctionDeclaration(s) && s.name?.text === 'contextFacade'))
      .map((s) => s.getText().slice(0, 60));
    expect(unexpected).toEqual([]);
  });

  test('the function as tsc emits it for dist/ runs alone in a fresh context: Call from the method list, Date on the clock, detach', () => {
    const emitted = ts.transpileModule(readFileSync(FACADE, 'utf8'), { compilerOptions: EMIT_OPTIONS }).outputText;
    const moduleExports: { contextFacade?: () => FacadeModule } = {};
    vm.runInNewContext(emitted, { exports: moduleExports });
    const source = String(moduleExports.contextFacade);
    const context = vm.createContext({});
    const facade = new vm.Script(`(${source})()`).runInContext(context) as FacadeModule;
    const calls: string[] = [];
    const host: HostBridge = {
      now: () => Date.UTC(2026, 6, 15, 21, 45, 10),
      takeSlot: () => ({ fn: () => undefined, args: [], result: undefined, awaitResult: false }),
      reportRejection: () => undefined,
      settled: () => undefined,
      callMethod: (_call, name, args) => calls.push(`${name}(${Array.from(args).join(',')})`),
      callMethodNames: ['answer', 'say'],
      callUnemulated: new Set(['answerDirect']),
    };
    const installed = facade.install(host);
    const Call = installed.build({ kind: 'call' }) as { prototype: object };
    const Date = installed.build({ kind: 'date' }) as DateConstructor;
    const call = installed.makeCall() as Record<string, (...args: unknown[]) => unknown>;
    Object.assign(context, { Call, Date, call });
    const run = (code: string): unknown => vm.runInContext(code, context);

    expect(run(`Object.getOwnPropertyNames(Call.prototype).sort().join()`)).toBe('answer,constructor,say');
    expect(run(`[call.answer.name, Object.keys(Call.prototype).length, call instanceof Call].join()`)).toBe('answer,0,true');
    expect(() => run(`new call.answer()`)).toThrow('is not a constructor');
    expect(() => run(`new Call()`)).toThrow('Call objects come from AppEvents.CallAlerting and VoxEngine.callPSTN');
    expect(() => run(`call.answerDirect`)).toThrow('Call.answerDirect is not emulated');
    run(`call.answer(1, 'x'); call.say('hi')`);
    expect(calls).toEqual(['answer(1,x)', 'say(hi)']);
    expect(run(`String(new Date()) + ' | ' + new Date(2026, 4, 1, 12, 30).toISOString() + ' | ' + Date.name`)).toBe(
      'Wed Jul 15 2026 21:45:10 GMT+0000 (Coordinated Universal Time) | 2026-05-01T12:30:00.000Z | Date',
    );

    installed.detach();
    expect(() => run(`call.say('after')`)).toThrow('this session has ended; its context no longer reaches the emulator');
    expect(() => run(`Date.now()`)).toThrow('this session has ended');
  });
});
