/**
 * `npm run db:migrate`: applies pending migrations to DATABASE_URL (or the local PGlite).
 * `npm run db:migrate -- --accept-changed <file>`: first records the current checksum of an
 * applied migration whose file was edited (only when the database already matches the
 * file; otherwise write a new migration), then migrates.
 */
import path from 'node:path';
import { getEnv } from '../config/env';
import { openDatabase } from './client';
import { closeDatabase, getDatabase } from './index';
import { acceptChangedMigration } from './migrate';

async function acceptChanged(names: string[]) {
  const env = getEnv();
  const database = await openDatabase({ url: env.DATABASE_URL, dataDir: path.join(env.PLANNER_DATA_DIR, 'pglite'), secretKey: env.TOKEN_ENCRYPTION_KEY });
  try {
    for (const name of names) {
      const updated = await acceptChangedMigration(database, name);
      console.log(updated ? `  recorded the current checksum of ${name}` : `  ${name} was not applied here: nothing to accept`);
    }
  } finally {
    await database.close();
  }
}

async function main() {
  const args = process.argv.slice(2);
  const accept = args.flatMap((a, i) => (a === '--accept-changed' && args[i + 1] ? [args[i + 1]] : []));
  if (accept.length > 0) await acceptChanged(accept);
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
