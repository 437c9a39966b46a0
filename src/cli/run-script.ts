/**
 * What the guide §8 scripts share (`node --env-file .env.local scripts/<name>.mjs`, whose
 * programs are src/cli/<name>.ts; decision 0052): argv parsing, the environment parsed
 * once (a missing or bad variable is named with its purpose), the migrated database, a
 * summary, and the exit code: 0 (done), 1 (bad input or env) or 2 (done, but some items
 * failed). The environment and the database are loaded only after the arguments pass.
 */
import path from 'node:path';
import type { Env } from '../config/env';
import type { Db } from '../db/client';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** argv → { positional, flags }; an unknown flag is an error. */
export function parseArgs(argv: string[], knownFlags: string[]): { positional: string[]; flags: Set<string> } {
  const positional: string[] = [];
  const flags = new Set<string>();
  for (const arg of argv) {
    if (arg.startsWith('--')) {
      if (!knownFlags.includes(arg)) fail(`Unknown option ${arg} (known: ${knownFlags.join(', ')})`);
      flags.add(arg);
    } else positional.push(arg);
  }
  return { positional, flags };
}

export function fail(message: string): never {
  console.error(`✗ ${message}`);
  process.exit(1);
}

/** Parses the environment; `required` lists variables this script cannot do without. */
export async function loadEnv(required: string[] = []): Promise<Env> {
  const { parseEnv, EnvError, ENV_PURPOSE } = await import('../config/env');
  let env: Env;
  try {
    env = parseEnv();
  } catch (error) {
    if (error instanceof EnvError) fail(`${error.message}\n  (pass them with: node --env-file .env.local scripts/…)`);
    throw error;
  }
  for (const name of required) {
    if (!process.env[name]) fail(`Invalid environment:\n  ${name}: is required by this script but not set (${ENV_PURPOSE[name] ?? ''})`);
  }
  return env;
}

/** Runs `body(db)` on the migrated database, then closes it; prints and maps errors to exit codes. */
export async function withDatabase(env: Env, body: (db: Db) => Promise<number | void>): Promise<never> {
  process.chdir(ROOT); // migrations are read from supabase/migrations
  const { getDatabase, closeDatabase } = await import('../db');
  const { OperatorInputError } = await import('../server/maintenance');
  let code = 0;
  try {
    const database = await getDatabase();
    console.log(`› Database: ${database.engine === 'postgres' ? 'Postgres (DATABASE_URL)' : `PGlite in ${env.PLANNER_DATA_DIR}`}`);
    code = (await body(database.db)) ?? 0;
  } catch (error) {
    if (error instanceof OperatorInputError) {
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
export function printSummary(heading: string, summary: object): void {
  console.log(`\n${heading}`);
  const width = Math.max(...Object.keys(summary).map((k) => k.length));
  for (const [key, value] of Object.entries(summary)) {
    const shown = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value);
    console.log(`  ${key.padEnd(width)}  ${shown}`);
  }
}
