/**
 * The safety net behind webhooks, sized to need: a connected user gets a full_sync at
 * least every OUTLOOK_FULL_SYNC_INTERVAL_MIN minutes while one of its lists has no live
 * subscription (missing, failing, lapsed) or its notifications do not arrive, and every
 * OUTLOOK_FULL_SYNC_HEALTHY_INTERVAL_MIN minutes (hours) while they do (To Do
 * notifications can still be lost, and list changes have none). Runs on each runner
 * tick. The rule is findUsersDueForFullSync's (src/db/jobs-repository.ts).
 */
import { systemClock, type Clock } from '../config/clock';
import type { Db } from '../db/client';
import { findUsersDueForFullSync } from '../db/jobs-repository';
import { enqueueTaskSyncJob, JOB_PRIORITY } from './queue';

/** OUTLOOK_FULL_SYNC_HEALTHY_INTERVAL_MIN's default: a healthy user is polled every 6 hours. */
export const DEFAULT_HEALTHY_FULL_SYNC_INTERVAL_MIN = 360;

/** Enqueues a bulk-priority full_sync for each user due one; returns how many were enqueued. */
export async function enqueuePeriodicFullSyncs(
  db: Db,
  intervalMin: number,
  healthyIntervalMin = DEFAULT_HEALTHY_FULL_SYNC_INTERVAL_MIN,
  clock: Clock = systemClock,
): Promise<number> {
  let enqueued = 0;
  const due = await findUsersDueForFullSync(db, { intervalMin, healthyIntervalMin: Math.max(intervalMin, healthyIntervalMin) }, clock.now());
  for (const userId of due) {
    const r = await enqueueTaskSyncJob(
      db,
      {
        userId,
        action: 'full_sync',
        priority: JOB_PRIORITY.bulk,
        payload: { reason: 'periodic' },
      },
      clock,
    );
    if (r.status === 'enqueued') enqueued++;
  }
  return enqueued;
}
