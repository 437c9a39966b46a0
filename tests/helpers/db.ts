/**
 * Test databases. Every DB test runs on PGlite and, when TEST_DATABASE_URL is set,
 * on real Postgres too. Each test gets a fresh database cloned from a migrated
 * template, so test files run in parallel without seeing each other's rows.
 *
 *   describe.each(testEngines())('projects on %s', (engine) => {
 *     const t = useTestDatabase(engine);
 *     it('...', async () => { await t.db.selectFrom('projects')... });
 *   });
 */
import { createHash, randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll } from 'vitest';
import { TEST_TEMPLATE_LOCK_KEY } from '../../src/db/advisory-locks';
import { openDatabase, type Database, type Engine } from '../../src/db/client';
import { migrate, readMigrations } from '../../src/db/migrate';

export const TEST_SECRET_KEY = 'a'.repeat(64);
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined;

/** The engines DB tests run on: always PGlite, plus Postgres when TEST_DATABASE_URL is set. */
export function testEngines(): Engine[] {
  return TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

// CI runs every Postgres test: a CI without TEST_DATABASE_URL fails here instead of skipping them.
if (!TEST_DATABASE_URL && process.env.CI === 'true') {
  throw new Error('CI=true but TEST_DATABASE_URL is not set: the Postgres tests would be skipped (.ci/run sets it)');
}

/** Reason to skip Postgres-only tests outside CI; undefined when a real Postgres is available. */
export const POSTGRES_SKIP_REASON = TEST_DATABASE_URL
  ? undefined
  : 'needs a real Postgres for concurrent connections: set TEST_DATABASE_URL (CI does)';

let pgliteTemplate: Promise<Blob> | undefined;

async function pgliteTemplateBlob(): Promise<Blob> {
  pgliteTemplate ??= (async () => {
    const database = await openDatabase({ secretKey: TEST_SECRET_KEY });
    await migrate(database);
    const blob = await database.dumpDataDir!();
    await database.close();
    return blob;
  })();
  return pgliteTemplate;
}

function adminUrl(url: string, dbName = 'postgres'): string {
  const u = new URL(url);
  u.pathname = `/${dbName}`;
  return u.toString();
}

/** Name of the migrated Postgres template for the current migration set. */
function templateName(): string {
  // Every migration's name and checksum: a file added or edited anywhere makes a new template.
  const hash = createHash('sha256')
    .update(readMigrations().map((m) => `${m.name}:${m.checksum}`).join('\n'))
    .digest('hex')
    .slice(0, 24);
  return `planner_tpl_${hash}`;
}

async function ensurePostgresTemplate(url: string): Promise<string> {
  const name = templateName();
  const admin = new pg.Client({ connectionString: adminUrl(url) });
  await admin.connect();
  try {
    // Serialise template creation across parallel test files.
    await admin.query('select pg_advisory_lock($1)', [TEST_TEMPLATE_LOCK_KEY]);
    const exists = await admin.query('select 1 from pg_database where datname = $1', [name]);
    if (exists.rowCount === 0) {
      await admin.query(`create database ${pg.escapeIdentifier(name)}`);
      const database = await openDatabase({ url: adminUrl(url, name), maxConnections: 2 });
      try {
        await migrate(database);
      } finally {
        await database.close();
      }
      await admin.query(`alter database ${pg.escapeIdentifier(name)} with is_template true`);
    }
    await admin.query('select pg_advisory_unlock($1)', [TEST_TEMPLATE_LOCK_KEY]);
    return name;
  } finally {
    await admin.end();
  }
}

export interface FreshDatabase {
  database: Database;
  /** Postgres only: the URL of the fresh database (for child processes). */
  url?: string;
  drop(): Promise<void>;
}

/** A brand-new migrated database on `engine`. */
export async function createFreshDatabase(engine: Engine, options: { maxConnections?: number } = {}): Promise<FreshDatabase> {
  if (engine === 'pglite') {
    const database = await openDatabase({ loadDataDir: await pgliteTemplateBlob(), secretKey: TEST_SECRET_KEY });
    return { database, drop: () => database.close() };
  }
  if (!TEST_DATABASE_URL) throw new Error(POSTGRES_SKIP_REASON);
  const template = await ensurePostgresTemplate(TEST_DATABASE_URL);
  const name = `planner_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl(TEST_DATABASE_URL) });
  await admin.connect();
  // A just-closed template session can linger for a moment; retry briefly.
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`create database ${pg.escapeIdentifier(name)} template ${pg.escapeIdentifier(template)}`);
      break;
    } catch (error) {
      if (attempt >= 50 || !/being accessed by other users/.test((error as Error).message)) {
        await admin.end();
        throw error;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await admin.end();
  const url = adminUrl(TEST_DATABASE_URL, name);
  const database = await openDatabase({ url, secretKey: TEST_SECRET_KEY, maxConnections: options.maxConnections });
  return {
    database,
    url,
    async drop() {
      await database.close();
      const a = new pg.Client({ connectionString: adminUrl(TEST_DATABASE_URL!) });
      await a.connect();
      // Closed pool clients disconnect a moment later; forcing the drop while they
      // are still saying goodbye makes them emit an unhandled FATAL. Wait briefly.
      for (let i = 0; i < 40; i++) {
        const { rows } = await a.query('select count(*)::int as n from pg_stat_activity where datname = $1', [name]);
        if (rows[0].n === 0) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      await a.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
      await a.end();
    },
  };
}

/**
 * Registers beforeAll/afterAll hooks giving the describe block its own database.
 * Access `.database` / `.db` inside tests (not at collection time).
 */
export function useTestDatabase(engine: Engine, options: { maxConnections?: number } = {}) {
  let fresh: FreshDatabase | undefined;
  beforeAll(async () => {
    fresh = await createFreshDatabase(engine, options);
  }, 60_000);
  afterAll(async () => {
    await fresh?.drop();
  });
  return {
    get database(): Database {
      if (!fresh) throw new Error('test database not ready');
      return fresh.database;
    },
    get db() {
      return this.database.db;
    },
    get url() {
      return fresh?.url;
    },
  };
}
