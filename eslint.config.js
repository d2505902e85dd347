import js from '@eslint/js';
import { createNodeResolver, importX } from 'eslint-plugin-import-x';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'emsec-data/', 'bench/results.json', 'console/dist/', 'client/dist/', 'client/docs/', 'dist/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'always'],
      'no-console': 'off',
    },
  },
  // Type-aware rules (docs/decisions.md, "Lint that sees types"): the whole type-checked
  // recommended set on the server's src/, the two promise rules on the client's and the console's
  // sources. Tests, bench and scripts are left to tsc: typed linting them would double the time.
  {
    files: ['src/**/*.ts', 'client/src/**/*.ts', 'console/src/**/*.{ts,tsx}'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: ['src/**/*.ts'],
    extends: [tseslint.configs.recommendedTypeCheckedOnly],
    rules: {
      // Handlers and repository methods share one async signature; an async function without an
      // await is how a synchronous one fits it, and dropping `async` would change what it throws.
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    files: ['src/**/*.ts', 'client/src/**/*.ts', 'console/src/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  // Layers (docs/decisions.md, "Layers, enforced"): no import cycle in src/ (type-only imports
  // count: a cycle of types is still two files that cannot be read apart), and src/api never
  // reaches into src/store (the domain owns what the API hands the store).
  {
    files: ['src/**/*.ts'],
    plugins: { 'import-x': importX },
    settings: {
      'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts'] })],
      'import-x/extensions': ['.ts'],
      'import-x/parsers': { '@typescript-eslint/parser': ['.ts'] },
    },
    rules: {
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-restricted-paths': ['error', {
        zones: [{ target: './src/api', from: './src/store', message: 'src/api speaks to the domain; the store is behind it (types it needs belong in src/domain).' }],
      }],
    },
  },
  {
    files: ['client/bin/**/*.js'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    files: ['test/**/*.mjs'],
    languageOptions: { globals: { WebAssembly: 'readonly' } },
  },
);
