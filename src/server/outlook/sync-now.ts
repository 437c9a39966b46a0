/** "Sync now" on the integrations page: one full_sync for the user (at most one is ever queued). */
import type { Executor } from '../../db/client';
import { enqueueTaskSyncJob, JOB_PRIORITY } from '../../jobs/queue';

export type SyncNowResult = 'enqueued' | 'already_queued' | 'not_connected';

export async function requestFullSync(db: Executor, userId: string): Promise<SyncNowResult> {
  const result = await enqueueTaskSyncJob(db, {
    userId,
    action: 'full_sync',
    priority: JOB_PRIORITY.interactive,
    payload: { reason: 'manual' },
  });
  if (result.status === 'enqueued') return 'enqueued';
  return result.status === 'skipped' && result.reason === 'no_connection' ? 'not_connected' : 'already_queued';
}
