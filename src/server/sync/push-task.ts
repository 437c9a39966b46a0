/**
 * Brings a task's To Do copy in step with Planner (guide §6.4): what the `create` and
 * `update` jobs run. The same rules serve both, since a create retried after it went
 * through is an update, and an update of a task never pushed is a create:
 *
 *   task gone or deleted                → skipped (a delete job removes the copy)
 *   project closed                      → skipped; a copy left in another list is deleted
 *   no copy yet                         → create it (idempotent, decision 0023)
 *   copy in another list (moved)        → create in the new list, delete the old, remap
 *   copy in its list                    → PATCH only the fields changed since the base;
 *                                         nothing changed → no Graph write; 404 → recreate
 */
import type { Task, TaskSyncState } from '../../db/schema';
import { deleteSyncState, findSyncState, recordSyncedVersion } from '../../db/sync-state-repository';
import { findTaskById } from '../../db/tasks-repository';
import { GraphError } from '../../graph';
import { completed, skipped, type JobOutcome } from '../../jobs/types';
import { capturePushVersion, isTaskDirty } from '../../sync/dirty-version';
import { changedFields } from '../../sync/normalise';
import { parseTaskSnapshot } from '../../sync/snapshot';
import { COMPARED_FIELDS } from '../../sync/types';
import { requestOpenTasksPush } from './push-open-tasks';
import type { PushContext } from './push-deps';
import { resolveTaskList } from './push-lists';
import { createCopyIdempotently, patchFor, savePushed, taskFieldsOf } from './push-task-copy';

export async function pushTaskToTodo(pc: PushContext, taskId: string): Promise<JobOutcome> {
  const task = await findTaskById(pc.deps.outlook.db, taskId);
  if (!task || task.user_id !== pc.userId) return skipped('task no longer exists');
  if (task.deleted_at) return skipped('task is deleted: its delete job removes the To Do copy');
  const state = await findSyncState(pc.deps.outlook.db, task.id);
  const target = await resolveTaskList(pc, task.project_id);
  if (target.kind === 'project_gone') return skipped('project no longer exists');
  if (target.kind === 'closed') return skipClosedProjectTask(pc, task, state, target.projectStatus);
  if (target.provisioned && target.previousListId) await requestOpenTasksPush(pc, task.project_id);
  if (!state?.graph_task_id) return createCopy(pc, task, state, target.listId);
  if (state.graph_list_id !== target.listId) return moveCopy(pc, task, state, target.listId);
  return patchCopy(pc, task, state, target.listId);
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
async function moveCopy(pc: PushContext, task: Task, state: TaskSyncState, listId: string): Promise<JobOutcome> {
  const capturedVersion = capturePushVersion(task);
  const { remote, adopted } = await createCopyIdempotently(pc, task, state, listId);
  const old = await pc.graph.tasks.delete(state.graph_list_id!, state.graph_task_id!);
  await savePushed(pc, { task, listId, remote, capturedVersion });
  return completed({ graphTaskId: remote.id, listId, movedFrom: state.graph_list_id, oldCopy: old, adopted });
}

async function patchCopy(pc: PushContext, task: Task, state: TaskSyncState, listId: string): Promise<JobOutcome> {
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
  try {
    const remote = await pc.graph.tasks.patch(listId, state.graph_task_id!, patchFor(pc, fields, changed));
    await savePushed(pc, { task, listId, remote, capturedVersion, fields });
    return completed({ graphTaskId: remote.id, patched: changed });
  } catch (error) {
    if (!(error instanceof GraphError && error.status === 404)) throw error;
    pc.log.info({ taskId: task.id, graphTaskId: state.graph_task_id }, 'To Do copy is gone (404): recreating it');
    return createCopy(pc, task, { ...state, graph_task_id: null }, listId);
  }
}

/** Closed project: nothing is pushed. A copy still in some list is removed so no pull moves it back. */
async function skipClosedProjectTask(pc: PushContext, task: Task, state: TaskSyncState | undefined, status: string): Promise<JobOutcome> {
  if (state?.graph_task_id && state.graph_list_id) {
    await pc.graph.tasks.delete(state.graph_list_id, state.graph_task_id);
    await deleteSyncState(pc.deps.outlook.db, task.id);
  }
  return skipped(`project is ${status}: its tasks are not synced`);
}
