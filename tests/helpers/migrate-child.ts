/**
 * Child process for the concurrent-migration test: migrates the database at
 * argv[2] and prints `{"applied": [...], "skipped": [...]}`.
 */
import { openDatabase } from '../../src/db/client';
import { migrate } from '../../src/db/migrate';

const url = process.argv[2];
if (!url) throw new Error('usage: migrate-child.ts <postgres url>');
const database = await openDatabase({ url, maxConnections: 1 });
let code = 0;
try {
  process.stdout.write(JSON.stringify(await migrate(database)) + '\n');
} catch (error) {
  console.error(error);
  code = 1;
} finally {
  await database.close();
}
// close() leaves an idle pg client behind when Kysely itself never ran a query; don't wait for it.
process.exit(code);
