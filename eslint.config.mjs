// Flat config: TypeScript rules, Next.js rules, and the layer boundaries of
// docs/decisions/0001-layers.md enforced with no-restricted-imports.
import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import tseslint from 'typescript-eslint';

const layer = (files, forbidden, message) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: forbidden.map((group) => ({ group: [group], message })) },
    ],
  },
});

export default tseslint.config(
  {
    ignores: ['.next*/**', '.smoke/**', 'coverage/**', 'node_modules/**', '.data/**', 'test-results/**', 'next-env.d.ts', 'bench/results/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    plugins: { '@next/next': nextPlugin },
    rules: {
      ...nextPlugin.configs.recommended.rules,
      ...nextPlugin.configs['core-web-vitals'].rules,
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },
  {
    files: ['**/*.mjs', '**/*.js', '**/*.cjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly' } },
  },
  // Layers import only downward: app → server → jobs → sync/graph/db → config.
  layer(['src/sync/**'], ['**/db/**', '**/graph/**', '**/server/**', '**/jobs/**', '**/app/**', 'next/*', 'pg', '@electric-sql/*', 'node:fs', 'node:http'],
    'src/sync is pure: no I/O, no database, no Graph, no Next.'),
  layer(['src/graph/**'], ['**/db/**', '**/server/**', '**/jobs/**', '**/app/**', 'next/*'],
    'src/graph talks only to Microsoft: no database, services or Next.'),
  layer(['src/db/**'], ['**/graph/**', '**/server/**', '**/jobs/**', '**/app/**', '**/sync/**', 'next/*'],
    'src/db is the SQL layer: it imports nothing above it.'),
  layer(['src/jobs/**', 'src/server/**', 'src/cli/**'], ['**/app/**', 'next/*', 'next', 'server-only'],
    'Services, jobs and the CLI run outside Next too: no next/* or app imports.'),
  layer(['src/app/**/*.tsx'], ['**/db/**', '**/graph/**', '**/jobs/**', 'pg', '@electric-sql/*'],
    'Pages and components reach data only through src/server.'),
  layer(['emulator/**'], ['**/src/**', '@/*'],
    'The emulator imports nothing from src/: sharing our types would hide our mistakes.'),
);
