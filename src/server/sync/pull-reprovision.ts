/**
 * guide §11 "Manual list deletion": a mapped list deleted in Outlook (lists delta
 * @removed, or its task delta answering 404) is re-provisioned — ensureProjectList
 * re-creates (or reuses by name) the project's list, the old list's task sync state
 * is forgotten and the project's open tasks are queued as creates. A closed
 * project's mapping is archived instead (closed projects get no list). The default
 * list (Inbox tasks) is re-provisioned the same way.
 */
import { sql } from 'kysely';
import { enqueueTaskSyncJob, JOB_PRIORITY } from '../../jobs/queue';
import { acceptsIncomingChanges } from '../../sync/project-lifecycle';
import type { Tx } from '../../db/client';
import type { GraphClient, TodoTaskList } from '../../graph';
import { DEFAULT_LIST_NAME, ensureProjectList, fetchLiveLists, findReusableList, listExists } from '../outlook';
import type { PullContext } from './pull-deps';
import { deactivateList, forgetStatesOfList, openTaskIds, type PulledList } from './pull-store';

export async function handleListGone(ctx: PullContext, list: PulledList): Promise<void> {
  if (!list.isDefault && (!list.project || !acceptsIncomingChanges(list.project.status))) {
    await archiveGoneList(ctx, list);
    return;
  }
  const oldSubscriptionId = await subscriptionIdOf(ctx, list);
  const newListId = list.isDefault ? await reprovisionDefaultList(ctx, list) : await reprovisionProjectList(ctx, list);
  if (!newListId) return;
  await forgetStatesOfList(ctx.deps.outlook.db, ctx.userId, list.graphListId);
  await deleteSubscription(ctx, oldSubscriptionId);
  const queued = await queueOpenTasks(ctx, list.projectId);
  ctx.summary.listsReprovisioned++;
  ctx.log.warn({ oldListId: list.graphListId, newListId, projectId: list.projectId, queued }, 'To Do list was deleted in Outlook: re-provisioned it');
}

async function archiveGoneList(ctx: PullContext, list: PulledList): Promise<void> {
  await forgetStatesOfList(ctx.deps.outlook.db, ctx.userId, list.graphListId);
  await deleteSubscription(ctx, await subscriptionIdOf(ctx, list));
  await deactivateList(ctx.deps.outlook.db, list.id);
  ctx.summary.listsArchived++;
}

/** The new list id, or null when the list turned out to exist after all (or the project is closed). */
async function reprovisionProjectList(ctx: PullContext, list: PulledList): Promise<string | null> {
  const result = await ensureProjectList(ctx.deps.outlook, { userId: ctx.userId, projectId: list.projectId! }, ctx.graph);
  if (result.status !== 'ready' || !result.provisioned) return null;
  return result.listId;
}

async function reprovisionDefaultList(ctx: PullContext, list: PulledList): Promise<string | null> {
  if (await listExists(ctx.graph, list.graphListId)) return null;
  const db = ctx.deps.outlook.db;
  return db.transaction().execute(async (tx) => {
    await sql`select id from public.outlook_connections where user_id = ${ctx.userId} for update`.execute(tx);
    const current = await tx.selectFrom('project_outlook_lists').select('graph_list_id').where('id', '=', list.id).executeTakeFirst();
    if (current && current.graph_list_id !== list.graphListId) return null; // someone else re-provisioned it
    const target = await reusableOrNewList(tx, ctx.graph, ctx.userId, DEFAULT_LIST_NAME);
    await tx
      .updateTable('project_outlook_lists')
      .set({ graph_list_id: target.id, graph_list_name: target.displayName, is_active: true, delta_token: null, subscription_id: null, subscription_expires_at: null, subscription_client_state: null, sync_paused_at: null, sync_paused_reason: null })
      .where('id', '=', list.id)
      .execute();
    await tx.updateTable('outlook_connections').set({ planner_list_id: target.id }).where('user_id', '=', ctx.userId).execute();
    return target.id;
  });
}

async function queueOpenTasks(ctx: PullContext, projectId: string | null): Promise<number> {
  const db = ctx.deps.outlook.db;
  const ids = await openTaskIds(db, ctx.userId, projectId);
  for (const taskId of ids) {
    await enqueueTaskSyncJob(db, { userId: ctx.userId, action: 'create', taskId, projectId, priority: JOB_PRIORITY.bulk, payload: { reason: 'list_reprovisioned' } });
  }
  return ids.length;
}

/** An unclaimed list of that name (never a built-in one), else a new list. */
async function reusableOrNewList(tx: Tx, graph: GraphClient, userId: string, name: string): Promise<TodoTaskList> {
  const live = await fetchLiveLists(graph);
  const mapped = await tx.selectFrom('project_outlook_lists').select('graph_list_id').where('user_id', '=', userId).execute();
  return findReusableList(live.lists, name, new Set(mapped.map((m) => m.graph_list_id))) ?? (await graph.lists.create(name));
}

async function subscriptionIdOf(ctx: PullContext, list: PulledList): Promise<string | null> {
  const row = await ctx.deps.outlook.db.selectFrom('project_outlook_lists').select('subscription_id').where('id', '=', list.id).executeTakeFirst();
  return row?.subscription_id ?? null;
}

async function deleteSubscription(ctx: PullContext, subscriptionId: string | null): Promise<void> {
  if (!subscriptionId) return;
  try {
    await ctx.graph.subscriptions.delete(subscriptionId);
  } catch (error) {
    ctx.log.warn({ status: (error as { status?: number }).status }, 'could not delete the gone list\'s subscription; it lapses on its own');
  }
}
