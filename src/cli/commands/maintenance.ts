/**
 * `planner subscriptions renew`, `planner backfill <userId>`, `planner archive-closed`:
 * the guide §7–§8 maintenance work, through the same services as the routes and scripts.
 */
import type { Command } from 'commander';
import type { CliContext } from '../context';
import { ARCHIVE_CLOSED, BACKFILL, RENEW_SUBSCRIPTIONS, resolveService, type ServiceRef } from '../optional-services';
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

async function run(ctx: CliContext, ref: ServiceRef, args: unknown[], json?: boolean) {
  const service = await resolveService(ref);
  const { db } = await ctx.database();
  printResult(ctx, ref.label, await service(db, ...args), json);
}

export function registerMaintenance(program: Command, ctx: CliContext): void {
  const subscriptions = program.command('subscriptions').description('Microsoft Graph change-notification subscriptions');
  subscriptions
    .command('renew')
    .description('Create missing, renew expiring and recreate lapsed subscriptions (like POST /subscriptions)')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => run(ctx, RENEW_SUBSCRIPTIONS, [], opts.json));

  program
    .command('backfill')
    .description("Enqueue create jobs for a user's tasks missing sync state, then a full_sync (guide §8)")
    .argument('<userId>', 'the Planner user id')
    .option('--json', 'print JSON')
    .action((userId: string, opts: { json?: boolean }) => run(ctx, BACKFILL, [userId], opts.json));

  program
    .command('archive-closed')
    .description('Remove To Do lists of Completed/Cancelled projects and their sync state (guide §8)')
    .option('--json', 'print JSON')
    .action((opts: { json?: boolean }) => run(ctx, ARCHIVE_CLOSED, [], opts.json));
}
