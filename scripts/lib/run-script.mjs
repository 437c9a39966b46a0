// Shared by the guide §8 operator scripts (`node --env-file .env.local scripts/<name>.mjs`):
// loads our TypeScript through tsx, parses the environment once (a missing or bad
// variable is named with its purpose), opens and migrates the database, runs the
// script's service, prints a summary and exits 0 (done), 1 (bad input or env) or
// 2 (done, but some items failed).
import path from 'node:path';
import { register } from 'tsx/esm/api';

register();
const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** argv → { positional: string[], flags: Set<string> }; unknown flags are an error. */
export function parseArgs(argv, knownFlags) {
  const positional = [];
  const flags = new Set();
  for (const arg of argv) {
    if (arg.startsWith('--')) {
      if (!knownFlags.includes(arg)) fail(`Unknown option ${arg} (known: ${knownFlags.join(', ')})`);
      flags.add(arg);
    } else positional.push(arg);
  }
  return { positional, flags };
}

export function fail(message) {
  console.error(`✗ ${message}`);
  process.exit(1);
}

/** Parses the environment; `require` lists variables this script cannot do without. */
export async function loadEnv(require = []) {
  const { parseEnv, EnvError, ENV_PURPOSE } = await import('../../src/config/env.ts');
  let env;
  try {
    env = parseEnv();
  } catch (error) {
    if (error instanceof EnvError) fail(`${error.message}\n  (pass them with: node --env-file .env.local scripts/…)`);
    throw error;
  }
  for (const name of require) {
    if (!process.env[name]) fail(`Invalid environment:\n  ${name}: is required by this script but not set (${ENV_PURPOSE[name] ?? ''})`);
  }
  return env;
}

/** Runs `body(db, env)` on the migrated database, then closes it; prints and maps errors to exit codes. */
export async function withDatabase(env, body) {
  process.chdir(ROOT); // migrations are read from supabase/migrations
  const { getDatabase, closeDatabase } = await import('../../src/db/index.ts');
  const { ScriptInputError } = await import('../../src/server/scripts/index.ts');
  let code = 0;
  try {
    const database = await getDatabase();
    console.log(`› Database: ${database.engine === 'postgres' ? 'Postgres (DATABASE_URL)' : `PGlite in ${env.PLANNER_DATA_DIR}`}`);
    code = (await body(database.db)) ?? 0;
  } catch (error) {
    if (error instanceof ScriptInputError) {
      console.error(`✗ ${error.message}`);
      code = 1;
    } else {
      console.error('✗ Failed:', error instanceof Error ? error.message : error);
      code = 1;
    }
  } finally {
    await closeDatabase().catch(() => {});
  }
  process.exit(code);
}

/** Prints `summary` as aligned "key: value" lines under a heading. */
export function printSummary(heading, summary) {
  console.log(`\n${heading}`);
  const width = Math.max(...Object.keys(summary).map((k) => k.length));
  for (const [key, value] of Object.entries(summary)) {
    const shown = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
    console.log(`  ${key.padEnd(width)}  ${shown}`);
  }
}
