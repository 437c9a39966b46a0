/** `planner requeue [--failed] [--pending]`: the guide §13 requeue SQL (both when neither flag is given). */
import type { Command } from 'commander';
import { requeue } from '../../server/admin/job-operations';
import type { CliContext } from '../context';
import { CliError, EXIT, print, printJson } from '../output';

export function registerRequeue(program: Command, ctx: CliContext): void {
  program
    .command('requeue')
    .description("Set failed and/or pending jobs back to pending with attempts = 0 (guide §13); default: both")
    .option('--failed', 'requeue failed jobs')
    .option('--pending', 'reset attempts of pending jobs')
    .option('--id <jobIds...>', 'only these jobs (like Retry on /admin)')
    .option('--json', 'print JSON')
    .action(async (opts: { failed?: boolean; pending?: boolean; id?: string[]; json?: boolean }) => {
      if (opts.id?.some((id) => !/^\d{1,19}$/.test(id))) throw new CliError('--id takes numeric job ids', EXIT.unavailable);
      const both = !opts.failed && !opts.pending;
      const scope = { failed: both || !!opts.failed, pending: both || !!opts.pending, ...(opts.id ? { ids: opts.id } : {}) };
      const result = await requeue((await ctx.database()).db, scope, 'cli');
      if (opts.json) return printJson(ctx.io, { failed: scope.failed, pending: scope.pending, ...result });
      print(ctx.io, `Requeued ${result.requeued} job(s)` + (result.superseded ? `; ${result.superseded} duplicate failed job(s) marked skipped (a newer job covers them)` : '') + '.');
    });
}
