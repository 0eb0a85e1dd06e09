// ESLint (flat config) with typescript-eslint's type-aware rules. The rule that matters most here is
// no-floating-promises: telephony code is callback-heavy, and a promise nobody awaits loses its error.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'voxfiles/**', 'coverage/**', '.sandbox/**', 'test/fixtures/**', 'docs/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
      '@typescript-eslint/await-thenable': 'error',
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
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    languageOptions: { sourceType: 'commonjs', globals: { require: 'readonly', module: 'writable', process: 'readonly', console: 'readonly', __dirname: 'readonly', Buffer: 'readonly' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The browser phone's page: ES modules run by the browser (src/sandbox/web/page).
    files: ['src/sandbox/web/page/**/*.js'],
    languageOptions: { sourceType: 'module', globals: { window: 'readonly', document: 'readonly', fetch: 'readonly', EventSource: 'readonly', SpeechSynthesisUtterance: 'readonly' } },
  },
);
