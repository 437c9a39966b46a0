/**
 * A person confirms the deletions the mass-delete guard held back (decision 0019):
 * the user's next full_sync runs with `forceLists`, applies them and lifts the pause.
 * An already queued full_sync gets the list added to its payload.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/client';
import { enqueueTaskSyncJob, JOB_PRIORITY } from '../../jobs/queue';

export type ResumeResult = 'queued' | 'added_to_queued_sync' | 'not_paused';

export async function resumePausedList(db: Db, userId: string, graphListId: string): Promise<ResumeResult> {
  const list = await db
    .selectFrom('project_outlook_lists')
    .select('sync_paused_at')
    .where('user_id', '=', userId)
    .where('graph_list_id', '=', graphListId)
    .executeTakeFirst();
  if (!list?.sync_paused_at) return 'not_paused';
  const r = await enqueueTaskSyncJob(db, {
    userId,
    action: 'full_sync',
    priority: JOB_PRIORITY.interactive,
    payload: { reason: 'resume_paused_list', forceLists: [graphListId] },
  });
  if (r.status === 'enqueued') return 'queued';
  await db
    .updateTable('task_sync_jobs')
    .set({ payload: sql`jsonb_set(payload, '{forceLists}', coalesce(payload->'forceLists', '[]'::jsonb) || ${JSON.stringify([graphListId])}::jsonb)` })
    .where('user_id', '=', userId)
    .where('action', '=', 'full_sync')
    .where('status', '=', 'pending')
    .execute();
  return 'added_to_queued_sync';
}
