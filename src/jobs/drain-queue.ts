/**
 * One bounded drain of the queue on the process database: what the /sync route
 * (Vercel cron, GitHub Actions, an operator's curl) runs.
 */
import { getEnv } from '../config/env';
import { getDatabase } from '../db';
import { newWorkerId, processTaskSyncJobs, DEFAULT_SYNC_LIMIT } from './process-task-sync-jobs';
import { runQueueUpkeep } from './queue-upkeep';
import type { ProcessSummary } from './types';

/** x-sync-limit bounds: default 25, at most 500 per call. */
export const SYNC_LIMIT = { default: DEFAULT_SYNC_LIMIT, min: 1, max: 500 } as const;

/** Parses an x-sync-limit header: the limit, or null when it is not an integer in range. */
export function parseSyncLimit(header: string | null): number | null {
  if (header === null || header.trim() === '') return SYNC_LIMIT.default;
  const trimmed = header.trim();
  if (!/^\d{1,6}$/.test(trimmed)) return null;
  const limit = Number(trimmed);
  return limit >= SYNC_LIMIT.min && limit <= SYNC_LIMIT.max ? limit : null;
}

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
  await runQueueUpkeep(database.db, { fullSyncIntervalMin: env.OUTLOOK_FULL_SYNC_INTERVAL_MIN, jobRetentionDays: env.OUTLOOK_JOB_RETENTION_DAYS });
  return summary;
}
