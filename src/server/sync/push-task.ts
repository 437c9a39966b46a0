/**
 * Brings a task's To Do copy in step with Planner (guide §6.4): what the `create` and
 * `update` jobs run. The same rules serve both, since a create retried after it went
 * through is an update, and an update of a task never pushed is a create:
 *
 *   task gone or deleted                → skipped (a delete job removes the copy)
 *   project closed                      → skipped; a copy left in another list is deleted
 *   no copy yet                         → create it (idempotent, decision 0023)
 *   copy in another list (moved)        → the old copy still there (GET)? create in the new
 *                                         list, delete the old, remap; gone → as a 404
 *   copy in its list                    → PATCH only the fields changed since the base;
 *                                         nothing changed → no Graph write
 *   PATCH answers 412 (If-Match)        → edited in Outlook since the base: queue a
 *                                         full_sync (it merges both sides), push after it
 *   PATCH answers 404                   → the copy was deleted OR moved in Outlook (a moved
 *                                         task gets a new id): queue a full_sync and wait for
 *                                         it; it re-links a moved copy or applies the
 *                                         deletion. Still missing after it → recreate.
 */
import type { Task, TaskSyncState } from '../../db/schema';
import { deleteSyncState, findSyncState, markCopyMissing, recordSyncedVersion } from '../../db/sync-state-repository';
import { findTaskById } from '../../db/tasks-repository';
import { GraphError } from '../../graph';
import { enqueueTaskSyncJob, JOB_PRIORITY } from '../../jobs/queue';
import { completed, deferred, skipped, type JobOutcome } from '../../jobs/types';
import { capturePushVersion, isTaskDirty } from '../../sync/dirty-version';
import { changedFields } from '../../sync/normalise';
import { parseTaskSnapshot } from '../../sync/snapshot';
import { COMPARED_FIELDS } from '../../sync/types';
import { requestOpenTasksPush } from './push-open-tasks';
import type { PushContext } from './push-deps';
import { resolveTaskList } from './push-lists';
import { createCopyIdempotently, patchFor, savePushed, taskFieldsOf } from './push-task-copy';

/** How long a push waits for the full_sync it queued (after a 404 or a 412) before looking again. */
export const PULL_RECHECK_MS = 1_500;

export interface PushTaskOptions {
  /** The job's last attempt: a copy still missing is recreated without waiting for a pull. */
  lastAttempt?: boolean;
}

export async function pushTaskToTodo(pc: PushContext, taskId: string, options: PushTaskOptions = {}): Promise<JobOutcome> {
  const task = await findTaskById(pc.deps.outlook.db, taskId);
  if (!task || task.user_id !== pc.userId) return skipped('task no longer exists');
  if (task.deleted_at) return skipped('task is deleted: its delete job removes the To Do copy');
  const state = await findSyncState(pc.deps.outlook.db, task.id);
  const target = await resolveTaskList(pc, task.project_id);
  if (target.kind === 'project_gone') return skipped('project no longer exists');
  if (target.kind === 'closed') return skipClosedProjectTask(pc, task, state, target.projectStatus);
  if (target.provisioned && target.previousListId) await requestOpenTasksPush(pc, task.project_id);
  if (!state?.graph_task_id) return createCopy(pc, task, state, target.listId);
  if (state.copy_missing_at) return resolveMissingCopy(pc, task, state, target.listId, options);
  if (state.graph_list_id !== target.listId) return moveCopy(pc, task, state, target.listId, options);
  return patchCopy(pc, task, state, target.listId, options);
}

async function createCopy(pc: PushContext, task: Task, state: TaskSyncState | undefined, listId: string): Promise<JobOutcome> {
  const capturedVersion = capturePushVersion(task);
  const { remote, adopted } = await createCopyIdempotently(pc, task, state, listId);
  await savePushed(pc, { task, listId, remote, capturedVersion });
  return completed({ graphTaskId: remote.id, listId, created: !adopted, adopted });
}

/**
 * The task moved to another list (Graph gives a moved task a new id). Creates the copy
 * in the new list first, deletes the old one, then remaps: a crash between the steps
 * is retried from the pending-create marker without a duplicate or a lost copy.
 */
async function moveCopy(pc: PushContext, task: Task, state: TaskSyncState, listId: string, options: PushTaskOptions): Promise<JobOutcome> {
  // The old copy may have been moved in Outlook meanwhile (a new id in another list):
  // copying it into the new list now would leave two. Let a pull find it first.
  if (!options.lastAttempt && !(await copyExists(pc, state))) return resolveMissingCopy(pc, task, state, listId, options);
  const capturedVersion = capturePushVersion(task);
  const { remote, adopted } = await createCopyIdempotently(pc, task, state, listId);
  const old = await pc.graph.tasks.delete(state.graph_list_id!, state.graph_task_id!);
  await savePushed(pc, { task, listId, remote, capturedVersion });
  return completed({ graphTaskId: remote.id, listId, movedFrom: state.graph_list_id, oldCopy: old, adopted });
}

/** GET the mapped copy: false on 404. */
async function copyExists(pc: PushContext, state: TaskSyncState): Promise<boolean> {
  try {
    await pc.graph.tasks.get(state.graph_list_id!, state.graph_task_id!);
    return true;
  } catch (error) {
    if (error instanceof GraphError && error.status === 404) return false;
    throw error;
  }
}

