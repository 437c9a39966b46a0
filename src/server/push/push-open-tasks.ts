/**
 * Pushing a whole list's open tasks (a reopened project, a list re-provisioned after
 * it was deleted in Outlook) in slices: each project_sync job pushes at most
 * OPEN_TASKS_SLICE tasks through $batch, then queues the next slice at bulk priority,
 * so interactive edits of the same user run in between (decision 0025).
 */
import { enqueueTaskSyncJob, JOB_PRIORITY } from '../../jobs/queue';
import { pushTasksInBulk, type BulkPushSummary } from './push-bulk';
import type { SyncContext } from '../sync-context';
import { findListsWithUnsyncedOpenTasks, findOpenTasksWithoutCopy } from '../../db/tasks-repository';

export const OPEN_TASKS_SLICE = 100;
export const PUSH_OPEN_TASKS_REASON = 'push-open-tasks';

/** Queues a bulk push of the open tasks of a project (null = Inbox) that have no copy in its list. */
export async function requestOpenTasksPush(ctx: SyncContext, projectId: string | null): Promise<void> {
  await enqueueTaskSyncJob(ctx.db, {
    userId: ctx.userId,
    action: 'project_sync',
    projectId,
    priority: JOB_PRIORITY.bulk,
    payload: { reason: PUSH_OPEN_TASKS_REASON },
  }, ctx);
}

/**
 * After a connect or reconnect (its first full_sync has re-linked every copy Outlook
 * still holds, by externalId): queue the bulk push of the open tasks that still have no
 * To Do copy, one project_sync per list (the Inbox and each Active project) that has
 * any. Planner tasks made before the first connect, or while disconnected, reach To Do
 * without an operator running backfill-task-sync. Returns the lists queued.
 */
export async function queueOpenTasksPushAfterConnect(ctx: SyncContext): Promise<number> {
  const { db, userId } = ctx;
  const rows = await findListsWithUnsyncedOpenTasks(db, userId);
  for (const { project_id } of rows) {
    await enqueueTaskSyncJob(db, { userId, action: 'project_sync', projectId: project_id, priority: JOB_PRIORITY.bulk, payload: { reason: PUSH_OPEN_TASKS_REASON } }, ctx);
  }
  return rows.length;
}

export interface OpenTasksPushResult extends BulkPushSummary {
  /** More tasks wait for the next slice (already queued). */
  more: boolean;
}

/** Pushes one slice of the list's unsynced open tasks; queues the next slice when more remain. */
export async function pushOpenTasksSlice(
  ctx: SyncContext,
  input: { projectId: string | null; listId: string; deadline?: Date },
): Promise<OpenTasksPushResult> {
  const ids = await openTasksWithoutCopy(ctx, input.projectId, input.listId, OPEN_TASKS_SLICE + 1);
  const slice = ids.slice(0, OPEN_TASKS_SLICE);
  const summary = await pushTasksInBulk(ctx, { taskIds: slice, deadline: input.deadline, resolved: { projectId: input.projectId, listId: input.listId } });
  const more = ids.length > slice.length;
  if (more) await requestOpenTasksPush(ctx, input.projectId);
  return { ...summary, more };
}

/** Open, undeleted tasks of the list whose copy is not (yet) in `listId` and that no job of their own will push, oldest first. */
async function openTasksWithoutCopy(ctx: SyncContext, projectId: string | null, listId: string, limit: number): Promise<string[]> {
  return findOpenTasksWithoutCopy(ctx.db, ctx.userId, projectId, listId, limit);
}

