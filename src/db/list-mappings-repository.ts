/**
 * SQL for project_outlook_lists: which To Do list each project (or the Inbox,
 * is_default) syncs with, and that list's cursor and pause state. Subscription
 * columns have their own module (subscriptions-repository.ts).
 */
import type { Executor, Tx } from './client';
import type { LeftOutReason, ProjectOrigin, ProjectOutlookList, ProjectStatus } from './schema';
import { sql } from 'kysely';

export async function listMappings(ex: Executor, userId: string): Promise<ProjectOutlookList[]> {
  return ex.selectFrom('project_outlook_lists').selectAll().where('user_id', '=', userId).execute();
}

/** Every list id the user's mappings hold (active or not): lists Planner already claimed. */
export async function listMappedListIds(ex: Executor, userId: string): Promise<string[]> {
  const rows = await ex.selectFrom('project_outlook_lists').select('graph_list_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.graph_list_id);
}

/** The mapping id of a project's slot, or of the Inbox slot when `projectId` is null. */
export async function findMappingIdOfSlot(ex: Executor, userId: string, projectId: string | null): Promise<string | undefined> {
  const row = await ex
    .selectFrom('project_outlook_lists')
    .select('id')
    .where('user_id', '=', userId)
    .where((eb) => (projectId === null ? eb('is_default', '=', true) : eb('project_id', '=', projectId)))
    .executeTakeFirst();
  return row?.id;
}

/** A mapping pointed at a (new) list: active, with no cursor, subscription or pause. */
export interface FreshMapping {
  graph_list_id: string;
  graph_list_name: string;
}

const RESET = {
  is_active: true,
  delta_token: null,
  subscription_id: null,
  subscription_expires_at: null,
  subscription_client_state: null,
  sync_paused_at: null,
  sync_paused_reason: null,
} as const;

export async function resetMapping(ex: Executor, mappingId: string, list: FreshMapping): Promise<void> {
  await ex.updateTable('project_outlook_lists').set({ ...list, ...RESET }).where('id', '=', mappingId).execute();
}

export async function insertMapping(
  ex: Executor,
  input: FreshMapping & { user_id: string; project_id: string | null; is_default: boolean },
): Promise<void> {
  await ex.insertInto('project_outlook_lists').values({ ...input, ...RESET }).execute();
}

/** Every subscription id on the user's mappings. */
export async function listMappingSubscriptionIds(ex: Executor, userId: string): Promise<string[]> {
  const rows = await ex
    .selectFrom('project_outlook_lists')
    .select('subscription_id')
    .where('user_id', '=', userId)
    .where('subscription_id', 'is not', null)
    .execute();
  return rows.map((r) => r.subscription_id!);
}

/**
 * Disconnect: every mapping stays (which list each project used) but inactive,
 * with no subscription, cursor or pause, so a reconnect relinks the same lists.
 */
export async function deactivateMappings(tx: Tx, userId: string): Promise<void> {
  await tx
    .updateTable('project_outlook_lists')
    .set({ is_active: false, delta_token: null, subscription_id: null, subscription_expires_at: null, subscription_client_state: null, sync_paused_at: null, sync_paused_reason: null })
    .where('user_id', '=', userId)
    .execute();
}

export interface LinkedListRow {
  graph_list_name: string;
  project_id: string | null;
  project_name: string | null;
  project_status: string | null;
  is_default: boolean;
  is_active: boolean;
  sync_paused_at: Date | null;
}

/** The user's mappings with their project's name and status: Inbox first, then by project position. */
export async function listLinkedLists(ex: Executor, userId: string): Promise<LinkedListRow[]> {
  return ex
    .selectFrom('project_outlook_lists as l')
    .leftJoin('projects as p', 'p.id', 'l.project_id')
    .select(['l.graph_list_name', 'l.project_id', 'p.name as project_name', 'p.status as project_status', 'l.is_default', 'l.is_active', 'l.sync_paused_at', 'p.position'])
    .where('l.user_id', '=', userId)
    .orderBy('l.is_default', 'desc')
    .orderBy('p.position')
    .orderBy('l.graph_list_name')
    .execute();
}

/** An active list mapping with its project's name and status (null project = the default list). */
export interface PulledList {
  id: string;
  graphListId: string;
  graphListName: string;
  projectId: string | null;
  isDefault: boolean;
  deltaLink: string | null;
  pausedAt: Date | null;
  project: { name: string; status: ProjectStatus; origin: ProjectOrigin } | null;
}

/** The user's active list mappings, default list first. */
export async function activeLists(ex: Executor, userId: string): Promise<PulledList[]> {
  const rows = await ex
    .selectFrom('project_outlook_lists as l')
    .leftJoin('projects as p', 'p.id', 'l.project_id')
    .select([
      'l.id',
      'l.graph_list_id',
      'l.graph_list_name',
      'l.project_id',
      'l.is_default',
      'l.delta_token',
      'l.sync_paused_at',
      'p.name as project_name',
      'p.status as project_status',
      'p.origin as project_origin',
    ])
    .where('l.user_id', '=', userId)
    .where('l.is_active', '=', true)
    .orderBy('l.is_default', 'desc')
    .orderBy('l.created_at')
    .execute();
  return rows
    .filter((r) => r.is_default || r.project_id !== null)
    .map((r) => ({
      id: r.id,
      graphListId: r.graph_list_id,
      graphListName: r.graph_list_name,
      projectId: r.project_id,
      isDefault: r.is_default,
      deltaLink: r.delta_token,
      pausedAt: r.sync_paused_at,
      project:
        r.project_name !== null && r.project_status !== null && r.project_origin !== null
          ? { name: r.project_name, status: r.project_status, origin: r.project_origin }
          : null,
    }));
}

/**
 * Active mappings whose project was deleted in Planner (project_id set null) and whose
 * project_delete has not removed the list yet. Never pulled; read only (pull-full-sync).
 */
export async function listsOfDeletedProjects(ex: Executor, userId: string): Promise<PulledList[]> {
  const rows = await ex
    .selectFrom('project_outlook_lists')
    .select(['id', 'graph_list_id', 'graph_list_name', 'delta_token', 'sync_paused_at'])
    .where('user_id', '=', userId)
    .where('is_active', '=', true)
    .where('is_default', '=', false)
    .where('project_id', 'is', null)
    .execute();
  return rows.map((r) => ({
    id: r.id,
    graphListId: r.graph_list_id,
    graphListName: r.graph_list_name,
    projectId: null,
    isDefault: false,
    deltaLink: r.delta_token,
    pausedAt: r.sync_paused_at,
    project: null,
  }));
}

/** Saves the list's cursor once its changes were applied; `resume` also lifts a mass-delete pause. */
export async function saveTaskCursor(ex: Executor, mappingId: string, deltaLink: string | null, options: { resume?: boolean } = {}): Promise<void> {
  await ex
    .updateTable('project_outlook_lists')
    .set({
      delta_token: deltaLink,
      last_synced_at: sql<Date>`now()`,
      ...(options.resume ? { sync_paused_at: null, sync_paused_reason: null } : {}),
    })
    .where('id', '=', mappingId)
    .execute();
}

export async function setGraphListName(ex: Executor, mappingId: string, name: string): Promise<void> {
  await ex.updateTable('project_outlook_lists').set({ graph_list_name: name }).where('id', '=', mappingId).execute();
}

/** The mass-delete guard tripped: stop pulling this list until a person resumes it. */
export async function pauseList(ex: Executor, mappingId: string, reason: string): Promise<void> {
  await ex
    .updateTable('project_outlook_lists')
    .set({ sync_paused_at: sql<Date>`now()`, sync_paused_reason: reason.slice(0, 500) })
    .where('id', '=', mappingId)
    .execute();
}

/** Marks a mapping archived (closed project whose list is gone). */
export async function deactivateList(ex: Executor, mappingId: string): Promise<void> {
  await ex
    .updateTable('project_outlook_lists')
    .set({ is_active: false, delta_token: null, subscription_id: null, subscription_expires_at: null, subscription_client_state: null })
    .where('id', '=', mappingId)
    .execute();
}

/** The user's mapping of a To Do list, active or not. */
export async function findMappingByListId(ex: Executor, userId: string, graphListId: string): Promise<ProjectOutlookList | undefined> {
  return ex.selectFrom('project_outlook_lists').selectAll().where('user_id', '=', userId).where('graph_list_id', '=', graphListId).executeTakeFirst();
}

/** A project's mapping, active or not. */
export async function findMappingOfProject(ex: Executor, projectId: string): Promise<ProjectOutlookList | undefined> {
  return ex.selectFrom('project_outlook_lists').selectAll().where('project_id', '=', projectId).executeTakeFirst();
}

export async function deleteMapping(ex: Executor, mappingId: string): Promise<void> {
  await ex.deleteFrom('project_outlook_lists').where('id', '=', mappingId).execute();
}

/** Mappings whose project was deleted (project_id set null), the default list aside. */
export async function listOrphanMappings(ex: Executor, userId: string): Promise<ProjectOutlookList[]> {
  return ex.selectFrom('project_outlook_lists').selectAll().where('user_id', '=', userId).where('project_id', 'is', null).where('is_default', '=', false).execute();
}

/** The subscription id recorded on a mapping. */
export async function subscriptionIdOfMapping(ex: Executor, mappingId: string): Promise<string | null> {
  const row = await ex.selectFrom('project_outlook_lists').select('subscription_id').where('id', '=', mappingId).executeTakeFirst();
  return row?.subscription_id ?? null;
}

/** The default list's mapping (its id, list and whether active), if any. */
export async function findDefaultMapping(ex: Executor, userId: string): Promise<{ id: string; graph_list_id: string; is_active: boolean } | undefined> {
  return ex
    .selectFrom('project_outlook_lists')
    .select(['id', 'graph_list_id', 'is_active'])
    .where('user_id', '=', userId)
    .where('is_default', '=', true)
    .executeTakeFirst();
}

/**
 * Points the default mapping at a new list, only if it still names `fromListId`
 * (compare-and-swap against a concurrent re-provisioning); resets its per-list state.
 */
export async function swapDefaultMappingList(ex: Executor, mappingId: string, fromListId: string, to: { id: string; displayName: string }): Promise<boolean> {
  const result = await ex
    .updateTable('project_outlook_lists')
    .set({ graph_list_id: to.id, graph_list_name: to.displayName, is_active: true, delta_token: null, subscription_id: null, subscription_expires_at: null, subscription_client_state: null, sync_paused_at: null, sync_paused_reason: null })
    .where('id', '=', mappingId)
    .where('graph_list_id', '=', fromListId)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Marks a mapping active again, its list read from scratch (a closed project's list to archive after a disconnect). */
export async function reactivateMapping(ex: Executor, mappingId: string): Promise<void> {
  await ex.updateTable('project_outlook_lists').set({ is_active: true, delta_token: null }).where('id', '=', mappingId).execute();
}

/** Records lists Planner leaves alone (never made into projects; decision 0060). Idempotent. */
export async function leaveOutLists(ex: Executor, userId: string, listIds: string[], reason: LeftOutReason): Promise<void> {
  if (listIds.length === 0) return;
  await ex
    .insertInto('outlook_lists_left_out')
    .values(listIds.map((graph_list_id) => ({ user_id: userId, graph_list_id, reason })))
    .onConflict((oc) => oc.columns(['user_id', 'graph_list_id']).doNothing())
    .execute();
}

/** Lists Planner knows: held by a mapping (active or archived) or left out. */
export async function knownListIds(ex: Executor, userId: string): Promise<Set<string>> {
  const [mapped, leftOut] = await Promise.all([
    listMappedListIds(ex, userId),
    ex.selectFrom('outlook_lists_left_out').select('graph_list_id').where('user_id', '=', userId).execute(),
  ]);
  return new Set([...mapped, ...leftOut.map((r) => r.graph_list_id)]);
}

/** A left-out list deleted in To Do: nothing to remember any more. */
export async function forgetLeftOutList(ex: Executor, userId: string, listId: string): Promise<void> {
  await ex.deleteFrom('outlook_lists_left_out').where('user_id', '=', userId).where('graph_list_id', '=', listId).execute();
}
