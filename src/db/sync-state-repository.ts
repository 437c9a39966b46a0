/**
 * SQL for task_sync_state: the link between a Planner task and its To Do copy
 * (graph_task_id, graph_list_id, graph_etag), the last-synced snapshot (the base
 * of the three-way merge) and synced_version (dirty versioning).
 *
 * One row per task (task_id unique). A row may carry only a pending-create marker
 * (pending_create_list_id, graph_task_id null): a create POST into that list may
 * have gone through, so the next attempt searches the list by externalId first.
 */
import { sql, type ExpressionBuilder } from 'kysely';
import type { Executor } from './client';
import type { DB, TaskSyncState } from './schema';

export async function findSyncState(ex: Executor, taskId: string): Promise<TaskSyncState | undefined> {
  return ex.selectFrom('task_sync_state').selectAll().where('task_id', '=', taskId).executeTakeFirst();
}

/** Sync states of several tasks, keyed by task id. */
export async function findSyncStates(ex: Executor, taskIds: string[]): Promise<Map<string, TaskSyncState>> {
  if (taskIds.length === 0) return new Map();
  const rows = await ex.selectFrom('task_sync_state').selectAll().where('task_id', 'in', taskIds).execute();
  return new Map(rows.map((r) => [r.task_id, r]));
}

/**
 * Records that a create POST into `listId` is about to be sent (before sending it).
 * Keeps an existing mapping untouched, so it is safe to call for a move too.
 */
export async function markPendingCreate(ex: Executor, input: { userId: string; taskIds: string[]; listId: string }): Promise<void> {
  if (input.taskIds.length === 0) return;
  await ex
    .insertInto('task_sync_state')
    .values(input.taskIds.map((taskId) => ({ user_id: input.userId, task_id: taskId, pending_create_list_id: input.listId, pending_create_at: sql<Date>`now()` })))
    .onConflict((oc) =>
      oc.column('task_id').doUpdateSet({
        pending_create_list_id: (eb) => eb.ref('excluded.pending_create_list_id'),
        pending_create_at: sql<Date>`now()`,
      }),
    )
    .execute();
}

export interface PushedState {
  userId: string;
  taskId: string;
  graphTaskId: string;
  graphListId: string;
  /** Null when the remote did not come back equal to what we sent (the pull must compare fields). */
  graphEtag: string | null;
  snapshot: unknown;
  snapshotHash: string;
  /** tasks.version the push carried (capturePushVersion). */
  capturedVersion: number;
  remoteModifiedAt: string | null;
}

/**
 * Saves the outcome of a successful push: the mapping, the new base and
 * synced_version = max(synced_version, captured) (syncedVersionAfterPush, in SQL so
 * it never moves backwards). Clears the pending-create marker and last_error.
 */
