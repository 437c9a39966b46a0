/**
 * One bounded drain of the queue on the process database: what the /sync route
 * (Vercel cron, GitHub Actions, an operator's curl) runs through its service,
 * src/server/queue/sync-drain.ts (which also parses the route's x-sync-limit).
 */
import { getEnv } from '../config/env';
import { getDatabase } from '../db';
import { newWorkerId, processTaskSyncJobs } from './process-task-sync-jobs';
import { runQueueUpkeep } from './queue-upkeep';
import type { ProcessSummary } from './types';

export async function drainTaskSyncQueue(input: { limit: number; timeBudgetMs: number }): Promise<ProcessSummary> {
  const database = await getDatabase();
  const env = getEnv();
  const summary = await processTaskSyncJobs({
    db: database.db,
    workerId: newWorkerId('sync-route'),
    limit: input.limit,
    timeBudgetMs: input.timeBudgetMs,
    userConcurrency: env.OUTLOOK_WORKER_USER_CONCURRENCY,
  });
  // On Vercel there is no in-process runner: the worker cron is the clock of the
  // safety-net full_syncs (queued after the drain, so they run on the next call) and
  // of the retention of finished jobs.
  await runQueueUpkeep(database.db, {
    fullSyncIntervalMin: env.OUTLOOK_FULL_SYNC_INTERVAL_MIN,
    healthyFullSyncIntervalMin: env.OUTLOOK_FULL_SYNC_HEALTHY_INTERVAL_MIN,
    jobRetentionDays: env.OUTLOOK_JOB_RETENTION_DAYS,
  });
  return summary;
}
