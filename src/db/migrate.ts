/**
 * Applies supabase/migrations/*.sql in name order, each in its own transaction,
 * recorded in planner_schema_migrations. Safe when several processes start at
 * once: a session advisory lock serialises them, and each re-reads what is applied.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Database } from './client';

export const MIGRATIONS_DIR = path.resolve(process.cwd(), 'supabase/migrations');
const MIGRATION_LOCK_KEY = 7_221_305_501; // any constant; shared by every Planner process
const NAME_PATTERN = /^\d{14}_[a-z0-9_]+\.sql$/;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  // turbopackIgnore: the migrations ship through next.config.ts outputFileTracingIncludes;
  // without it Turbopack would trace the whole project into every server function.
  return readdirSync(/*turbopackIgnore: true*/ dir)
    .filter((f) => f.endsWith('.sql'))
    .sort()
    .map((name) => {
      if (!NAME_PATTERN.test(name)) {
        throw new Error(`Migration ${name} does not follow <14-digit timestamp>_<name>.sql (Supabase CLI naming)`);
      }
      const sql = readFileSync(/*turbopackIgnore: true*/ path.join(/*turbopackIgnore: true*/ dir, name), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export interface MigrateResult {
  applied: string[];
  skipped: string[];
}

export async function migrate(database: Database, migrations = readMigrations()): Promise<MigrateResult> {
  return database.withSession(async (run) => {
    if (database.engine === 'postgres') {
      await run('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    }
    try {
      await run(`create table if not exists public.planner_schema_migrations (
        name text primary key,
        checksum text not null,
        applied_at timestamptz not null default now()
      )`);
      const { rows } = await run('select name, checksum from public.planner_schema_migrations');
      const done = new Map(rows.map((r) => [String(r.name), String(r.checksum)]));
      const applied: string[] = [];
      const skipped: string[] = [];
      for (const m of migrations) {
        if (done.has(m.name)) {
          skipped.push(m.name);
          continue;
        }
        await run('begin');
        try {
          if (database.engine === 'postgres') {
            await run(m.sql);
          } else {
            await database.execScript(m.sql);
          }
          await run('insert into public.planner_schema_migrations (name, checksum) values ($1, $2)', [m.name, m.checksum]);
          await run('commit');
        } catch (error) {
          await run('rollback');
          throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`, { cause: error });
        }
        applied.push(m.name);
      }
      return { applied, skipped };
    } finally {
      if (database.engine === 'postgres') {
        await run('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      }
    }
  });
}