export async function savePushedState(ex: Executor, s: PushedState): Promise<TaskSyncState> {
  const values = {
    user_id: s.userId,
    task_id: s.taskId,
    graph_task_id: s.graphTaskId,
    graph_list_id: s.graphListId,
    graph_etag: s.graphEtag,
    last_sync_direction: 'push' as const,
    snapshot: JSON.stringify(s.snapshot),
    snapshot_hash: s.snapshotHash,
    synced_version: s.capturedVersion,
    remote_modified_at: s.remoteModifiedAt,
    last_synced_at: sql<Date>`now()`,
    last_error: null,
    pending_create_list_id: null,
    pending_create_at: null,
    copy_missing_at: null,
  };
  return ex
    .insertInto('task_sync_state')
    .values(values)
    .onConflict((oc) =>
      oc.column('task_id').doUpdateSet({
        ...values,
        synced_version: sql<number>`greatest(task_sync_state.synced_version, excluded.synced_version)`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Marks a task clean without a Graph write (nothing changed since the base). */
export async function recordSyncedVersion(ex: Executor, taskId: string, capturedVersion: number): Promise<void> {
  await ex
    .updateTable('task_sync_state')
    .set({ synced_version: sql<number>`greatest(synced_version, ${capturedVersion})` })
    .where('task_id', '=', taskId)
    .execute();
}

/** Forgets a task's To Do copy (after it was deleted there, or its list was archived). */
export async function deleteSyncState(ex: Executor, taskId: string): Promise<void> {
  await ex.deleteFrom('task_sync_state').where('task_id', '=', taskId).execute();
}

/**
 * Forgets every task copy in one To Do list (the list was archived, deleted in
 * Planner or deleted in Outlook): the one rule both sync directions use. Returns how
 * many task rows lost a copy or a marker.
 *  - a row whose copy is in the list loses its mapping; if it also carries a
 *    pending-create marker for ANOTHER list (a move whose worker died after its
 *    POST), the row stays with that marker, so the next push or delete still finds
 *    the copy the POST made there;
 *  - a row that is only a marker for this list is deleted;
 *  - a row whose copy is elsewhere loses a marker that points at this list.
 */
export async function deleteSyncStatesOfList(ex: Executor, userId: string, graphListId: string): Promise<number> {
  const inList = (eb: ExpressionBuilder<DB, 'task_sync_state'>) =>
    eb.or([eb('graph_list_id', '=', graphListId), eb.and([eb('graph_task_id', 'is', null), eb('pending_create_list_id', '=', graphListId)])]);
  const pendingElsewhere = (eb: ExpressionBuilder<DB, 'task_sync_state'>) =>
    eb.and([eb('pending_create_list_id', 'is not', null), eb('pending_create_list_id', '!=', graphListId)]);
  const kept = await ex
    .updateTable('task_sync_state')
    .set({ graph_task_id: null, graph_list_id: null, graph_etag: null, copy_missing_at: null })
    .where('user_id', '=', userId)
    .where('graph_list_id', '=', graphListId)
    .where(pendingElsewhere)
    .executeTakeFirst();
  const deleted = await ex
    .deleteFrom('task_sync_state')
    .where('user_id', '=', userId)
    .where(inList)
    .where((eb) => eb.not(pendingElsewhere(eb)))
    .executeTakeFirst();
  const unmarked = await ex
    .updateTable('task_sync_state')
    .set({ pending_create_list_id: null, pending_create_at: null })
    .where('user_id', '=', userId)
    .where('pending_create_list_id', '=', graphListId)
    .where('graph_task_id', 'is not', null)
    .executeTakeFirst();
  return Number(kept.numUpdatedRows) + Number(deleted.numDeletedRows) + Number(unmarked.numUpdatedRows);
}

/**
 * Disconnect: every Graph link of the user's tasks goes (guide §5: the connection and
 * its mappings are removed), but each task's last-synced base stays, graph ids
 * cleared. After a reconnect the pull finds the copies again by their linkedResource
 * externalId and merges three-way against that base, so an edit made on either side
 * while disconnected keeps its field instead of a whole-task "later edit wins".
 * Rows that hold no base (only a pending-create marker) are deleted. Returns the bases kept.
 */
export async function detachSyncStates(ex: Executor, userId: string): Promise<number> {
  await ex.deleteFrom('task_sync_state').where('user_id', '=', userId).where('snapshot', 'is', null).execute();
  const kept = await ex
    .updateTable('task_sync_state')
    .set({
      graph_task_id: null,
      graph_list_id: null,
      graph_etag: null,
      pending_create_list_id: null,
      pending_create_at: null,
      copy_missing_at: null,
      last_error: null,
    })
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(kept.numUpdatedRows);
}

/** Task ids of the user's sync states whose Planner task no longer exists (deleted with its project). */
export async function findOrphanedSyncStates(ex: Executor, userId: string): Promise<string[]> {
  const rows = await ex
    .selectFrom('task_sync_state as s')
    .select('s.task_id')
    .where('s.user_id', '=', userId)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('tasks as t').select('t.id').whereRef('t.id', '=', 's.task_id'))))
    .execute();
  return rows.map((r) => r.task_id);
}

/**
 * The copy answered 404 to a PATCH: remember since when (the first time only), so the
 * push can tell whether a full_sync has looked for a move since (copy_missing_at).
 */
export async function markCopyMissing(ex: Executor, taskId: string): Promise<Date | null> {
  const row = await ex
    .updateTable('task_sync_state')
    .set({ copy_missing_at: sql<Date>`coalesce(copy_missing_at, now())` })
    .where('task_id', '=', taskId)
    .returning('copy_missing_at')
    .executeTakeFirst();
  return row?.copy_missing_at ? new Date(row.copy_missing_at) : null;
}
