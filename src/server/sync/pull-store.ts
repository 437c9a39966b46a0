/**
 * The pull's reads and writes of Planner's sync tables (cursors, mappings, task
 * sync state). Task and project rows change only through the *FromRemote
 * repository functions, which never enqueue (nothing echoes back to To Do).
 */
import { sql } from 'kysely';
import type { Executor } from '../../db/client';
import type { JobAction, ProjectStatus, TaskSyncState } from '../../db/schema';
import { enqueueTaskSyncJob } from '../../jobs/queue';
import type { TaskFields } from '../../sync/types';
import { snapshotColumns } from '../../sync/snapshot';

/** An active list mapping with its project's name and status (null project = the default list). */
export interface PulledList {
  id: string;
  graphListId: string;
  graphListName: string;
  projectId: string | null;
  isDefault: boolean;
  deltaLink: string | null;
  pausedAt: Date | null;
  project: { name: string; status: ProjectStatus } | null;
}

export async function readListsCursor(ex: Executor, userId: string): Promise<string | null> {
  const row = await ex.selectFrom('outlook_connections').select('delta_token').where('user_id', '=', userId).executeTakeFirst();
  return row?.delta_token ?? null;
}

export async function saveListsCursor(ex: Executor, userId: string, deltaLink: string | null): Promise<void> {
  await ex.updateTable('outlook_connections').set({ delta_token: deltaLink }).where('user_id', '=', userId).execute();
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
      project: r.project_name !== null && r.project_status !== null ? { name: r.project_name, status: r.project_status } : null,
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

export interface PulledState {
  userId: string;
  taskId: string;
  graphTaskId: string;
  graphListId: string;
  etag: string | null;
  base: TaskFields;
  remoteModifiedAt: string | null;
  /** Set when the Planner row was (re)written from To Do; keeps a clean task clean. */
  syncedVersion?: number;
}

/** Saves the new base after applying a remote change (or confirming nothing changed). */
export async function savePulledState(ex: Executor, s: PulledState): Promise<void> {
  const { snapshot, snapshot_hash } = snapshotColumns(s.base);
  const values = {
    user_id: s.userId,
    task_id: s.taskId,
    graph_task_id: s.graphTaskId,
    graph_list_id: s.graphListId,
    graph_etag: s.etag,
    last_sync_direction: 'pull' as const,
    snapshot: JSON.stringify(snapshot),
    snapshot_hash,
    remote_modified_at: s.remoteModifiedAt,
    last_synced_at: sql<Date>`now()`,
    last_error: null,
    copy_missing_at: null,
    ...(s.syncedVersion !== undefined ? { synced_version: s.syncedVersion } : {}),
  };
  await ex
    .insertInto('task_sync_state')
    .values(values)
    .onConflict((oc) =>
      oc.column('task_id').doUpdateSet({
        ...values,
        synced_version: sql<number>`greatest(task_sync_state.synced_version, excluded.synced_version)`,
      }),
    )
    .execute();
}

/** Only the etag / remote time moved (our own echo, or a change to fields Planner does not model). */
export async function touchPulledEtag(ex: Executor, taskId: string, etag: string | null, remoteModifiedAt: string | null): Promise<void> {
  await ex
    .updateTable('task_sync_state')
    .set({ graph_etag: etag, remote_modified_at: remoteModifiedAt })
    .where('task_id', '=', taskId)
    .execute();
}

/** Forgets a task's To Do copy: the same delete the push side uses. */
export { deleteSyncState as forgetState } from '../../db/sync-state-repository';

/** Forgets every task copy in one To Do list (it is gone): the rule the push side uses too. */
export { deleteSyncStatesOfList as forgetStatesOfList } from '../../db/sync-state-repository';

/**
 * Edit beats delete: the task deleted in Planner was edited in To Do, so it comes
 * back with the remote fields. No version bump, no job.
 */
export async function restoreTaskFromRemote(ex: Executor, taskId: string, fields: TaskFields, projectId: string | null) {
  return ex
    .updateTable('tasks')
    .set({
      deleted_at: null,
      project_id: projectId,
      title: fields.title,
      notes: fields.notes,
      due_date: fields.due_date,
      priority: fields.priority,
      completed: fields.completed,
      completed_at: fields.completed ? (fields.completed_at ?? sql<Date>`now()`) : null,
    })
    .where('id', '=', taskId)
    .returningAll()
    .executeTakeFirst();
}

/** Pending jobs of these actions for the task become 'skipped' (superseded by a remote change). */
export async function skipPendingJobs(ex: Executor, taskId: string, actions: ('create' | 'update' | 'delete')[], reason: string): Promise<void> {
  await ex
    .updateTable('task_sync_jobs')
    .set({ status: 'skipped', last_error: reason, completed_at: sql<Date>`now()` })
    .where('task_id', '=', taskId)
    .where('action', 'in', actions)
    .where('status', '=', 'pending')
    .execute();
}

/**
 * Names a To Do copy on the task's active delete job(s), so the job deletes it even when
 * no sync state maps it (a copy detached by a disconnect, or never recorded). True when
 * a delete job was active.
 */
export async function addCopyToActiveDelete(ex: Executor, taskId: string, copy: { graphTaskId: string; graphListId: string }): Promise<boolean> {
  const result = await ex
    .updateTable('task_sync_jobs')
    .set({ payload: sql`payload || ${JSON.stringify({ extraCopies: [copy] })}::jsonb` })
    .where('task_id', '=', taskId)
    .where('action', '=', 'delete')
    .where('status', 'in', ['pending', 'processing'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function hasActiveJob(ex: Executor, taskId: string, action: JobAction | JobAction[]): Promise<boolean> {
  const row = await ex
    .selectFrom('task_sync_jobs')
    .select('id')
    .where('task_id', '=', taskId)
    .where('action', 'in', Array.isArray(action) ? action : [action])
    .where('status', 'in', ['pending', 'processing'])
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Leaves a task to the push: queues an `update` for it unless a create or update of it
 * is already queued or running (it will adopt or move the copy the pull left alone).
 */
export async function queuePushUnlessActive(ex: Executor, input: { userId: string; taskId: string; projectId: string | null; reason: string }): Promise<void> {
  if (await hasActiveJob(ex, input.taskId, ['update', 'create'])) return;
  await enqueueTaskSyncJob(ex, { userId: input.userId, action: 'update', taskId: input.taskId, projectId: input.projectId, payload: { reason: input.reason } });
}

/** Open, undeleted tasks of a project (or of the Inbox when null): what a re-provisioned list receives. */
export async function openTaskIds(ex: Executor, userId: string, projectId: string | null): Promise<string[]> {
  const rows = await ex
    .selectFrom('tasks')
    .select('id')
    .where('user_id', '=', userId)
    .where(projectId === null ? sql<boolean>`project_id is null` : sql<boolean>`project_id = ${projectId}`)
    .where('deleted_at', 'is', null)
    .where('completed', '=', false)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.id);
}

export async function markFullSyncDone(ex: Executor, userId: string): Promise<void> {
  await ex
    .updateTable('outlook_connections')
    .set({ last_full_sync_at: sql<Date>`now()`, last_sync_at: sql<Date>`now()`, last_error: null, last_error_at: null })
    .where('user_id', '=', userId)
    .execute();
}
