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
import type { DB, StepBaseRow, TaskSyncState } from './schema';

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

/** A successful push: the copy it wrote and the new base. */
export interface PushedState extends Omit<SyncedState, 'direction' | 'syncedVersion'> {
  /** tasks.version the push carried (capturePushVersion). */
  capturedVersion: number;
}

/**
 * The one writer of a synced task_sync_state row (push and pull both): the mapping, the
 * new base, synced_version = max(synced_version, given) so it never moves backwards, and
 * last_error / copy_missing_at cleared. A push also clears the pending-create marker
 * (its copy is recorded now); a pull leaves it to the push that set it.
 */
async function writeSyncedState(ex: Executor, s: SyncedState) {
  const values = {
    user_id: s.userId,
    task_id: s.taskId,
    graph_task_id: s.graphTaskId,
    graph_list_id: s.graphListId,
    graph_etag: s.graphEtag,
    last_sync_direction: s.direction,
    snapshot: JSON.stringify(s.snapshot),
    snapshot_hash: s.snapshotHash,
    remote_modified_at: s.remoteModifiedAt,
    last_synced_at: sql<Date>`now()`,
    last_error: null,
    copy_missing_at: null,
    ...(s.syncedVersion !== undefined ? { synced_version: s.syncedVersion } : {}),
    ...(s.stepsBase !== undefined ? { steps_base: s.stepsBase === null ? null : JSON.stringify(s.stepsBase) } : {}),
    ...(s.direction === 'push' ? { pending_create_list_id: null, pending_create_at: null } : {}),
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

interface SyncedState {
  userId: string;
  taskId: string;
  graphTaskId: string;
  graphListId: string;
  /** Null when the copy did not come back equal to the base (the next pull must compare fields). */
  graphEtag: string | null;
  /** The base, as snapshotColumns (src/sync/snapshot.ts) stores it. */
  snapshot: unknown;
  snapshotHash: string;
  remoteModifiedAt: string | null;
  direction: 'push' | 'pull';
  /** Raised to this (never lowered); left alone when absent. */
  syncedVersion?: number;
  /** The steps as now synced (null: never); left alone when absent. */
  stepsBase?: StepBaseRow[] | null;
}

/** Saves the outcome of a successful push (synced_version = the version it carried). */
export async function savePushedState(ex: Executor, s: PushedState): Promise<TaskSyncState> {
  const { capturedVersion, ...rest } = s;
  return writeSyncedState(ex, { ...rest, direction: 'push', syncedVersion: capturedVersion });
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
      // The pending-create marker stays: a copy an interrupted create or move POSTed is
      // still ours to adopt (or delete) after the reconnect (rows pull.interrupted-push.*).
      // The copies are unknown now: a push waits for the reconnect's full_sync to relink
      // them by externalId before it creates anything (rows push.copy-missing.*).
      copy_missing_at: sql<Date>`now()`,
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

export async function findStateByGraphId(ex: Executor, userId: string, graphTaskId: string): Promise<TaskSyncState | undefined> {
  return ex
    .selectFrom('task_sync_state')
    .selectAll()
    .where('user_id', '=', userId)
    .where('graph_task_id', '=', graphTaskId)
    .executeTakeFirst();
}

export async function findStateOfTask(ex: Executor, taskId: string): Promise<TaskSyncState | undefined> {
  return ex.selectFrom('task_sync_state').selectAll().where('task_id', '=', taskId).executeTakeFirst();
}

export interface StoredCopy {
  graphListId: string | null;
  etag: string | null;
  openOutcome: boolean;
}

/**
 * The stored copies under the given Graph task ids of one user, keyed by Graph id: the
 * list, the etag and whether a create or PATCH outcome is still open (the webhook's echo
 * check, src/sync/plan/notification.ts). Served by task_sync_state_graph_task_key.
 */
export async function storedCopiesByGraphIds(ex: Executor, userId: string, graphTaskIds: string[]): Promise<Map<string, StoredCopy>> {
  const result = new Map<string, StoredCopy>();
  for (let i = 0; i < graphTaskIds.length; i += 500) {
    const rows = await ex
      .selectFrom('task_sync_state')
      .select(['graph_task_id', 'graph_list_id', 'graph_etag', 'pending_create_list_id', 'copy_missing_at'])
      .where('user_id', '=', userId)
      .where('graph_task_id', 'in', graphTaskIds.slice(i, i + 500))
      .execute();
    for (const r of rows) {
      result.set(r.graph_task_id!, {
        graphListId: r.graph_list_id,
        etag: r.graph_etag,
        openOutcome: r.pending_create_list_id !== null || r.copy_missing_at !== null,
      });
    }
  }
  return result;
}

/** task_id by graph_task_id for the given Graph ids of the user. */
export async function statesByGraphIds(ex: Executor, userId: string, graphTaskIds: string[]): Promise<Map<string, string>> {
  const result = new Map<string, string>();
  for (let i = 0; i < graphTaskIds.length; i += 500) {
    const rows = await ex
      .selectFrom('task_sync_state')
      .select(['task_id', 'graph_task_id'])
      .where('user_id', '=', userId)
      .where('graph_task_id', 'in', graphTaskIds.slice(i, i + 500))
      .execute();
    for (const r of rows) result.set(r.graph_task_id!, r.task_id);
  }
  return result;
}

/** Linked tasks of one list (graph id set), with whether Planner still has them. */
export async function linkedTasksOfList(ex: Executor, userId: string, graphListId: string) {
  return ex
    .selectFrom('task_sync_state as s')
    .innerJoin('tasks as t', 't.id', 's.task_id')
    .select(['s.task_id', 's.graph_task_id', 't.deleted_at'])
    .where('s.user_id', '=', userId)
    .where('s.graph_list_id', '=', graphListId)
    .where('s.graph_task_id', 'is not', null)
    .execute();
}

/** The state a pull saves after applying a remote change (or confirming nothing changed). */
export interface PulledState extends Omit<SyncedState, 'direction' | 'graphEtag'> {
  etag: string | null;
}

/** Saves the new base after applying a remote change (or confirming nothing changed). */
export async function savePulledState(ex: Executor, s: PulledState): Promise<void> {
  const { etag, ...rest } = s;
  await writeSyncedState(ex, { ...rest, graphEtag: etag, direction: 'pull' });
}

/** Only the etag / remote time moved (our own echo, or a change to fields Planner does not model). */
export async function touchPulledEtag(ex: Executor, taskId: string, etag: string | null, remoteModifiedAt: string | null): Promise<void> {
  await ex
    .updateTable('task_sync_state')
    .set({ graph_etag: etag, remote_modified_at: remoteModifiedAt })
    .where('task_id', '=', taskId)
    .execute();
}
