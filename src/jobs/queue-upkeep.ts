/**
 * The queue's housekeeping, run by every clock there is: the in-process runner's
 * tick and the /sync route (Vercel cron, GitHub Actions). Both are idempotent and
 * cheap when there is nothing to do, so several runners may run them at once.
 *
 *  - the safety-net full_syncs (periodic-full-sync.ts);
 *  - retention: completed and skipped jobs older than OUTLOOK_JOB_RETENTION_DAYS are
 *    deleted, a bounded batch per call (failed jobs stay for the operator).
 */
import { systemClock, type Clock } from '../config/clock';
import type { Db } from '../db/client';
import { purgeFinishedJobs } from '../db/jobs-repository';
import { enqueuePeriodicFullSyncs } from './periodic-full-sync';

/** Rows deleted per upkeep at most: a backlog of history goes over several ticks. */
export const PURGE_BATCH = 5_000;

export interface QueueUpkeepOptions {
  /** Safety-net full_sync interval; undefined = none. */
  fullSyncIntervalMin?: number;
  /** Its interval for users whose subscriptions work (OUTLOOK_FULL_SYNC_HEALTHY_INTERVAL_MIN; default 360). */
  healthyFullSyncIntervalMin?: number;
  /** Days finished jobs are kept; undefined or 0 = kept for ever. */
  jobRetentionDays?: number;
  /** The queue's clock (decision 0049); the process clock by default. */
  clock?: Clock;
}

export interface QueueUpkeepResult {
  periodicFullSyncs: number;
  purgedJobs: number;
}

export async function runQueueUpkeep(db: Db, options: QueueUpkeepOptions): Promise<QueueUpkeepResult> {
  const clock = options.clock ?? systemClock;
  const periodicFullSyncs =
    options.fullSyncIntervalMin === undefined ? 0 : await enqueuePeriodicFullSyncs(db, options.fullSyncIntervalMin, options.healthyFullSyncIntervalMin, clock);
  const purgedJobs = await purgeFinishedJobs(db, { olderThanDays: options.jobRetentionDays ?? 0, limit: PURGE_BATCH, now: clock.now() });
  return { periodicFullSyncs, purgedJobs };
}
