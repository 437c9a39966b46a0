/**
 * Applies one present To Do task to Planner (guide §6.6; decision 0018): find the
 * Planner task it belongs to (by graph_task_id, else by the linkedResource
 * externalId, which is how a task moved between To Do lists keeps its identity),
 * run the three-way plan against task_sync_state.snapshot and execute it.
 *
 *  - only remote changes: written to the task WITHOUT a job (no ping-pong);
 *  - local changes too (or a local move): the new base is what To Do holds now
 *    and an update job pushes Planner's side;
 *  - conflicts: the later edit won; each is recorded in sync_conflicts;
 *  - echoes (same etag or same normalised hash): nothing is written;
 *  - a task deleted in Planner but edited in To Do comes back (edit beats delete);
 *    unchanged in To Do, the pending delete runs.
 * The task row is written only at the version the plan read; a local edit made
 * meanwhile makes it plan again.
 */
import { applyRemoteTaskChange, findTask, UUID_PATTERN } from '../../db/tasks-repository';
import type { Task, TaskSyncState } from '../../db/schema';
import { enqueueTaskSyncJob } from '../../jobs/queue';
import { fromGraphTask } from '../../sync/field-mapping';
import { parseTaskSnapshot } from '../../sync/snapshot';
import { planTaskLocation } from '../../sync/task-move';
import { planTaskSync, type TaskSyncPlan } from '../../sync/three-way';
import type { TaskFields } from '../../sync/types';
import { insertConflicts } from './conflicts-store';
import { createLocalFromRemote } from './pull-apply-new';
import { isoOf, localFieldsOf, rowPatchOf, withCompletionTime, type RemoteItem } from './pull-fields';
import type { PullRun } from './pull-run';
import {
  findStateByGraphId,
  findStateOfTask,
  forgetState,
  hasActiveJob,
  queuePushUnlessActive,
  restoreTaskFromRemote,
  savePulledState,
  skipPendingJobs,
  touchPulledEtag,
  type PulledList,
} from './pull-store';

const MAX_PLAN_ATTEMPTS = 3;

export class TaskChangedDuringPullError extends Error {
  readonly name = 'TaskChangedDuringPullError';
}

export async function applyPresentTask(run: PullRun, list: PulledList, item: RemoteItem): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      const linked = await findLinkedTask(run, item);
      if (!linked) return await createLocalFromRemote(run, list, item);
      return await mergeIntoTask(run, list, item, linked);
    } catch (error) {
      if (!(error instanceof TaskChangedDuringPullError) || attempt >= MAX_PLAN_ATTEMPTS) throw error;
    }
  }
}

interface Linked {
  task: Task | undefined;
  taskId: string;
  state: TaskSyncState | undefined;
}

/** The Planner task this To Do task is: by its Graph id, else by our linkedResource externalId. */
async function findLinkedTask(run: PullRun, item: RemoteItem): Promise<Linked | undefined> {
  const db = run.ctx.deps.outlook.db;
  const byId = await findStateByGraphId(db, run.ctx.userId, item.graphTaskId);
  if (byId) return { taskId: byId.task_id, state: byId, task: await findTask(db, run.ctx.userId, byId.task_id, { includeDeleted: true }) };
  if (!item.plannerTaskId || !UUID_PATTERN.test(item.plannerTaskId)) return undefined;
  const task = await findTask(db, run.ctx.userId, item.plannerTaskId, { includeDeleted: true });
  if (!task) return undefined;
  return { taskId: task.id, task, state: await findStateOfTask(db, task.id) };
}

