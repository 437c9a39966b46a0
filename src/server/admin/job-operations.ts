/**
 * What an operator does to the queue: retry one job, retry everything failed
 * (guide §13's requeue), requeue pending, ask for a sync now. Shared by /admin,
 * the CLI and scripts.
 */
import { systemClock } from '../../config/clock';
import type { Executor } from '../../db/client';
import { listJobs, requeueJobs, type JobFilter, type RequeueScope } from '../../db/ops-jobs-repository';
import { requestFullSync, type SyncNowResult } from '../outlook/sync-now';
import { logger } from '../../observability/logger';

export type { JobFilter, RequeueScope };

export async function requeue(db: Executor, scope: RequeueScope, actor = 'operator') {
  const result = await requeueJobs(db, scope, systemClock.now());
  logger().info({ actor, scope: { failed: scope.failed, pending: scope.pending, ids: scope.ids?.length }, ...result }, 'jobs requeued');
  return result;
}

/** The dashboard's Retry: one failed job back to pending. */
export function retryJob(db: Executor, jobId: string, actor?: string) {
  return requeue(db, { failed: true, pending: false, ids: [jobId] }, actor);
}

/** The dashboard's Retry all: every failed job back to pending. */
export function retryAllFailed(db: Executor, actor?: string) {
  return requeue(db, { failed: true, pending: false }, actor);
}

export function findJobs(db: Executor, filter: JobFilter) {
  return listJobs(db, filter);
}

/** The dashboard's Sync now: one full_sync for the user. */
export async function syncUserNow(db: Executor, userId: string, actor = 'operator'): Promise<SyncNowResult> {
  const result = await requestFullSync(db, userId);
  logger().info({ actor, userId, result }, 'sync requested by operator');
  return result;
}
