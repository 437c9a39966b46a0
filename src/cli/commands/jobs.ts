/** `planner jobs`: list queue jobs with filters (guide §9 queries). */
import { type Command, Option } from 'commander';
import type { JobAction, JobStatus } from '../../db/schema';
import { findJobs } from '../../server/admin/job-operations';
import type { CliContext } from '../context';
import { CliError, EXIT, print, printJson, renderTable } from '../output';

const STATUSES: JobStatus[] = ['pending', 'processing', 'completed', 'failed', 'skipped'];
const ACTIONS: JobAction[] = ['create', 'update', 'delete', 'full_sync', 'project_sync', 'project_delete'];

export function registerJobs(program: Command, ctx: CliContext): void {
  program
    .command('jobs')
    .description('List sync jobs, newest first (e.g. --status failed)')
    .addOption(new Option('--status <status>', 'only jobs with this status').choices(STATUSES))
    .addOption(new Option('--action <action>', 'only jobs of this action').choices(ACTIONS))
    .option('--user <userId>', 'only jobs of this user')
    .option('--search <text>', 'match last_error or last_error_code')
    .option('--limit <n>', 'most rows to show', '50')
    .option('--json', 'print JSON')
    .action(async (opts: { status?: JobStatus; action?: JobAction; user?: string; search?: string; limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CliError('--limit must be a positive integer', EXIT.unavailable);
      const rows = await findJobs((await ctx.database()).db, {
        status: opts.status,
        action: opts.action,
        userId: opts.user,
        search: opts.search,
        limit,
      });
      if (opts.json) return printJson(ctx.io, rows);
      if (rows.length === 0) return print(ctx.io, 'No jobs match.');
      print(
        ctx.io,
        renderTable(rows, [
          { header: 'ID', value: (j) => j.id, align: 'right' },
          { header: 'Action', value: (j) => j.action },
          { header: 'Status', value: (j) => j.status },
          { header: 'Tries', value: (j) => j.attempts, align: 'right' },
          { header: 'User', value: (j) => j.user_id },
          { header: 'Updated', value: (j) => j.updated_at },
          { header: 'Error', value: (j) => (j.last_error_code ? `[${j.last_error_code}] ` : '') + (j.last_error ?? '') },
        ]),
      );
    });
}
