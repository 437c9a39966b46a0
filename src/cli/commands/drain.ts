/** `planner drain [--limit N]`: the guide §10 manual drain, in batches, with a progress bar. */
import type { Command } from 'commander';
import { readQueueFigures } from '../../db/health-repository';
import { newWorkerId, processTaskSyncJobs } from '../../jobs/process-task-sync-jobs';
import type { ProcessSummary } from '../../jobs/types';
import { flushMetricSamples } from '../../observability/metrics';
import type { CliContext } from '../context';
import { CliError, EXIT, print, printJson, startProgress } from '../output';

const BATCH = 25;

export function registerDrain(program: Command, ctx: CliContext): void {
  program
    .command('drain')
    .description('Process due sync jobs now (guide §10), up to --limit')
    .option('--limit <n>', 'most jobs to process', '150')
    .option('--json', 'print the summary as JSON')
    .action(async (opts: { limit: string; json?: boolean }) => {
      const limit = Number(opts.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new CliError('--limit must be a positive integer', EXIT.unavailable);
      const { db } = await ctx.database();
      const queue = await readQueueFigures(db, new Date());
      const progress = startProgress(ctx.io, Math.min(limit, queue.pendingDue + queue.stuckProcessing) || 1, 'Draining', !opts.json);
      const workerId = newWorkerId('cli');
      const total: ProcessSummary = { processed: 0, succeeded: 0, failed: 0, deferred: 0, skipped: 0, remaining: 0 };
      try {
        while (total.processed < limit) {
          const run = await processTaskSyncJobs({ db, workerId, limit: Math.min(BATCH, limit - total.processed) });
          for (const k of ['processed', 'succeeded', 'failed', 'deferred', 'skipped'] as const) total[k] += run[k];
          total.remaining = run.remaining;
          progress.update(total.processed);
          if (run.processed === 0) break;
        }
      } finally {
        progress.stop();
        await flushMetricSamples(db).catch(() => {});
      }
      if (opts.json) return printJson(ctx.io, total);
      print(
        ctx.io,
        `Processed ${total.processed}: ${total.succeeded} succeeded, ${total.failed} failed, ${total.deferred} deferred, ${total.skipped} skipped. ${total.remaining} still waiting.`,
      );
      if (total.failed > 0) print(ctx.io, 'See the failures with: npm run planner -- jobs --status failed');
    });
}
