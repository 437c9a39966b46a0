/**
 * A squashed migration (decision 0059) stands for the older ones its header names: a new
 * database runs it; a database that applied all of them records it without running it
 * (and runs what comes after); one that applied only some stops, naming what is missing,
 * before anything is applied.
 */
import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client';
import { migrate, MigrationChecksumError, readMigrations, SquashedMigrationError, squashedBy, type Migration } from '../../src/db/migrate';
import { dumpMigratedSchema, dumpSchema } from '../../src/db/schema-snapshot';
import { createFreshDatabase, POSTGRES_SKIP_REASON, testEngines, TEST_DATABASE_URL } from '../helpers/db';

/** The migrations as they were before the squash of decision 0059, as applied. */
const BEFORE_SQUASH = path.resolve(import.meta.dirname, '../fixtures/migrations-before-squash');

const sha = (sql: string) => createHash('sha256').update(sql).digest('hex');
function migration(name: string, sql: string): Migration {
  const squashes = squashedBy(sql);
  return { name, sql, checksum: sha(sql), ...(squashes.length ? { squashes } : {}) };
}

const A = migration('29990101000000_squash_a.sql', 'create table public.squash_a (id int);');
const B = migration('29990101000100_squash_b.sql', 'create table public.squash_b (id int);');
const SQUASH = migration(
  '29990101000200_squash_ab.sql',
  `-- planner:squashes ${A.name} ${A.checksum}\n-- planner:squashes ${B.name} ${B.checksum}\ncreate table public.squash_a (id int);\ncreate table public.squash_b (id int);\n`,
);
const C = migration('29990101000300_squash_c.sql', 'create table public.squash_c (id int);');

async function tables(database: Awaited<ReturnType<typeof createFreshDatabase>>['database']) {
  return database.withSession(async (run) => {
    const { rows } = await run(`select table_name from information_schema.tables where table_schema = 'public' and table_name like 'squash_%' order by 1`);
    return rows.map((r) => String(r.table_name));
  });
}

describe.each(testEngines())('squashed migrations on %s', (engine) => {
  it('reads the squashed names and checksums from the header', () => {
    expect(SQUASH.squashes).toEqual([
      { name: A.name, checksum: A.checksum },
      { name: B.name, checksum: B.checksum },
    ]);
  });

  it('a new database runs the squash', async () => {
    const fresh = await createFreshDatabase(engine);
    try {
      const result = await migrate(fresh.database, [SQUASH, C]);
      expect(result.applied).toEqual([SQUASH.name, C.name]);
      expect(await tables(fresh.database)).toEqual(['squash_a', 'squash_b', 'squash_c']);
    } finally {
      await fresh.drop();
    }
  });

  it('a database that applied every squashed file records the squash without running it, then runs what follows', async () => {
    const fresh = await createFreshDatabase(engine);
    try {
      await migrate(fresh.database, [A, B]);
      const result = await migrate(fresh.database, [SQUASH, C]);
      expect(result).toMatchObject({ recorded: [SQUASH.name], applied: [C.name] });
      expect(await tables(fresh.database)).toEqual(['squash_a', 'squash_b', 'squash_c']);
      expect((await migrate(fresh.database, [SQUASH, C])).skipped).toEqual([SQUASH.name, C.name]);
    } finally {
      await fresh.drop();
    }
  });

  it('a database that applied only some of them stops, naming what is missing, and applies nothing', async () => {
    const fresh = await createFreshDatabase(engine);
    try {
      await migrate(fresh.database, [A]);
      const error = await migrate(fresh.database, [SQUASH, C]).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SquashedMigrationError);
      expect((error as SquashedMigrationError).missing).toEqual([B.name]);
      expect(await tables(fresh.database)).toEqual(['squash_a']);
    } finally {
      await fresh.drop();
    }
  });

  it('a squashed file applied with another checksum than the squash records is a changed migration', async () => {
    const fresh = await createFreshDatabase(engine);
    try {
      const editedB = migration(B.name, `${B.sql}\n-- edited`);
      await migrate(fresh.database, [A, editedB]);
      await expect(migrate(fresh.database, [SQUASH, C])).rejects.toBeInstanceOf(MigrationChecksumError);
    } finally {
      await fresh.drop();
    }
  });
});

describe('the squash of decision 0059 (supabase/migrations/20251208000100_squashed_schema.sql)', () => {
  const squash = readMigrations().find((m) => m.squashes)!;
  /** The migrations written after the squash: an old database runs these, and only these. */
  const afterSquash = () => readMigrations().filter((m) => m.name > squash.name).map((m) => m.name);
  const upToSquash = () => readMigrations().filter((m) => m.name <= squash.name);

  it('stands for every migration before it, with the checksums they were applied with', () => {
    expect(squash.name).toBe('20251208000100_squashed_schema.sql');
    expect(squash.squashes).toEqual(readMigrations(BEFORE_SQUASH).map((m) => ({ name: m.name, checksum: m.checksum })));
  });

  it('defines claim_task_sync_jobs once', () => {
    expect(squash.sql.match(/create (or replace )?function public\.claim_task_sync_jobs\(/g)).toHaveLength(1);
  });

  it('a PGlite database migrated before the squash records it, runs nothing, and works on', async () => {
    const database = await openDatabase({});
    try {
      await migrate(database, readMigrations(BEFORE_SQUASH));
      const result = await migrate(database);
      expect(result).toMatchObject({ applied: afterSquash(), recorded: [squash.name] });
      const { rows } = await database.withSession((run) => run(`select count(*)::int as n from public.tasks`));
      expect(rows[0].n).toBe(0);
    } finally {
      await database.close();
    }
  });

  it.skipIf(POSTGRES_SKIP_REASON)('on Postgres, the files before the squash and the squash make the same schema; an old database records it and runs nothing', async () => {
    expect(await dumpMigratedSchema(TEST_DATABASE_URL!, readMigrations(BEFORE_SQUASH))).toBe(await dumpMigratedSchema(TEST_DATABASE_URL!, upToSquash()));
    const name = `planner_old_${randomBytes(5).toString('hex')}`;
    const admin = new URL(TEST_DATABASE_URL!);
    admin.pathname = '/postgres';
    const client = new pg.Client({ connectionString: admin.toString() });
    await client.connect();
    await client.query(`create database ${pg.escapeIdentifier(name)}`);
    const url = new URL(TEST_DATABASE_URL!);
    url.pathname = `/${name}`;
    const database = await openDatabase({ url: url.toString(), maxConnections: 2 });
    try {
      await migrate(database, readMigrations(BEFORE_SQUASH));
      expect(await migrate(database)).toMatchObject({ applied: afterSquash(), recorded: [squash.name] });
      // What the later migrations make of it is what they make of a new database.
      expect(await dumpSchema(url.toString())).toBe(await dumpMigratedSchema(TEST_DATABASE_URL!));
    } finally {
      await database.close();
      await client.query(`drop database if exists ${pg.escapeIdentifier(name)} with (force)`);
      await client.end();
    }
  });
});
