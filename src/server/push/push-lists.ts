/**
 * Which To Do list a task's copy belongs in: its project's list (ensureProjectList,
 * which confirms the list with a GET and re-provisions one deleted in Outlook) or,
 * for Inbox tasks, the connection's default list (same rules, here). A list linked
 * here (a new or reopened project, a re-provisioned list) gets its change-notification
 * subscription at once, so Outlook's edits in it reach Planner in seconds.
 */
import type { Tx } from '../../db/client';
import type { ProjectStatus } from '../../db/schema';
import { ensureProjectList, fetchLiveLists, findLiveList, findReusableList, DEFAULT_LIST_NAME } from '../outlook';
import { saveOneLink } from '../outlook/list-links';
import { subscribeUserLists } from '../subscriptions';
import type { PushContext } from './push-deps';
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
export async function resolveTaskList(pc: PushContext, projectId: string | null, options: ResolveOptions = {}): Promise<TaskListTarget> {
  const target = await resolveLinkedList(pc, projectId, options);
  if (target.kind === 'list' && target.provisioned) await subscribeNewList(pc);
  return target;
}

/** Failures are kept on the mapping and retried by the runner's tick; the push goes on. */
async function subscribeNewList(pc: PushContext): Promise<void> {
  const result = await subscribeUserLists(pc.deps.outlook, pc.userId, pc.graph, pc.deps.subscriptions);
  if (result.created + result.recreated > 0) pc.log.info({ created: result.created, recreated: result.recreated }, 'subscribed the new To Do list');
}

async function resolveLinkedList(pc: PushContext, projectId: string | null, options: ResolveOptions): Promise<TaskListTarget> {
  if (projectId === null) return ensureInboxList(pc, options);
  const result = await ensureProjectList(pc.deps.outlook, { userId: pc.userId, projectId, trustActiveMapping: options.trustActiveMapping }, pc.graph);
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
export async function ensureInboxList(pc: PushContext, options: ResolveOptions = {}): Promise<TaskListTarget> {
  const current = await readInboxListId(pc.deps.outlook.db, pc.userId);
  if (current.listId && current.active && options.trustActiveMapping) {
    return { kind: 'list', listId: current.listId, provisioned: false, previousListId: null, liveName: null };
  }
  const live = current.listId && current.active ? await findLiveList(pc.graph, current.listId) : null;
  if (current.listId && live) {
    return { kind: 'list', listId: current.listId, provisioned: false, previousListId: null, liveName: live.displayName };
  }
  return pc.deps.outlook.db.transaction().execute((tx) => provisionInboxLocked(tx, pc, current.listId));
}

async function provisionInboxLocked(tx: Tx, pc: PushContext, missingListId: string | null): Promise<TaskListTarget> {
  // An advisory lock, not the connection row: a token refresh (after a 401 in here) locks that row.
  await lockInboxList(tx, pc.userId);
  const again = await readInboxListId(tx, pc.userId);
  if (again.listId && again.active && again.listId !== missingListId) {
    return { kind: 'list', listId: again.listId, provisioned: false, previousListId: null, liveName: null };
  }
  const live = await fetchLiveLists(pc.graph);
  const claimed = new Set(await listMappedListIds(tx, pc.userId));
  const own = again.listId ? live.lists.find((l) => l.id === again.listId) : undefined;
  const list = own ?? findReusableList(live.lists, DEFAULT_LIST_NAME, claimed) ?? (await pc.graph.lists.create(DEFAULT_LIST_NAME));
  await saveOneLink(tx, pc.userId, { projectId: null, isDefault: true, listId: list.id, listName: list.displayName });
  await setDefaultListId(tx, pc.userId, list.id);
  pc.log.info({ listId: list.id, previousListId: again.listId }, 'default To Do list provisioned');
  return { kind: 'list', listId: list.id, provisioned: true, previousListId: again.listId, liveName: list.displayName };
}

async function readInboxListId(db: PushContext['deps']['outlook']['db'] | Tx, userId: string) {
  const mapping = await findDefaultMapping(db, userId);
  if (mapping) return { listId: mapping.graph_list_id, active: mapping.is_active };
  return { listId: (await findDefaultListId(db, userId)) ?? null, active: true };
}
