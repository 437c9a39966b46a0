/**
 * The `project_delete` job (guide §6.5; rows project-delete.* of src/sync/plan/lists.ts): the project and its tasks are gone from
 * Planner, so its To Do list goes too: the list's Graph subscription, the list
 * itself (404 = already gone), the mapping row and its tasks' sync state. The ids
 * come from the job payload, since the project row (and with it the mapping's
 * project_id) is already gone. The default list is never deleted.
 *
 * The project's tasks went with it (cascade), without delete jobs. A task whose copy
 * was still in another list (moved into the project, its move job not yet run) would
 * leave that copy behind for good, so every sync state left without its task is
 * settled here too: its copy (and any pending-create copy) is deleted from To Do.
 * The other way round, a task of another project (or the Inbox) that was moved INTO
 * this list in Outlook is rescued before the list goes: its state is dropped and a
 * create job puts it back in its Planner project's list, so the deletion of the list
 * does not read as a deletion of that task.
 */
import { deleteSyncState, deleteSyncStatesOfList, findOrphanedSyncStates } from '../../db/sync-state-repository';
import type { Clock } from '../../config/clock';
import type { Executor } from '../../db/client';
import { findLiveTasks, insertTaskFromRemote } from '../../db/tasks-repository';
import { newTaskOf } from '../pull/pull-fields';
import { findStateByGraphId as findSyncStateByGraphId } from '../../db/sync-state-repository';
import { GraphError } from '../../graph';
import { enqueueTaskSyncJob } from '../../jobs/queue';
import { fromGraphTask, readPlannerTaskId } from '../../sync/field-mapping';
import { decideDoomedListTask } from '../../sync/plan/lists';
import type { GraphTodoTask } from '../../sync/types';
import { completed, type JobOutcome } from '../../jobs/types';
import type { SyncContext } from '../sync-context';
import { deleteTaskCopy } from './push-task-delete';
import { deleteMapping, findMappingByListId, findMappingOfProject, leaveOutLists, listOrphanMappings } from '../../db/list-mappings-repository';

export interface ProjectDeleteInput {
  projectId: string | null;
  /** payload.graphListId: the project's list when it was deleted, if it had one. */
  graphListId: string | null;
}

export async function deleteProjectList(ctx: SyncContext, input: ProjectDeleteInput): Promise<JobOutcome> {
  const db = ctx.db;
  const mapping = await findMapping(ctx, input);
  const listId = mapping?.graph_list_id ?? input.graphListId;
  if (!listId) return completed({ list: 'none', orphanCopies: await deleteOrphanCopies(ctx) });
  if (mapping?.is_default) return completed({ list: 'default list kept' });
  if (mapping?.subscription_id) await ctx.graph.subscriptions.delete(mapping.subscription_id);
  // An inactive mapping is a list archived before (already gone: 404) or one kept through a
  // disconnect (still there): either way, rescue what must outlive it, then delete it.
  const rescued = await rescueForeignTasks(ctx, listId);
  const list = await ctx.graph.lists.delete(listId);
  const forgotten = await db.transaction().execute(async (tx) => {
    if (mapping) await deleteMapping(tx, mapping.id);
    // Should the list outlive its deletion, it never comes back as a To Do-made project.
    await leaveOutLists(tx, ctx.userId, [listId], 'project-deleted');
    return deleteSyncStatesOfList(tx, ctx.userId, listId);
  });
  const orphanCopies = await deleteOrphanCopies(ctx);
  ctx.log.info({ projectId: input.projectId, listId, list, forgottenTasks: forgotten, orphanCopies }, 'deleted project: To Do list removed');
  return completed({ listId, list, forgottenTasks: forgotten, orphanCopies, rescued });
}

