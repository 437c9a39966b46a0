/**
 * The process-wide database, opened from the environment and migrated once.
 * Kept on globalThis so Next.js dev reloads and route bundles share one PGlite.
 */
import path from 'node:path';
import { getEnv } from '../config/env';
import { openDatabase, type Database } from './client';
import { migrate } from './migrate';

const KEY = Symbol.for('planner.database');
type Holder = { [KEY]?: Promise<Database> };

export async function getDatabase(): Promise<Database> {
  const holder = globalThis as Holder;
  holder[KEY] ??= (async () => {
    const env = getEnv();
    const database = await openDatabase({
      url: env.DATABASE_URL,
      dataDir: path.join(env.PLANNER_DATA_DIR, 'pglite'),
      secretKey: env.TOKEN_ENCRYPTION_KEY,
    });
    await migrate(database);
    return database;
  })();
  try {
    return await holder[KEY]!;
  } catch (error) {
    delete holder[KEY];
    throw error;
  }
}

/** Shorthand for the Kysely instance. */
export async function getDb() {
  return (await getDatabase()).db;
}

/** Closes the process-wide database (CLI and scripts call this before exit). */
export async function closeDatabase(): Promise<void> {
  const holder = globalThis as Holder;
  const pending = holder[KEY];
  delete holder[KEY];
  if (pending) await (await pending).close();
}

export type { Database, Db, Executor, Tx } from './client';
export { openDatabase } from './client';
export { migrate } from './migrate';
