/**
 * `planner subscriptions renew`, `planner backfill <userId>`, `planner archive-closed`:
 * the guide §7–§8 maintenance work, through the same services as the routes and the
 * guide's scripts (whose programs are beside this folder: src/cli/backfill-task-sync.ts,
 * src/cli/archive-closed-projects.ts).
 */
import type { Command } from 'commander';
import type { Db } from '../../db/client';
import { archiveClosedProjects, backfillTaskSync } from '../../server/maintenance';
import { renewSubscriptions } from '../../server/subscriptions';
import type { CliContext } from '../context';
import { print, printJson, renderTable } from '../output';

function printResult(ctx: CliContext, label: string, result: unknown, json?: boolean): void {
  if (json) return printJson(ctx.io, result ?? null);
  if (result && typeof result === 'object' && !Array.isArray(result)) {
    const rows = Object.entries(result as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'object' ? JSON.stringify(v) : v]);
    print(ctx.io, `${label}:`);
    return print(ctx.io, renderTable(rows, [{ header: 'Field', value: (r) => r[0] }, { header: 'Value', value: (r) => r[1] }]));
  }
  print(ctx.io, `${label}: ${JSON.stringify(result ?? 'done')}`);
}

async function run(ctx: CliContext, label: string, service: (db: Db) => Promise<unknown>, json?: boolean) {
  const { db } = await ctx.database();
  printResult(ctx, label, await service(db), json);
}

export function registerMaintenance(program: Command, ctx: CliContext): void {
  const subscriptions = program.command('subscriptions').description('Microsoft Graph change-notification subscriptions');
  subscriptions
    .command('renew')
    .description('Create missing, renew expiring and recreate lapsed subscriptions (like POST /subscriptions)')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => run(ctx, 'subscriptions renew', (db) => renewSubscriptions(db), opts.json));

  program
    .command('backfill')
    .description("Enqueue create jobs for a user's tasks missing sync state, then a full_sync (guide §8)")
    .argument('<userId>', 'the Planner user id')
    .option('--json', 'print JSON')
    .action((userId: string, opts: { json?: boolean }) => run(ctx, 'backfill', (db) => backfillTaskSync(db, userId), opts.json));

  program
    .command('archive-closed')
    .description('Remove To Do lists of Completed/Cancelled projects and their sync state (guide §8)')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => run(ctx, 'archive-closed', (db) => archiveClosedProjects(db), opts.json));
}
