// ESLint (flat config) with typescript-eslint. The rules that matter most here are no-floating-promises and
// no-misused-promises: telephony code is callback-heavy, and a promise nobody awaits loses its error.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

/**
 * Code that ships (the Node side, the scenarios, the shared contract, the benchmarks) is linted with type
 * information. Type-aware linting costs a second type-check: on a cold run (CI always starts cold) these
 * files take ~26-32 s of CPU, the whole tree ~35-42 s, so tests are linted without types. `npm test`
 * (scripts/check.js) hands these files the programs `tsc -b` built instead of the `project` below.
 */
export const TYPED_FILES = ['src/**/*.ts', 'scenarios/**/*.ts', 'contract/**/*.ts', 'bench/**/*.ts'];

const UNAWAITED_ASSERTION = 'await (or return) an expect(...).rejects/.resolves assertion: unawaited, it passes whatever the outcome';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'voxfiles/**', 'coverage/**', '.sandbox/**', 'test/fixtures/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: TYPED_FILES,
    languageOptions: {
      // The two programs that hold these files, named: the project service found the same files but spent
      // ~4 s more CPU on a cold run (it also opens the solution tsconfig.json and its other references).
      parserOptions: { project: ['./src/tsconfig.json', './scenarios/tsconfig.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['**/*.ts'],
    rules: {
      // tsc's noUnusedLocals/noUnusedParameters report these; one report is enough.
      '@typescript-eslint/no-unused-vars': 'off',
      // VoxEngine's typings and the emulator's facade declare namespaces and globals on purpose.
      '@typescript-eslint/no-namespace': 'off',
    },
  },
  {
    // Our typings restate Voximplant's own declarations (empty event interfaces, `Object`, `any` callbacks).
    files: ['types/**/*.d.ts'],
    rules: {
      '@typescript-eslint/no-empty-object-type': 'off',
      '@typescript-eslint/no-wrapper-object-types': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    // VoxEngine's require(Modules.X) loads a platform module; it is not CommonJS.
    files: ['scenarios/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // Tests load modules fresh inside jest.isolateModules and read arbitrary JSON answers.
    files: ['test/**/*.ts', 'bench/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off', '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    // Without types, the floating promise that matters most in tests is caught by its shape: an
    // `expect(...).rejects`/`.resolves` assertion nobody awaits or returns passes whatever the outcome.
    files: ['test/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ExpressionStatement > CallExpression > MemberExpression > MemberExpression[property.name=/^(rejects|resolves)$/]',
          message: UNAWAITED_ASSERTION,
        },
        {
          selector:
            'ExpressionStatement > CallExpression > MemberExpression > MemberExpression > MemberExpression[property.name=/^(rejects|resolves)$/]',
          message: UNAWAITED_ASSERTION,
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: {
      sourceType: 'commonjs',
      globals: {
        require: 'readonly',
        module: 'writable',
        process: 'readonly',
        console: 'readonly',
        __dirname: 'readonly',
        Buffer: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The browser phone's page: ES modules run by the browser (src/sandbox/web/page).
    files: ['src/sandbox/web/page/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: {
        window: 'readonly',
        document: 'readonly',
        fetch: 'readonly',
        EventSource: 'readonly',
        SpeechSynthesisUtterance: 'readonly',
      },
    },
  },
);
