// Flat config: TypeScript rules, Next.js rules, and the layer boundaries of
// docs/decisions/0001-layers.md enforced with no-restricted-imports.
import js from '@eslint/js';
import nextPlugin from '@next/eslint-plugin-next';
import tseslint from 'typescript-eslint';

// One no-restricted-imports setting per file: ESLint does not merge two settings
// of one rule, so each layer below lists every group it forbids (with its own
// message; a `!` entry re-allows what an earlier entry of its group forbids), and
// `except` keeps the layers' files apart.
// '**/db/**' forbids files inside a folder; '**/db' adds its index ('../db').
const withFolderIndex = (pattern) => (pattern.endsWith('/**') ? [pattern, pattern.slice(0, -3)] : [pattern]);

const layer = (files, rules, except = []) => ({
  files,
  ignores: except,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: rules.map(([group, message]) => ({ group: group.flatMap(withFolderIndex), message })) },
    ],
  },
});

const NO_CLI = [['**/cli/**'], 'Services and jobs do not import the CLI.'];
const NO_KYSELY = [['kysely'], 'SQL lives in src/db: add or use a repository function there (tests and bench may use kysely).'];
const QUEUE_BELOW_SERVICES = [['**/server/**', '**/cli/**'],
  'The queue, runner and processTaskSyncJobs sit below the services: only job actions (src/jobs/actions), handlers.ts and worker-cli.ts may call src/server.'];
const NOT_NEXT = [['**/app/**', 'next/*', 'next', 'server-only'], 'Services, jobs and the CLI run outside Next too: no next/* or app imports.'];
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
  // Layers import only downward (docs/decisions/0001-layers.md, docs/architecture.md):
  //   app (pages, routes, actions), cli, jobs/actions, worker-cli
  //     → server (services) → jobs core (queue, runner, processTaskSyncJobs)
  //     → observability (logger, metrics) → db | graph | sync → config
  layer(['src/app/**'], [
    [['**/db/**', '**/graph/**', '**/jobs/**', '**/sync/**', '**/cli/**', 'pg', '@electric-sql/*', 'kysely'],
      'src/app (pages, components, route handlers, server actions) reaches data, Graph and the queue only through a service in src/server.'],
  ]),
  layer(['src/server/**'], [NOT_NEXT, NO_CLI, NO_KYSELY]),
  layer(['src/jobs/actions/**', 'src/jobs/handlers.ts', 'src/jobs/worker-cli.ts'], [NOT_NEXT, NO_CLI, NO_KYSELY]),
  layer(['src/jobs/**'], [NOT_NEXT, QUEUE_BELOW_SERVICES, NO_KYSELY], ['src/jobs/actions/**', 'src/jobs/handlers.ts', 'src/jobs/worker-cli.ts']),
  layer(['src/cli/**'], [NOT_NEXT, NO_KYSELY]),
  layer(['src/observability/**'], [
    [['**/app/**', '**/server/**', '**/jobs/**', '**/cli/**', '**/graph/**', '**/sync/**', 'next/*', 'next', 'server-only'],
      'src/observability (logs, metrics) sits below services and jobs: it may use only src/db and src/config.'],
    NO_KYSELY,
  ]),
  // SQL lives in src/db: no query builder calls elsewhere either (a Db handed in needs no kysely import).
  {
    files: ['src/**/*.ts', 'src/**/*.tsx'],
    ignores: ['src/db/**', '**/*.test.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'CallExpression[callee.property.name=/^(selectFrom|insertInto|updateTable|deleteFrom|replaceInto|mergeInto|selectNoFrom)$/]',
          message: 'SQL lives in src/db: call a repository function (one module per table group) instead of building a query here.',
        },
      ],
    },
  },
  layer(['src/sync/**'], [
    [['**/db/**', '**/graph/**', '**/server/**', '**/jobs/**', '**/app/**', '**/cli/**', '**/observability/**', 'next/*', 'pg', '@electric-sql/*', 'kysely', 'node:fs', 'node:http'],
      'src/sync is pure: no I/O, no database, no Graph, no logging, no Next.'],
  ]),
  layer(['src/graph/**'], [
    [['**/db/**', '**/server/**', '**/jobs/**', '**/app/**', '**/cli/**', '**/observability/**', '**/sync/**', 'next/*', 'kysely', 'pg'],
      'src/graph talks only to Microsoft: no database, services, sync rules, logging or Next (hooks such as onResponse are injected).'],
  ]),
  layer(['src/db/**'], [
    [['**/graph/**', '**/server/**', '**/jobs/**', '**/app/**', '**/cli/**', '**/sync/**', '**/observability/**', 'next/*'],
      'src/db is the SQL layer: it imports nothing above it.'],
  ]),
  layer(['src/config/**'], [
    [['**/db/**', '**/graph/**', '**/server/**', '**/jobs/**', '**/app/**', '**/cli/**', '**/sync/**', '**/observability/**', 'next/*'],
      'src/config/env.ts is the bottom layer: it imports nothing from src/.'],
  ]),
  layer(['emulator/**'], [
    [['**/src/**', '@/*'], 'The emulator imports nothing from src/: sharing our types would hide our mistakes.'],
  ]),
);
