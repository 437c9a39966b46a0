/**
 * Guide §8: node --env-file .env.local scripts/backfill-task-sync.mjs <userId> [--dry-run]
 * Queues a `create` job for each of the user's tasks that has no To Do copy yet, then one
 * final `full_sync` (backfillTaskSync, src/server/maintenance). --dry-run lists what it
 * would queue and changes nothing. `npm run planner -- backfill <userId>` runs the same service.
 */
import { fail, loadEnv, parseArgs, printSummary, withDatabase } from './run-script';

const USAGE = 'Usage: node --env-file .env.local scripts/backfill-task-sync.mjs <userId> [--dry-run]';
const { positional, flags } = parseArgs(process.argv.slice(2), ['--dry-run', '--help']);
if (flags.has('--help')) {
  console.log(USAGE);
  process.exit(0);
}
if (positional.length !== 1 || !positional[0].trim()) fail(`Expected exactly one <userId>.\n${USAGE}`);
const userId = positional[0].trim();
const dryRun = flags.has('--dry-run');

const env = await loadEnv();
await withDatabase(env, async (db) => {
  const { backfillTaskSync } = await import('../server/maintenance');
  console.log(`› Backfilling task sync for user ${userId}${dryRun ? ' (dry run: nothing is changed)' : ''}`);
  const summary = await backfillTaskSync(db, userId, {
    dryRun,
    onTask: ({ index, total, taskId, title, outcome }) => console.log(`  [${index}/${total}] ${outcome.padEnd(14)} ${taskId}  ${title.slice(0, 60)}`),
  });
  printSummary(dryRun ? 'Dry run summary' : 'Summary', summary);
  return 0;
});
