/**
 * Migrations apply on an empty database, a second run is a no-op, and two
 * processes migrating one fresh Postgres database at the same time both succeed.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client';
import { migrate, readMigrations } from '../../src/db/migrate';
import { createFreshDatabase, POSTGRES_SKIP_REASON, TEST_DATABASE_URL } from '../helpers/db';

const ROOT = path.resolve(import.meta.dirname, '../..');
const ALL = readMigrations().map((m) => m.name);

/** A brand-new, empty Postgres database (not cloned from the migrated template). */
async function createEmptyPostgres(): Promise<{ url: string; drop(): Promise<void> }> {
  // Make sure cluster-wide roles exist before racing migrations in new databases.
  await (await createFreshDatabase('postgres')).drop();
  const name = `planner_empty_${randomBytes(5).toString('hex')}`;
  const admin = new URL(TEST_DATABASE_URL!);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`create database ${pg.escapeIdentifier(name)}`);
  await client.end();
  const url = new URL(TEST_DATABASE_URL!);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: admin.toString() });
      await c.connect();
      await c.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
      await c.end();
    },
  };
}

async function appliedNames(database: Database): Promise<string[]> {
  const rows = await database.db.selectFrom('planner_schema_migrations').select('name').orderBy('name').execute();
  return rows.map((r) => r.name);
}

async function expectGuideSchema(database: Database) {
  const tables = await database.db.introspection.getTables();
  const names = tables.map((t) => t.name);
  for (const table of ['projects', 'tasks', 'outlook_connections', 'project_outlook_lists', 'task_sync_state', 'task_sync_jobs', 'planner_secrets']) {
    expect(names).toContain(table);
  }
}

function migrateInChild(url: string): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'tests/helpers/migrate-child.ts'), url], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

describe('migrations on pglite', () => {
  it('apply on an empty database, then a second run applies nothing', async () => {
    const database = await openDatabase({});
    try {
      const first = await migrate(database);
      expect(first).toEqual({ applied: ALL, skipped: [], recorded: [] });
      await expectGuideSchema(database);
      const second = await migrate(database);
      expect(second).toEqual({ applied: [], skipped: ALL, recorded: [] });
      expect(await appliedNames(database)).toEqual(ALL);
    } finally {
      await database.close();
    }
  });
});

describe.skipIf(POSTGRES_SKIP_REASON)(`migrations on postgres${POSTGRES_SKIP_REASON ? ` (skipped: ${POSTGRES_SKIP_REASON})` : ''}`, () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const drop of cleanups) await drop();
  });

  it('apply on an empty database, then a second run applies nothing', async () => {
    const empty = await createEmptyPostgres();
    cleanups.push(empty.drop);
    const database = await openDatabase({ url: empty.url, maxConnections: 2 });
    try {
      expect(await migrate(database)).toEqual({ applied: ALL, skipped: [], recorded: [] });
      await expectGuideSchema(database);
      expect(await migrate(database)).toEqual({ applied: [], skipped: ALL, recorded: [] });
      expect(await appliedNames(database)).toEqual(ALL);
    } finally {
      await database.close();
    }
  });

  describe('two processes migrating one fresh database at once', () => {
    let url = '';
    beforeAll(async () => {
      const empty = await createEmptyPostgres();
      cleanups.push(empty.drop);
      url = empty.url;
    });

    it('both succeed and every migration is applied exactly once', async () => {
      const [a, b] = await Promise.all([migrateInChild(url), migrateInChild(url)]);
      expect(a.code, a.err).toBe(0);
      expect(b.code, b.err).toBe(0);
      const ra = JSON.parse(a.out.trim().split('\n').pop()!) as { applied: string[]; skipped: string[] };
      const rb = JSON.parse(b.out.trim().split('\n').pop()!) as { applied: string[]; skipped: string[] };
      expect([...ra.applied, ...rb.applied].sort()).toEqual(ALL);
      const database = await openDatabase({ url, maxConnections: 1 });
      try {
        expect(await appliedNames(database)).toEqual(ALL);
        await expectGuideSchema(database);
      } finally {
        await database.close();
      }
    });
  });
});