async function mergeIntoTask(run: PullRun, list: PulledList, item: RemoteItem, linked: Linked): Promise<void> {
  const { task, state } = linked;
  const db = run.ctx.deps.outlook.db;
  if (!task) {
    await forgetState(db, linked.taskId);
    return;
  }
  if (!(await run.acceptsChanges(task.project_id))) return;
  if (!state && task.deleted_at) return settleUnlinkedCopyOfDeletedTask(run, list, item, task);
  const sameCopy = state?.graph_task_id === item.graphTaskId;
  if (!sameCopy && state && isInterruptedPushCopy(state, list)) return leaveToPush(run, task);
  const base = state ? parseTaskSnapshot(state.snapshot) : null;
  const remote = withCompletionTime(fromGraphTask(item.raw, { timeZone: run.ctx.deps.timeZone, fallback: base ?? localFieldsOf(task) }), run.ctx.now());
  const plan = planTaskSync({
    base,
    baseEtag: sameCopy ? state?.graph_etag : null,
    local: task.deleted_at ? null : { fields: localFieldsOf(task), modifiedAt: isoOf(task.updated_at)! },
    remote: { fields: remote, modifiedAt: item.modifiedAt ?? run.ctx.now().toISOString(), etag: item.etag },
    now: run.ctx.now().toISOString(),
  });
  const merge: Merge = { run, list, item, task, state, remote, plan, sameCopy };
  if (plan.kind === 'create-local') return restoreEditedTask(merge, plan.fields);
  if (plan.kind === 'delete-remote') return ensureDeleteQueued(merge);
  if (plan.kind === 'update' || plan.kind === 'nothing') return applyMerge(merge);
}

/**
 * The copy a push made in this list before it could record it (a create or a move
 * whose POST went through but whose worker died or timed out), while the task's state
 * still maps its copy elsewhere. Relinking it here would orphan that other copy; the
 * push finishes the job instead: it adopts this copy by externalId and deletes the old.
 */
function isInterruptedPushCopy(state: TaskSyncState, list: PulledList): boolean {
  return state.graph_task_id !== null && state.pending_create_list_id === list.graphListId;
}

async function leaveToPush(run: PullRun, task: Task): Promise<void> {
  if (task.deleted_at) return;
  await queuePushUnlessActive(run.ctx.deps.outlook.db, { userId: run.ctx.userId, taskId: task.id, projectId: task.project_id, reason: 'finish_interrupted_push' });
}

interface Merge {
  run: PullRun;
  list: PulledList;
  item: RemoteItem;
  task: Task;
  state: TaskSyncState | undefined;
  remote: TaskFields;
  plan: TaskSyncPlan;
  sameCopy: boolean;
}

/** Where the task lives: a move in To Do moves it in Planner, unless Planner moved it later. */
function locationOf(m: Merge) {
  const baseProjectId = m.state?.graph_list_id ? m.run.projectOfList(m.state.graph_list_id) : undefined;
  return planTaskLocation({
    baseProjectId: baseProjectId === undefined ? m.list.projectId : baseProjectId,
    localProjectId: m.task.project_id,
    remoteProjectId: m.list.projectId,
    localModifiedAt: isoOf(m.task.updated_at)!,
    remoteModifiedAt: m.item.modifiedAt ?? '',
  });
}

async function applyMerge(m: Merge): Promise<void> {
  const { run, plan, task, item } = m;
  const apply = plan.kind === 'update' ? plan.apply : {};
  const push = plan.kind === 'update' ? plan.push : {};
  const conflicts = plan.kind === 'update' ? plan.conflicts : [];
  const location = locationOf(m);
  const moveTo = location.kind === 'move-local' ? location.projectId : undefined;
  const pushBack = Object.keys(push).length > 0 || location.kind === 'move-remote';
  const writeRow = Object.keys(apply).length > 0 || moveTo !== undefined;
  if (!writeRow && !pushBack && m.sameCopy && isUnchangedBase(m)) {
    if (m.state?.graph_etag !== item.etag) await touchPulledEtag(run.ctx.deps.outlook.db, task.id, item.etag, item.modifiedAt);
    return;
  }
  await run.ctx.deps.outlook.db.transaction().execute(async (tx) => {
    if (writeRow) {
      const patch = { ...rowPatchOf(apply), ...(moveTo !== undefined ? { project_id: moveTo } : {}) };
      const row = await applyRemoteTaskChange(tx, task.id, patch, { expectedVersion: task.version });
      if (!row) throw new TaskChangedDuringPullError(`task ${task.id} changed while the pull planned it`);
    }
    await insertConflicts(tx, {
      userId: run.ctx.userId,
      taskId: task.id,
      graphTaskId: item.graphTaskId,
      localModifiedAt: isoOf(task.updated_at),
      remoteModifiedAt: item.modifiedAt,
      conflicts,
    });
    await savePulledState(tx, {
      userId: run.ctx.userId,
      taskId: task.id,
      graphTaskId: item.graphTaskId,
      graphListId: m.list.graphListId,
      etag: item.etag,
      // With something to push, the base is what To Do holds now, so the push sees Planner's side as changed.
      base: pushBack ? m.remote : plan.nextBase ?? m.remote,
      remoteModifiedAt: item.modifiedAt,
      syncedVersion: pushBack ? undefined : task.version,
    });
    if (pushBack) await enqueueTaskSyncJob(tx, { userId: run.ctx.userId, action: 'update', taskId: task.id, projectId: task.project_id, payload: { reason: 'pull_merge' } });
  });
  countMerge(run, { applied: writeRow && Object.keys(apply).length > 0, moved: moveTo !== undefined, conflicts: conflicts.length, pushBack });
}

