/**
 * Which To Do list a task's copy belongs in: its project's list (ensureProjectList,
 * which confirms the list with a GET and re-provisions one deleted in Outlook) or,
 * for Inbox tasks, the connection's default list (same rules, here). A list linked
 * here (a new or reopened project, a re-provisioned list) gets its change-notification
 * subscription at once, so Outlook's edits in it reach Planner in seconds.
 */
import type { Executor, Tx } from '../../db/client';
import type { ProjectStatus } from '../../db/schema';
import { ensureProjectList, fetchLiveLists, findLiveList, findReusableList, DEFAULT_LIST_NAME } from '../outlook';
import { saveOneLink } from '../outlook/list-links';
import { subscribeUserLists } from '../subscriptions';
import type { SyncContext } from '../sync-context';
import { findDefaultMapping, listMappedListIds } from '../../db/list-mappings-repository';
import { findDefaultListId, lockInboxList, setDefaultListId } from '../../db/connections-repository';

export type TaskListTarget =
  /** `liveName`: the list's name in Outlook when resolving read it (the confirming GET), else null. */
  | { kind: 'list'; listId: string; provisioned: boolean; previousListId: string | null; liveName: string | null }
  | { kind: 'closed'; projectStatus: ProjectStatus }
  | { kind: 'project_gone' };

export interface ResolveOptions {
  /** Skip the confirming GET of an active mapping (EnsureListInput.trustActiveMapping). */
  trustActiveMapping?: boolean;
}

/** The list for tasks of `projectId` (null = Inbox). */
export async function resolveTaskList(ctx: SyncContext, projectId: string | null, options: ResolveOptions = {}): Promise<TaskListTarget> {
  const target = await resolveLinkedList(ctx, projectId, options);
  if (target.kind === 'list' && target.provisioned) await subscribeNewList(ctx);
  return target;
}

/** Failures are kept on the mapping and retried by the runner's tick; the push goes on. */
async function subscribeNewList(ctx: SyncContext): Promise<void> {
  const result = await subscribeUserLists(ctx.outlook, ctx.userId, ctx.graph, ctx.subscriptions);
  if (result.created + result.recreated > 0) ctx.log.info({ created: result.created, recreated: result.recreated }, 'subscribed the new To Do list');
}

async function resolveLinkedList(ctx: SyncContext, projectId: string | null, options: ResolveOptions): Promise<TaskListTarget> {
  if (projectId === null) return ensureInboxList(ctx, options);
  const result = await ensureProjectList(ctx.outlook, { userId: ctx.userId, projectId, trustActiveMapping: options.trustActiveMapping }, ctx.graph);
  if (result.status === 'closed') return { kind: 'closed', projectStatus: result.projectStatus };
  if (result.status === 'project_not_found') return { kind: 'project_gone' };
  return {
    kind: 'list',
    listId: result.listId,
    provisioned: result.provisioned,
    previousListId: result.provisioned ? result.previousListId : null,
    liveName: result.liveName,
  };
}

/**
 * The default list (Inbox tasks). An existing one is confirmed with a GET; a missing
 * or deleted one is re-provisioned under a per-user advisory lock: the old list if
 * it is still there, else an unclaimed list named DEFAULT_LIST_NAME, else a new list.
 */
export async function ensureInboxList(ctx: SyncContext, options: ResolveOptions = {}): Promise<TaskListTarget> {
  const current = await readInboxListId(ctx.db, ctx.userId);
  if (current.listId && current.active && options.trustActiveMapping) {
    return { kind: 'list', listId: current.listId, provisioned: false, previousListId: null, liveName: null };
  }
  const live = current.listId && current.active ? await findLiveList(ctx.graph, current.listId) : null;
  if (current.listId && live) {
    return { kind: 'list', listId: current.listId, provisioned: false, previousListId: null, liveName: live.displayName };
  }
  return ctx.db.transaction().execute((tx) => provisionInboxLocked(tx, ctx, current.listId));
}

async function provisionInboxLocked(tx: Tx, ctx: SyncContext, missingListId: string | null): Promise<TaskListTarget> {
  // An advisory lock, not the connection row: a token refresh (after a 401 in here) locks that row.
  await lockInboxList(tx, ctx.userId);
  const again = await readInboxListId(tx, ctx.userId);
  if (again.listId && again.active && again.listId !== missingListId) {
    return { kind: 'list', listId: again.listId, provisioned: false, previousListId: null, liveName: null };
  }
  const live = await fetchLiveLists(ctx.graph);
  const claimed = new Set(await listMappedListIds(tx, ctx.userId));
  const own = again.listId ? live.lists.find((l) => l.id === again.listId) : undefined;
  const list = own ?? findReusableList(live.lists, DEFAULT_LIST_NAME, claimed) ?? (await ctx.graph.lists.create(DEFAULT_LIST_NAME));
  await saveOneLink(tx, ctx.userId, { projectId: null, isDefault: true, listId: list.id, listName: list.displayName });
  await setDefaultListId(tx, ctx.userId, list.id);
  ctx.log.info({ listId: list.id, previousListId: again.listId }, 'default To Do list provisioned');
  return { kind: 'list', listId: list.id, provisioned: true, previousListId: again.listId, liveName: list.displayName };
}

async function readInboxListId(db: Executor, userId: string) {
  const mapping = await findDefaultMapping(db, userId);
  if (mapping) return { listId: mapping.graph_list_id, active: mapping.is_active };
  return { listId: (await findDefaultListId(db, userId)) ?? null, active: true };
}
