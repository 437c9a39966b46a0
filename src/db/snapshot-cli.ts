/**
 * `npm run db:snapshot [-- <postgres server url>]`: rewrites supabase/schema.sql
 * from supabase/migrations. Run it after adding or changing a migration (for
 * example a new claim_task_sync_jobs) and commit the two together; the drift test
 * (tests/db/schema-snapshot.test.ts) fails until you do.
 *
 * It needs a Postgres server it may create and drop a scratch database on: the
 * argument, else TEST_DATABASE_URL (the server the tests use), else the local
 * postgres://postgres@127.0.0.1:5432/postgres. Never point it at production.
 * `npm run db:snapshot -- --check` only compares, and exits 1 on drift.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { dumpMigratedSchema, SCHEMA_SNAPSHOT_PATH } from './schema-snapshot';

async function main() {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const server =
    args.find((a) => !a.startsWith('--')) ??
    process.env.TEST_DATABASE_URL ?? // a dev tool's input, like the tests' (not app configuration)
    'postgres://postgres@127.0.0.1:5432/postgres';
  const started = Date.now();
  const dump = await dumpMigratedSchema(server);
  let current = '';
  try {
    current = readFileSync(SCHEMA_SNAPSHOT_PATH, 'utf8');
  } catch {
    // first snapshot
  }
  if (check) {
    if (current !== dump) {
      console.error(`supabase/schema.sql is out of date with supabase/migrations: run npm run db:snapshot`);
      process.exit(1);
    }
    console.log(`supabase/schema.sql matches supabase/migrations (${Date.now() - started} ms)`);
    return;
  }
  writeFileSync(SCHEMA_SNAPSHOT_PATH, dump);
  const lines = dump.split('\n').length;
  console.log(
    current === dump
      ? `supabase/schema.sql was already up to date (${lines} lines, ${Date.now() - started} ms)`
      : `supabase/schema.sql rewritten (${lines} lines, ${Date.now() - started} ms): commit it with the migration`,
  );
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