/** No field to write and the stored base already is the plan's base: only the etag may move. */
function isUnchangedBase(m: Merge): boolean {
  return m.plan.kind === 'nothing' && m.plan.reason === 'unchanged';
}

function countMerge(run: PullRun, c: { applied: boolean; moved: boolean; conflicts: number; pushBack: boolean }) {
  const s = run.ctx.summary;
  if (c.applied) s.updated++;
  if (c.moved) s.moved++;
  if (c.pushBack) s.pushedBack++;
  s.conflicts += c.conflicts;
}

/** Edit beats delete: deleted in Planner, edited in To Do → the task comes back with To Do's fields. */
async function restoreEditedTask(m: Merge, fields: TaskFields): Promise<void> {
  const { run, task, item } = m;
  await run.ctx.deps.outlook.db.transaction().execute(async (tx) => {
    await restoreTaskFromRemote(tx, task.id, fields, m.list.projectId);
    await skipPendingJobs(tx, task.id, ['delete'], 'superseded: the task was edited in To Do (edit beats delete)');
    await savePulledState(tx, {
      userId: run.ctx.userId,
      taskId: task.id,
      graphTaskId: item.graphTaskId,
      graphListId: m.list.graphListId,
      etag: item.etag,
      base: fields,
      remoteModifiedAt: item.modifiedAt,
      syncedVersion: task.version,
    });
  });
  run.ctx.summary.restored++;
}

/** Deleted in Planner, unchanged in To Do: the delete job removes it there (queue one if none is). */
async function ensureDeleteQueued(m: Pick<Merge, 'run' | 'list' | 'item' | 'task'>): Promise<void> {
  const db = m.run.ctx.deps.outlook.db;
  if (await hasActiveJob(db, m.task.id, 'delete')) return;
  await enqueueTaskSyncJob(db, {
    userId: m.run.ctx.userId,
    action: 'delete',
    taskId: m.task.id,
    projectId: m.task.project_id,
    // The copy's ids ride along: a copy we never recorded (an interrupted create) has no sync state.
    payload: { reason: 'pull_found_deleted', graphTaskId: m.item.graphTaskId, graphListId: m.list.graphListId },
  });
  m.run.ctx.summary.pushedBack++;
}

/**
 * A copy of ours (our externalId) that no sync state records, of a task deleted in
 * Planner: an interrupted create or move left it. Without a base, an edit in To Do is
 * told by time: changed after the Planner deletion → the task comes back (edit beats
 * delete); otherwise the copy is deleted.
 */
async function settleUnlinkedCopyOfDeletedTask(run: PullRun, list: PulledList, item: RemoteItem, task: Task): Promise<void> {
  const deletedAt = Date.parse(isoOf(task.deleted_at)!);
  const editedAt = item.modifiedAt ? Date.parse(item.modifiedAt) : Number.NaN;
  if (!(editedAt > deletedAt)) return ensureDeleteQueued({ run, list, item, task });
  const remote = withCompletionTime(fromGraphTask(item.raw, { timeZone: run.ctx.deps.timeZone }), run.ctx.now());
  const plan = planTaskSync({ base: null, local: null, remote: { fields: remote, modifiedAt: item.modifiedAt!, etag: item.etag }, now: run.ctx.now().toISOString() });
  if (plan.kind === 'create-local') return restoreEditedTask({ run, list, item, task, state: undefined, remote, plan, sameCopy: false }, plan.fields);
}