async function patchCopy(pc: PushContext, task: Task, state: TaskSyncState, listId: string, options: PushTaskOptions): Promise<JobOutcome> {
  const capturedVersion = capturePushVersion(task);
  const fields = taskFieldsOf(task);
  const base = parseTaskSnapshot(state.snapshot);
  const changed = base ? changedFields(base, fields) : [...COMPARED_FIELDS];
  if (changed.length === 0) {
    if (isTaskDirty({ version: task.version, syncedVersion: state.synced_version })) {
      await recordSyncedVersion(pc.deps.outlook.db, task.id, capturedVersion);
    }
    return completed({ graphTaskId: state.graph_task_id, graphWrites: 0 });
  }
  // If-Match on the etag of the base: a copy edited in Outlook since then is not
  // overwritten blindly (a push held back by throttling would otherwise undo a later
  // Outlook edit). The last attempt writes without it rather than never.
  const ifMatch = options.lastAttempt ? undefined : (state.graph_etag ?? undefined);
  try {
    const remote = await pc.graph.tasks.patch(listId, state.graph_task_id!, patchFor(pc, fields, changed), { ifMatch });
    await savePushed(pc, { task, listId, remote, capturedVersion, fields });
    return completed({ graphTaskId: remote.id, patched: changed });
  } catch (error) {
    if (error instanceof GraphError && error.status === 412) return pullBeforePatch(pc, task, state);
    if (!(error instanceof GraphError && error.status === 404)) throw error;
    return resolveMissingCopy(pc, task, state, listId, options);
  }
}

/**
 * The copy changed in Outlook since the base (412 on If-Match). The pull merges both
 * sides field by field (a field edited on both goes to the later edit, logged as a
 * conflict), so queue a full_sync ahead of this job and push what is left after it.
 */
async function pullBeforePatch(pc: PushContext, task: Task, state: TaskSyncState): Promise<JobOutcome> {
  await enqueueTaskSyncJob(pc.deps.outlook.db, { userId: pc.userId, action: 'full_sync', priority: JOB_PRIORITY.interactive, payload: { reason: 'copy_changed' } });
  pc.log.info({ taskId: task.id, graphTaskId: state.graph_task_id }, 'To Do copy changed since the last sync (412): pulling it before pushing');
  return deferred(new Date(Date.now() + PULL_RECHECK_MS), 'To Do copy changed in Outlook since the last sync (412): merging it first');
}

/**
 * The copy answered 404 (to a PATCH, or to the GET before a move). Recreating it at once would duplicate a task the user moved
 * to another list in Outlook, and revert the move. So the first time, mark the copy
 * missing, queue a full_sync (interactive priority) and wait; once a full_sync claimed
 * after the 404 has finished and the state still names the missing copy, it is gone
 * for good: recreate it (edit beats delete).
 */
async function resolveMissingCopy(pc: PushContext, task: Task, state: TaskSyncState, listId: string, options: PushTaskOptions): Promise<JobOutcome> {
  const db = pc.deps.outlook.db;
  const since = state.copy_missing_at ? new Date(state.copy_missing_at) : null;
  if (options.lastAttempt || (since && (await fullSyncFinishedSince(pc, since)))) {
    pc.log.info({ taskId: task.id, graphTaskId: state.graph_task_id }, 'To Do copy is gone (404, not moved): recreating it');
    return createCopy(pc, task, { ...state, graph_task_id: null }, listId);
  }
  await db.transaction().execute(async (tx) => {
    await markCopyMissing(tx, task.id);
    await enqueueTaskSyncJob(tx, { userId: pc.userId, action: 'full_sync', priority: JOB_PRIORITY.interactive, payload: { reason: 'copy_missing' } });
  });
  pc.log.info({ taskId: task.id, graphTaskId: state.graph_task_id }, 'To Do copy answered 404: waiting for a full_sync to tell a move in Outlook from a deletion');
  return deferred(new Date(Date.now() + PULL_RECHECK_MS), 'To Do copy not found (404): waiting for a full_sync to find whether it moved or was deleted');
}

/** True when a full_sync claimed after `since` has finished (so it looked for the copy after it went missing). */
async function fullSyncFinishedSince(pc: PushContext, since: Date): Promise<boolean> {
  const row = await pc.deps.outlook.db
    .selectFrom('task_sync_jobs')
    .select('id')
    .where('user_id', '=', pc.userId)
    .where('action', '=', 'full_sync')
    .where('status', 'in', ['completed', 'skipped'])
    .where('picked_at', '>', since)
    .executeTakeFirst();
  return row !== undefined;
}

/** Closed project: nothing is pushed. A copy still in some list is removed so no pull moves it back. */
async function skipClosedProjectTask(pc: PushContext, task: Task, state: TaskSyncState | undefined, status: string): Promise<JobOutcome> {
  if (state?.graph_task_id && state.graph_list_id) {
    await pc.graph.tasks.delete(state.graph_list_id, state.graph_task_id);
    await deleteSyncState(pc.deps.outlook.db, task.id);
  }
  return skipped(`project is ${status}: its tasks are not synced`);
}
