/**
 * Starting the CLI must not load the bundler (rollup, TypeScript) nor compile the result schema: only
 * `build` and deploy's build step need rollup, only result verification needs the validator.
 */
describe('loading the CLI', () => {
  beforeEach(() => jest.resetModules());

  it('registers every command without loading rollup or compiling the result schema', () => {
    const compiled: unknown[] = [];
    for (const name of ['rollup', '@rollup/plugin-typescript']) {
      jest.doMock(name, () => {
        throw new Error(`${name} was loaded`);
      });
    }
    jest.doMock('ajv/dist/2020', () => {
      const ajv = jest.requireActual<typeof import('ajv/dist/2020')>('ajv/dist/2020');
      const compile = ajv.default.prototype.compile;
      ajv.default.prototype.compile = function (this: unknown, ...args: unknown[]) {
        compiled.push(args[0]);
        return (compile as (...a: unknown[]) => unknown).apply(this, args);
      } as typeof compile;
      return ajv;
    });
    const { createProgram } = require('../../src/cli/main') as typeof import('../../src/cli/main');
    expect(createProgram().commands.map((c) => c.name())).toEqual([
      'build',
      'call',
      'deploy',
      'place-call',
      'pool',
      'results',
      'sandbox',
      'seed',
      'session',
      'start',
    ]);
    expect(compiled).toEqual([]);

    const { signResultBody, verifySignedResult } = require('../../src/backend/results') as typeof import('../../src/backend/results');
    const body = '{}';
    expect(() => verifySignedResult({ headers: signResultBody(body, 's', 1000), body }, { secret: 's', nowMs: 1_000_000 })).toThrow(
      /body field/,
    );
    expect(compiled).toHaveLength(1);
  });
});
