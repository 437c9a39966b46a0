/**
 * guide §11 "Manual list deletion" (rows list-gone.* of src/sync/plan/lists.ts): a mapped list deleted in Outlook (lists delta
 * @removed, or its task delta answering 404) is re-provisioned — ensureProjectList
 * re-creates (or reuses by name) the project's list, the old list's task sync state
 * is forgotten and the project's open tasks are queued for the push engine's bulk
 * push (a project_sync 'push-open-tasks' job). A closed
 * project's mapping is archived instead (closed projects get no list). The default
 * list (Inbox tasks) is re-provisioned the same way. A project that came from a To Do
 * list follows it: the list deleted closes the project, every task kept (decision 0060).
 */
import { enqueueTaskSyncJob, JOB_PRIORITY } from '../../jobs/queue';
import { acceptsIncomingChanges } from '../../sync/project-lifecycle';
import { decideListGone } from '../../sync/plan/lists';
import type { TodoTaskList } from '../../graph';
import { DEFAULT_LIST_NAME, ensureProjectList, fetchLiveLists, findReusableList, listExists } from '../outlook';
import type { PullContext } from './pull-context';
import { PUSH_OPEN_TASKS_REASON } from '../push/push-open-tasks';
import { type PulledList, deactivateList } from '../../db/list-mappings-repository';
import { deleteSyncStatesOfList } from '../../db/sync-state-repository';
import { openTaskIds } from '../../db/tasks-repository';
import { closeProjectFromRemote } from '../../db/projects-repository';
import { listMappedListIds, subscriptionIdOfMapping, swapDefaultMappingList } from '../../db/list-mappings-repository';
import { setDefaultListId } from '../../db/connections-repository';

export async function handleListGone(ctx: PullContext, list: PulledList): Promise<void> {
  const { action, rowId } = decideListGone({
    isDefault: list.isDefault,
    projectOpen: Boolean(list.project && acceptsIncomingChanges(list.project.status)),
    origin: list.project?.origin ?? 'planner',
  });
  if (action === 'archive' || action === 'close-project') {
    await archiveGoneList(ctx, list);
    if (action === 'close-project' && list.projectId) {
      await closeProjectFromRemote(ctx.db, list.projectId, 'Cancelled');
      ctx.summary.projectsClosed++;
      ctx.log.info({ projectId: list.projectId, rule: rowId }, 'the To Do list this project came from was deleted: project closed, its tasks kept');
    }
    return;
  }
  const oldSubscriptionId = await subscriptionIdOf(ctx, list);
  const newListId = list.isDefault ? await reprovisionDefaultList(ctx, list) : await reprovisionProjectList(ctx, list);
  if (!newListId) return;
  await deleteSyncStatesOfList(ctx.db, ctx.userId, list.graphListId);
  await deleteSubscription(ctx, oldSubscriptionId);
  const queued = await queueOpenTasks(ctx, list.projectId);
  ctx.summary.listsReprovisioned++;
  ctx.log.warn({ oldListId: list.graphListId, newListId, projectId: list.projectId, queued }, 'To Do list was deleted in Outlook: re-provisioned it');
}

async function archiveGoneList(ctx: PullContext, list: PulledList): Promise<void> {
  await deleteSyncStatesOfList(ctx.db, ctx.userId, list.graphListId);
  await deleteSubscription(ctx, await subscriptionIdOf(ctx, list));
  await deactivateList(ctx.db, list.id);
  ctx.summary.listsArchived++;
}

/** The new list id, or null when the list turned out to exist after all (or the project is closed). */
async function reprovisionProjectList(ctx: PullContext, list: PulledList): Promise<string | null> {
  const result = await ensureProjectList(ctx.outlook, { userId: ctx.userId, projectId: list.projectId! }, ctx.graph);
  if (result.status !== 'ready' || !result.provisioned) return null;
  return result.listId;
}

/**
 * The default list: Graph work first (no database lock is held across a network
 * call), then the mapping moves to the new list only if it still points at the old
 * one (compare-and-swap); a worker that lost that race deletes the list it made.
 */
async function reprovisionDefaultList(ctx: PullContext, list: PulledList): Promise<string | null> {
  if (await listExists(ctx.graph, list.graphListId)) return null;
  const db = ctx.db;
  const { list: target, created } = await reusableOrNewList(ctx, DEFAULT_LIST_NAME);
  const moved = await db.transaction().execute(async (tx) => {
    if (!(await swapDefaultMappingList(tx, list.id, list.graphListId, target))) return false;
    await setDefaultListId(tx, ctx.userId, target.id);
    return true;
  });
  if (!moved && created) await ctx.graph.lists.delete(target.id);
  return moved ? target.id : null;
}

/** An unclaimed list of that name (never a built-in one), else a new list. */
async function reusableOrNewList(ctx: PullContext, name: string): Promise<{ list: TodoTaskList; created: boolean }> {
  const live = await fetchLiveLists(ctx.graph);
  const mapped = (await listMappedListIds(ctx.db, ctx.userId)).map((graph_list_id) => ({ graph_list_id }));
  const reuse = findReusableList(live.lists, name, new Set(mapped.map((m) => m.graph_list_id)));
  return reuse ? { list: reuse, created: false } : { list: await ctx.graph.lists.create(name), created: true };
}

/** The push engine's bulk push of the list's open tasks ($batch, in slices); returns how many wait. */
async function queueOpenTasks(ctx: PullContext, projectId: string | null): Promise<number> {
  const db = ctx.db;
  const waiting = (await openTaskIds(db, ctx.userId, projectId)).length;
  if (waiting > 0) {
    await enqueueTaskSyncJob(db, { userId: ctx.userId, action: 'project_sync', projectId, priority: JOB_PRIORITY.bulk, payload: { reason: PUSH_OPEN_TASKS_REASON } }, ctx);
  }
  return waiting;
}

async function subscriptionIdOf(ctx: PullContext, list: PulledList): Promise<string | null> {
  return subscriptionIdOfMapping(ctx.db, list.id);
}

async function deleteSubscription(ctx: PullContext, subscriptionId: string | null): Promise<void> {
  if (!subscriptionId) return;
  try {
    await ctx.graph.subscriptions.delete(subscriptionId);
  } catch (error) {
    ctx.log.warn({ status: (error as { status?: number }).status }, 'could not delete the gone list\'s subscription; it lapses on its own');
  }
}
