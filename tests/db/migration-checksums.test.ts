/**
 * migrate refuses to run when a migration it already applied has changed on
 * disk: it names the file, and applies nothing else (not even new migrations).
 */
import { describe, expect, it } from 'vitest';
import { acceptChangedMigration, migrate, MigrationChecksumError, readMigrations, type Migration } from '../../src/db/migrate';
import { createHash } from 'node:crypto';
import { createFreshDatabase, testEngines } from '../helpers/db';

function withSql(m: Migration, sql: string): Migration {
  return { ...m, sql, checksum: createHash('sha256').update(sql).digest('hex') };
}

async function tableExists(run: (sql: string) => Promise<{ rows: Record<string, unknown>[] }>, name: string) {
  const { rows } = await run(`select to_regclass('public.${name}') is not null as present`);
  return rows[0].present === true;
}

describe.each(testEngines())('migration checksums on %s', (engine) => {
  it('an applied migration whose file changed stops migrate, naming the file', async () => {
    const fresh = await createFreshDatabase(engine);
    try {
      const migrations = readMigrations();
      const edited = migrations[0];
      const changed = [
        withSql(edited, `${edited.sql}\n-- an edit after the fact\n`),
        ...migrations.slice(1),
        withSql({ name: '29991231000000_never_applied.sql', sql: '', checksum: '' }, 'create table public.never_applied (id int);'),
      ];
      const error = await migrate(fresh.database, changed).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(MigrationChecksumError);
      expect((error as MigrationChecksumError).migration).toBe(edited.name);
      expect((error as Error).message).toContain(`supabase/migrations/${edited.name}`);
      expect((error as Error).message).toMatch(/changed after it was applied/);
      expect(await fresh.database.withSession((run) => tableExists(run, 'never_applied'))).toBe(false);
    } finally {
      await fresh.drop();
    }
  });

  it('unchanged files pass, and a new migration after them is applied', async () => {
    const fresh = await createFreshDatabase(engine);
    try {
      const added = withSql({ name: '29991231000000_added_later.sql', sql: '', checksum: '' }, 'create table public.added_later (id int);');
      const result = await migrate(fresh.database, [...readMigrations(), added]);
      expect(result.applied).toEqual([added.name]);
      expect(await fresh.database.withSession((run) => tableExists(run, 'added_later'))).toBe(true);
    } finally {
      await fresh.drop();
    }
  });

  it('--accept-changed records the edited file\'s checksum, and migrate then runs', async () => {
    const fresh = await createFreshDatabase(engine);
    try {
      const migrations = readMigrations();
      const edited = withSql(migrations[0], `${migrations[0].sql}\n-- a comment added after the fact\n`);
      const changed = [edited, ...migrations.slice(1)];
      await expect(migrate(fresh.database, changed)).rejects.toBeInstanceOf(MigrationChecksumError);
      expect(await acceptChangedMigration(fresh.database, edited.name, changed)).toBe(true);
      expect(await migrate(fresh.database, changed)).toEqual({ applied: [], skipped: changed.map((m) => m.name), recorded: [] });
    } finally {
      await fresh.drop();
    }
  });
});
