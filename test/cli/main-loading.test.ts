/**
 * Starting the CLI must not load the bundler (rollup, TypeScript) nor compile the result schema: only
 * `build` and deploy's build step need rollup, only result verification needs the validator. A run
 * loads only the command module it names (src/cli/main.ts commandModules).
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

  it('a run loads the command it names and no other; help and an unknown command load them all', async () => {
    const loaded: string[] = [];
    const names = ['build', 'call', 'deploy', 'place-call', 'pool', 'results', 'sandbox', 'seed', 'session', 'start'];
    for (const name of names) {
      jest.doMock(`../../src/cli/commands/${name}`, () => {
        loaded.push(name);
        return jest.requireActual(`../../src/cli/commands/${name}`);
      });
    }
    // Each run in a fresh registry, so that `loaded` lists the modules that run loaded.
    const voxmask = (args: string[]) => {
      jest.resetModules();
      loaded.length = 0;
      return (require('./run-cli') as typeof import('./run-cli')).voxmask(args);
    };
    const build = await voxmask(['build', '--help']);
    expect(build).toMatchObject({ code: 0, stderr: '' });
    expect(build.stdout).toMatch(/^Usage: voxmask build/);
    expect(loaded).toEqual(['build']);

    for (const args of [['--help'], ['help', 'seed'], ['nosuch']]) {
      await voxmask(args);
      expect({ args, loaded }).toEqual({ args, loaded: names });
    }
    expect((await voxmask(['nosuch'])).stderr).toMatch(/unknown command 'nosuch'/);
  });

  it('refuses a command module whose command is named otherwise than its file (a bug: exit 70)', async () => {
    jest.doMock('../../src/cli/commands/pool', () => {
      const { command } = jest.requireActual<typeof import('../../src/cli/commands/pool')>('../../src/cli/commands/pool');
      return { command: { ...command, define: (program: import('commander').Command) => command.define(program).name('pools') } };
    });
    const { voxmask } = require('./run-cli') as typeof import('./run-cli');
    const run = await voxmask(['pool', '--help']);
    expect(run.code).toBe(70);
    expect(run.stderr).toMatch(/src\/cli\/commands\/pool\.ts defines `pools`: a command is named as its file/);
  });
});
