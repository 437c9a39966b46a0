/**
 * The safety net behind webhooks: every connected user gets a full_sync at least
 * every OUTLOOK_FULL_SYNC_INTERVAL_MIN minutes (To Do notifications can lag or be
 * lost, and list changes have no notifications at all). Runs on each runner tick.
 */
import type { Db } from '../db/client';
import { findUsersDueForFullSync } from '../db/jobs-repository';
import { enqueueTaskSyncJob, JOB_PRIORITY } from './queue';

/** Enqueues a bulk-priority full_sync for each user due one; returns how many were enqueued. */
export async function enqueuePeriodicFullSyncs(db: Db, intervalMin: number): Promise<number> {
  let enqueued = 0;
  for (const userId of await findUsersDueForFullSync(db, intervalMin)) {
    const r = await enqueueTaskSyncJob(db, {
      userId,
      action: 'full_sync',
      priority: JOB_PRIORITY.bulk,
      payload: { reason: 'periodic' },
    });
    if (r.status === 'enqueued') enqueued++;
  }
  return enqueued;
}
