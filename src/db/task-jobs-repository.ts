/**
 * The sync's reads and writes of task_sync_jobs rows beside the queue's own: which jobs
 * a task has in flight, superseding them, telling a delete job of one more copy.
 */
import { sql } from 'kysely';
import type { Executor } from './client';
import type { JobAction } from './schema';

/** Pending jobs of these actions for the task become 'skipped' at `now` (superseded by a remote change). */
export async function skipPendingJobs(
  ex: Executor,
  input: { taskId: string; actions: ('create' | 'update' | 'delete')[]; reason: string; now: Date },
): Promise<void> {
  const { taskId, actions, reason, now } = input;
  await ex
    .updateTable('task_sync_jobs')
    .set({ status: 'skipped', last_error: reason, completed_at: now })
    .where('task_id', '=', taskId)
    .where('action', 'in', actions)
    .where('status', '=', 'pending')
    .execute();
}

/**
 * Names a To Do copy on the task's pending delete job, so the job deletes it even when
 * no sync state maps it (a copy detached by a disconnect, or never recorded). True when
 * a delete job was pending. A delete job already processing has read its payload (and
 * may have deleted what it knew already): the caller queues another, which runs after it.
 */
export async function addCopyToPendingDelete(ex: Executor, taskId: string, copy: { graphTaskId: string; graphListId: string }): Promise<boolean> {
  const result = await ex
    .updateTable('task_sync_jobs')
    // Appended: a second copy found before the job ran must not replace the first.
    .set({ payload: sql`payload || jsonb_build_object('extraCopies', coalesce(payload -> 'extraCopies', '[]'::jsonb) || ${JSON.stringify([copy])}::jsonb)` })
    .where('task_id', '=', taskId)
    .where('action', '=', 'delete')
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** An update job of the user, pending or running, is to delete this copy (payload staleCopies). */
export async function isStaleCopyAwaitingDeletion(ex: Executor, userId: string, graphTaskId: string): Promise<boolean> {
  const row = await ex
    .selectFrom('task_sync_jobs')
    .select('id')
    .where('user_id', '=', userId)
    .where('action', '=', 'update')
    .where('status', 'in', ['pending', 'processing'])
    .where(sql<boolean>`payload -> 'staleCopies' @> ${JSON.stringify([{ graphTaskId }])}::jsonb`)
    .executeTakeFirst();
  return row !== undefined;
}

export async function hasActiveJob(ex: Executor, taskId: string, action: JobAction | JobAction[]): Promise<boolean> {
  const row = await ex
    .selectFrom('task_sync_jobs')
    .select('id')
    .where('task_id', '=', taskId)
    .where('action', 'in', Array.isArray(action) ? action : [action])
    .where('status', 'in', ['pending', 'processing'])
    .executeTakeFirst();
  return row !== undefined;
}

/** True when a full_sync of the user claimed after `since` has finished. */
export async function hasFullSyncFinishedSince(ex: Executor, userId: string, since: Date): Promise<boolean> {
  const row = await ex
    .selectFrom('task_sync_jobs')
    .select('id')
    .where('user_id', '=', userId)
    .where('action', '=', 'full_sync')
    .where('status', 'in', ['completed', 'skipped'])
    .where('picked_at', '>', since)
    .executeTakeFirst();
  return row !== undefined;
}

/** Adds a list to the forceLists of the user's pending full_sync (a person confirmed its deletions). */
export async function addForceListToPendingFullSync(ex: Executor, userId: string, graphListId: string): Promise<void> {
  await ex
    .updateTable('task_sync_jobs')
    .set({ payload: sql`jsonb_set(payload, '{forceLists}', coalesce(payload->'forceLists', '[]'::jsonb) || ${JSON.stringify([graphListId])}::jsonb)` })
    .where('user_id', '=', userId)
    .where('action', '=', 'full_sync')
    .where('status', '=', 'pending')
    .execute();
}
