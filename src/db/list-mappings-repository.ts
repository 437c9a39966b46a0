/**
 * SQL for project_outlook_lists: which To Do list each project (or the Inbox,
 * is_default) syncs with, and that list's cursor and pause state. Subscription
 * columns have their own module (subscriptions-repository.ts).
 */
import type { Executor, Tx } from './client';
import type { ProjectOutlookList } from './schema';

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