/**
 * The tasks in the doomed list that must outlive it:
 *  - live Planner tasks of another project whose copy was moved here in Outlook: pushed
 *    again where Planner has them (row project-delete.rescue);
 *  - tasks created in To Do in this list that no pull has seen yet (no link to Planner,
 *    no sync state): they become Inbox tasks in Planner and are pushed to the Inbox's list
 *    (row project-delete.unseen-in-todo). Deleting a project deletes what the user saw
 *    in it, never what they could not see.
 */
async function rescueForeignTasks(ctx: SyncContext, listId: string): Promise<number> {
  const db = ctx.db;
  let remote: GraphTodoTask[];
  try {
    remote = (await ctx.graph.tasks.list(listId, { expand: 'linkedResources' })) as GraphTodoTask[];
  } catch (error) {
    if (error instanceof GraphError && error.status === 404) return 0;
    throw error;
  }
  const ids = remote.map((task) => readPlannerTaskId(task)).filter((id): id is string => id !== null);
  const live = new Map((await findLiveTasks(db, ctx.userId, ids)).map((t) => [t.id, t]));
  let rescued = 0;
  for (const item of remote) {
    const plannerTaskId = readPlannerTaskId(item);
    const task = plannerTaskId ? live.get(plannerTaskId) : undefined;
    const known = plannerTaskId !== null || (item.id ? (await findSyncStateByGraphId(db, ctx.userId, item.id)) !== undefined : true);
    const { action } = decideDoomedListTask({ task: task ? 'live-elsewhere' : known ? 'gone' : 'unseen-in-todo' });
    if (action === 'rescue') {
      await db.transaction().execute(async (tx) => {
        await deleteSyncState(tx, task!.id);
        await enqueueTaskSyncJob(tx, { userId: ctx.userId, action: 'create', taskId: task!.id, projectId: task!.project_id, payload: { reason: 'rescued_from_deleted_list' } }, ctx);
      });
      rescued++;
    } else if (action === 'rescue-to-inbox') {
      const fields = fromGraphTask(item, { timeZone: ctx.timeZone });
      await db.transaction().execute(async (tx) => {
        const row = await insertTaskFromRemote(tx, newTaskOf(ctx.userId, null, fields));
        await enqueueTaskSyncJob(tx, { userId: ctx.userId, action: 'create', taskId: row.id, projectId: null, payload: { reason: 'rescued_to_inbox' } }, ctx);
      });
      ctx.log.info({ listId, graphTaskId: item.id }, 'a task created in To Do in a deleted project\'s list was rescued to the Inbox');
      rescued++;
    }
  }
  return rescued;
}

/**
 * Lists of projects deleted while Outlook was disconnected: their project_delete was
 * skipped then (no connection), and their mapping lost its project. Queued again at
 * connect, so the list goes and what To Do made in it is rescued.
 */
export async function queueOrphanListDeletions(ex: Executor, userId: string, clock: Clock): Promise<number> {
  const orphans = await listOrphanMappings(ex, userId);
  for (const o of orphans) {
    await enqueueTaskSyncJob(ex, { userId, action: 'project_delete', projectId: null, payload: { graphListId: o.graph_list_id, reason: 'project_deleted_while_disconnected' } }, clock);
  }
  return orphans.length;
}

/** Deletes the To Do copies of tasks that no longer exist in Planner (sync state without a task). */
async function deleteOrphanCopies(ctx: SyncContext): Promise<number> {
  const orphans = await findOrphanedSyncStates(ctx.db, ctx.userId);
  for (const taskId of orphans) {
    if (decideDoomedListTask({ task: 'gone' }).action === 'delete-copy') await deleteTaskCopy(ctx, { taskId });
  }
  return orphans.length;
}

/** The mapping by the payload's list id, else by project id (a project deleted before its row lost the link). */
async function findMapping(ctx: SyncContext, input: ProjectDeleteInput) {
  const db = ctx.db;
  if (input.graphListId) return findMappingByListId(db, ctx.userId, input.graphListId);
  if (!input.projectId) return undefined;
  return findMappingOfProject(db, input.projectId);
}
