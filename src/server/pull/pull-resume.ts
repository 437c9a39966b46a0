/**
 * A person confirms the deletions the mass-delete guard held back (decision 0019):
 * the user's next full_sync runs with `forceLists`, applies them and lifts the pause.
 * An already queued full_sync gets the list added to its payload.
 */
import type { Db } from '../../db/client';
import { enqueueTaskSyncJob, JOB_PRIORITY } from '../../jobs/queue';
import { findMappingByListId } from '../../db/list-mappings-repository';
import { addForceListToPendingFullSync } from '../../db/task-jobs-repository';

export type ResumeResult = 'queued' | 'added_to_queued_sync' | 'not_paused';

export async function resumePausedList(db: Db, userId: string, graphListId: string): Promise<ResumeResult> {
  const list = await findMappingByListId(db, userId, graphListId);
  if (!list?.sync_paused_at) return 'not_paused';
  const r = await enqueueTaskSyncJob(db, {
    userId,
    action: 'full_sync',
    priority: JOB_PRIORITY.interactive,
    payload: { reason: 'resume_paused_list', forceLists: [graphListId] },
  });
  if (r.status === 'enqueued') return 'queued';
  await addForceListToPendingFullSync(db, userId, graphListId);
  return 'added_to_queued_sync';
}
