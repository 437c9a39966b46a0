/**
 * SQL for task_sync_state: the link between a Planner task and its To Do copy
 * (graph_task_id, graph_list_id, graph_etag), the last-synced snapshot (the base
 * of the three-way merge) and synced_version (dirty versioning).
 *
 * One row per task (task_id unique). A row may carry only a pending-create marker
 * (pending_create_list_id, graph_task_id null): a create POST into that list may
 * have gone through, so the next attempt searches the list by externalId first.
 */
import { sql } from 'kysely';
import type { Executor } from './client';
import type { TaskSyncState } from './schema';

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

/** Forgets every task copy in one To Do list (the list was archived or deleted). Returns how many. */
export async function deleteSyncStatesOfList(ex: Executor, userId: string, graphListId: string): Promise<number> {
  const result = await ex
    .deleteFrom('task_sync_state')
    .where('user_id', '=', userId)
    .where((eb) =>
      eb.or([
        eb('graph_list_id', '=', graphListId),
        eb.and([eb('graph_task_id', 'is', null), eb('pending_create_list_id', '=', graphListId)]),
      ]),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
