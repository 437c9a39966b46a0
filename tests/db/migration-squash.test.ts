/**
 * A squashed migration (decision 0059) stands for the older ones its header names: a new
 * database runs it; a database that applied all of them records it without running it
 * (and runs what comes after); one that applied only some stops, naming what is missing,
 * before anything is applied.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { migrate, MigrationChecksumError, SquashedMigrationError, squashedBy, type Migration } from '../../src/db/migrate';
import { createFreshDatabase, testEngines } from '../helpers/db';

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
