/** `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the local PGlite). */
import { closeDatabase, getDatabase } from './index';

async function main() {
  const started = Date.now();
  const database = await getDatabase(); // getDatabase() migrates on open
  const { rows } = await database.withSession((run) =>
    run('select name from public.planner_schema_migrations order by name'),
  );
  console.log(`Database (${database.engine}) is at ${rows.length} migrations, in ${Date.now() - started} ms:`);
  for (const r of rows) console.log(`  ✓ ${String(r.name)}`);
  await closeDatabase();
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
