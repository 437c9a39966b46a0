/**
 * Guide §8: node --env-file .env.local scripts/archive-closed-projects.mjs [--dry-run]
 * Deletes the Microsoft To Do lists (and subscriptions) of Completed/Cancelled projects,
 * marks their mappings inactive, removes their per-task sync state and cleans dead queue
 * entries (archiveClosedProjects, src/server/maintenance). --dry-run reports what it
 * would do and changes nothing. `npm run planner -- archive-closed` runs the same service.
 */
import { loadEnv, parseArgs, printSummary, withDatabase } from './run-script';

const USAGE = 'Usage: node --env-file .env.local scripts/archive-closed-projects.mjs [--dry-run]';
const { positional, flags } = parseArgs(process.argv.slice(2), ['--dry-run', '--help']);
if (flags.has('--help') || positional.length > 0) {
  console.log(USAGE);
  process.exit(positional.length > 0 ? 1 : 0);
}
const dryRun = flags.has('--dry-run');

// Deleting lists needs the Azure app (or MICROSOFT_GRAPH_BASE_URL pointing at the sandbox emulator).
const env = await loadEnv(['MICROSOFT_CLIENT_ID']);
await withDatabase(env, async (db) => {
  const { archiveClosedProjects } = await import('../server/maintenance');
  console.log(`› Archiving the To Do lists of closed projects${dryRun ? ' (dry run: nothing is changed)' : ''}`);
  const summary = await archiveClosedProjects(db, {
    dryRun,
    onList: ({ index, total, projectName, listName, outcome }) => console.log(`  [${index}/${total}] ${outcome.padEnd(15)} ${projectName} (list "${listName}")`),
  });
  printSummary(dryRun ? 'Dry run summary' : 'Summary', summary);
  return summary.failed > 0 || summary.usersNeedingReconnect > 0 ? 2 : 0;
});
