import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import ts from 'typescript';

/**
 * Compiles VoxEngine scenario sources against types/*.d.ts with the compiler options read from
 * scenarios/tsconfig.json (ES2020 lib, no Node types), plus skipLibCheck off so errors inside the
 * typings themselves show too. Fixtures are stored as .txt so that the Node-side tsconfig does not pick
 * them up; each is compiled under a virtual `.ts` name.
 */
const ROOT = resolve(__dirname, '../..');
const FIXTURES = join(ROOT, 'test/fixtures/scenario/typings');
const TYPINGS = readdirSync(join(ROOT, 'types'))
  .filter((f) => f.endsWith('.d.ts'))
  .map((f) => join(ROOT, 'types', f));
const VOXENGINE_OPTIONS = ts.parseJsonConfigFileContent(
  ts.readConfigFile(join(ROOT, 'scenarios', 'tsconfig.json'), ts.sys.readFile).config,
  ts.sys,
  ROOT,
).options;

/** Source files other than the fixture (lib.es2020, types/), parsed once for every fixture's program. */
const parsedFiles = new Map<string, ts.SourceFile | undefined>();

function diagnosticsFor(fixture: string): string[] {
  const virtualName = join(FIXTURES, fixture.replace(/\.txt$/, '.ts'));
  const source = readFileSync(join(FIXTURES, fixture), 'utf8');
  // skipDefaultLibCheck: TypeScript's own lib files need no checking; our typings still do (skipLibCheck off).
  const options: ts.CompilerOptions = { ...VOXENGINE_OPTIONS, skipLibCheck: false, skipDefaultLibCheck: true };
  const host = ts.createCompilerHost(options);
  const getSourceFile = host.getSourceFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  host.getSourceFile = (name, languageVersion) => {
    if (resolve(name) === virtualName) return ts.createSourceFile(name, source, languageVersion);
    if (!parsedFiles.has(name)) parsedFiles.set(name, getSourceFile(name, languageVersion));
    return parsedFiles.get(name);
  };
  host.fileExists = (name) => resolve(name) === virtualName || fileExists(name);
  const program = ts.createProgram([...TYPINGS, virtualName], options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
}

describe('types/voxengine.d.ts', () => {
  it('type-checks a scenario written against the documented VoxEngine API', () => {
    expect(diagnosticsFor('sample.voxengine.txt')).toEqual([]);
  });

  it.each([
    ['wrong-event-name.voxengine.txt', "Property 'CallAlert' does not exist"],
    ['wrong-payload.voxengine.txt', "Property 'status' does not exist"],
    ['node-global.voxengine.txt', "Cannot find name 'process'"],
    ['storage-ttl.voxengine.txt', 'Expected 3 arguments'],
    ['record-no-args.voxengine.txt', 'Expected 1 arguments'],
  ])('rejects %s', (fixture, message) => {
    const diagnostics = diagnosticsFor(fixture);
    expect(diagnostics.join('\n')).toContain(message);
  });
});
