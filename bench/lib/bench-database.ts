/**
 * Databases for the bench: a dedicated, freshly migrated Postgres database
 * (planner_bench_<random>, created on the machine's Postgres and dropped after),
 * or an in-memory PGlite. Never the `test` database.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/client';
import { migrate } from '../../src/db/migrate';

export const BENCH_SECRET_KEY = 'c'.repeat(64);

export interface BenchDatabase {
  database: Database;
  /** Postgres only: the URL of the dedicated database (other pools, child processes). */
  url?: string;
  drop(): Promise<void>;
}

function databaseUrl(adminUrl: string, name: string): string {
  const u = new URL(adminUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates `planner_bench_<random>` on the server of `adminUrl`, migrated; drop() removes it. */
export async function createPostgresBenchDatabase(adminUrl: string, options: { maxConnections?: number } = {}): Promise<BenchDatabase> {
  const name = `planner_bench_${randomBytes(5).toString('hex')}`;
  await admin(adminUrl, (c) => c.query(`create database ${pg.escapeIdentifier(name)}`));
  const url = databaseUrl(adminUrl, name);
  const database = await openDatabase({ url, secretKey: BENCH_SECRET_KEY, maxConnections: options.maxConnections ?? 10 });
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    await dropDatabase(adminUrl, name);
    throw error;
  }
  return {
    database,
    url,
    async drop() {
      await database.close();
      await dropDatabase(adminUrl, name);
    },
  };
}

/**
 * Drops politely first: a pool that has just been ended may still be closing its
 * sockets, and `with (force)` would kill them under it (an unhandled pool error).
 */
async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await admin(adminUrl, async (c) => {
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        await c.query(`drop database if exists ${pg.escapeIdentifier(name)}`);
        return;
      } catch (error) {
        if (!/being accessed by other users/.test((error as Error).message)) throw error;
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    await c.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
  });
}

export async function createPgliteBenchDatabase(): Promise<BenchDatabase> {
  const database = await openDatabase({ secretKey: BENCH_SECRET_KEY });
  await migrate(database);
  return { database, drop: () => database.close() };
}

/** Drops bench databases a crashed earlier run left behind (only ours: planner_bench_*). */
export async function dropStaleBenchDatabases(adminUrl: string): Promise<string[]> {
  return admin(adminUrl, async (c) => {
    const { rows } = await c.query<{ datname: string }>(
      `select datname from pg_database where datname like 'planner\\_bench\\_%' and not exists
         (select 1 from pg_stat_activity a where a.datname = pg_database.datname)`,
    );
    for (const r of rows) await c.query(`drop database if exists ${pg.escapeIdentifier(r.datname)} with (force)`);
    return rows.map((r) => r.datname);
  });
}

/** True when a Postgres answers at `adminUrl`. */
export async function postgresReachable(adminUrl: string): Promise<boolean> {
  try {
    await admin(adminUrl, (c) => c.query('select 1'));
    return true;
  } catch {
    return false;
  }
}
