/**
 * Applies supabase/migrations/*.sql in name order, each in its own transaction,
 * recorded in planner_schema_migrations with the sha256 of its file. Safe when
 * several processes start at once: a session advisory lock serialises them, and
 * each re-reads what is applied. A file whose checksum differs from the one stored
 * when it was applied stops the run before anything is applied (MigrationChecksumError):
 * an applied migration is never edited; write a new one (decision 0044), or, for a
 * database that already matches the edited file, `npm run db:migrate -- --accept-changed <file>`.
 *
 * A squashed migration (decision 0059) stands for older ones, named in its header, one
 * per line: `-- planner:squashes <name> <sha256>`. A new database runs it; a database
 * that applied every one of those files (unchanged) records it without running it; a
 * database that applied only some of them stops with SquashedMigrationError.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { MIGRATION_LOCK_KEY } from './advisory-locks';
import type { Database } from './client';

export const MIGRATIONS_DIR = path.resolve(process.cwd(), 'supabase/migrations');
const NAME_PATTERN = /^\d{14}_[a-z0-9_]+\.sql$/;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
  /** The older migrations this one stands for (a squash), with the checksums they were applied with. */
  squashes?: { name: string; checksum: string }[];
}

const SQUASHES_LINE = /^-- planner:squashes (\d{14}_[a-z0-9_]+\.sql) ([0-9a-f]{64})$/gm;

/** The `-- planner:squashes <name> <sha256>` lines of a migration's header. */
export function squashedBy(sql: string): { name: string; checksum: string }[] {
  return [...sql.matchAll(SQUASHES_LINE)].map((m) => ({ name: m[1], checksum: m[2] }));
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
      const squashes = squashedBy(sql);
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex'), ...(squashes.length ? { squashes } : {}) };
    });
}

/** An applied migration's file no longer matches what was applied. */
export class MigrationChecksumError extends Error {
  constructor(
    readonly migration: string,
    readonly appliedChecksum: string,
    readonly fileChecksum: string,
  ) {
    super(
      `Migration ${migration} was changed after it was applied: supabase/migrations/${migration} has checksum ` +
        `${fileChecksum}, but ${appliedChecksum} was applied. Restore the file as it was ` +
        `(git log -p -- supabase/migrations/${migration}) and put the change in a new migration; ` +
        `or, if this database already has what the file now says, record the file's checksum with ` +
        `npm run db:migrate -- --accept-changed ${migration}`,
    );
    this.name = 'MigrationChecksumError';
  }
}

/** Throws MigrationChecksumError for the first applied migration whose file changed (a squashed file counts with its recorded checksum). */
export function assertAppliedChecksums(migrations: Migration[], applied: Map<string, string>): void {
  for (const m of migrations) {
    const stored = applied.get(m.name);
    if (stored !== undefined && stored !== m.checksum) throw new MigrationChecksumError(m.name, stored, m.checksum);
    if (stored !== undefined) continue;
    for (const old of m.squashes ?? []) {
      const was = applied.get(old.name);
      if (was !== undefined && was !== old.checksum) throw new MigrationChecksumError(old.name, was, old.checksum);
    }
  }
}

/** A database applied only some of the migrations a squash stands for: it must first be brought up to the squash. */
export class SquashedMigrationError extends Error {
  constructor(
    readonly migration: string,
    readonly missing: string[],
  ) {
    super(
      `Migration ${migration} stands for older migrations, and this database applied only some of them ` +
        `(missing: ${missing.join(', ')}). Run migrate from a release that still has them (before ${migration}) first, then this one.`,
    );
    this.name = 'SquashedMigrationError';
  }
}

/** 'run' a migration, 'record' it (a squash whose every file is applied), or throw for a partial squash. */
function squashOutcome(m: Migration, done: Map<string, string>): 'run' | 'record' {
  const olds = m.squashes ?? [];
  const applied = olds.filter((o) => done.has(o.name));
  if (applied.length === 0) return 'run';
  if (applied.length === olds.length) return 'record';
  throw new SquashedMigrationError(m.name, olds.filter((o) => !done.has(o.name)).map((o) => o.name));
}

/**
 * Records the current checksum of an applied migration whose file changed, for a
 * database known to match the file as it is now (an edit that changed nothing the
 * database holds, such as a comment, or one applied by hand). Returns false when
 * the migration was never applied here.
 */
export async function acceptChangedMigration(database: Database, name: string, migrations = readMigrations()): Promise<boolean> {
  const migration = migrations.find((m) => m.name === name);
  if (!migration) throw new Error(`No migration called ${name} in supabase/migrations`);
  return database.withSession(async (run) => {
    const { rows } = await run('update public.planner_schema_migrations set checksum = $2 where name = $1 returning name', [name, migration.checksum]);
    return rows.length === 1;
  });
}

export interface MigrateResult {
  applied: string[];
  skipped: string[];
  /** Squashes recorded without running: the database had applied what they stand for. */
  recorded: string[];
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
      assertAppliedChecksums(migrations, done);
      for (const m of migrations) if (!done.has(m.name)) squashOutcome(m, done); // a partial squash stops the run before anything is applied
      const applied: string[] = [];
      const skipped: string[] = [];
      const recorded: string[] = [];
      for (const m of migrations) {
        if (done.has(m.name)) {
          skipped.push(m.name);
          continue;
        }
        if (squashOutcome(m, done) === 'record') {
          await run('insert into public.planner_schema_migrations (name, checksum) values ($1, $2)', [m.name, m.checksum]);
          recorded.push(m.name);
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
      return { applied, skipped, recorded };
    } finally {
      if (database.engine === 'postgres') {
        await run('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
      }
    }
  });
}
