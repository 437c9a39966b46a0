/**
 * Carries out the pull's decision for one present To Do task (guide §6.6; decisions
 * 0018, 0044). It reads the facts — the Planner task it belongs to (by graph_task_id,
 * else by our linkedResource externalId, which is how a task moved between To Do lists
 * keeps its identity), its task_sync_state, the three-way plan against the stored base —
 * and asks the pull table (src/sync/plan/pulled-task.ts) what to do. No rule lives here:
 * each branch below is one action of that table.
 *
 * The task row is written only at the version the plan read; a local edit made
 * meanwhile makes it plan again.
 */
import { applyRemoteTaskChange, findTask, UUID_PATTERN } from '../../db/tasks-repository';
import type { Task, TaskSyncState } from '../../db/schema';
import { enqueueTaskSyncJob } from '../../jobs/queue';
import type { StaleCopy } from '../../jobs/types';
import type { Executor } from '../../db/client';
import { fromGraphTask } from '../../sync/field-mapping';
import { decideMerge, decideOtherCopy, decidePulledTask, type OtherCopyVerdict, type PulledTaskFacts } from '../../sync/plan/pulled-task';
import { parseTaskSnapshot } from '../../sync/snapshot';
import { planTaskLocation } from '../../sync/task-move';
import { planTaskSync, type TaskSyncPlan } from '../../sync/three-way';
import type { TaskFields } from '../../sync/types';
import { insertConflicts, insertDeletionConflict } from '../../db/conflicts-repository';
import { createLocalFromRemote } from './pull-apply-new';
import { isoOf, localFieldsOf, rowPatchOf, withCompletionTime, type RemoteItem, baseColumns } from './pull-fields';
import type { PullRun } from './pull-run';
import { planPulledSteps, stepsBaseFor, stepsBaseToSave } from './pull-steps';
import { randomUUID } from 'node:crypto';
import { adoptRemoteSteps, remoteStepsOf, stepsChanged } from '../../sync/steps-plan';
import { deleteSyncState, findStateByGraphId, findStateOfTask, savePulledState, touchPulledEtag } from '../../db/sync-state-repository';
import { addCopyToPendingDelete, isStaleCopyAwaitingDeletion, skipPendingJobs } from '../../db/task-jobs-repository';
import { queuePushUnlessActive } from './leave-to-push';
import { restoreTaskFromRemote } from '../../db/tasks-repository';
import { type PulledList } from '../../db/list-mappings-repository';

const MAX_PLAN_ATTEMPTS = 3;

export class TaskChangedDuringPullError extends Error {
  readonly name = 'TaskChangedDuringPullError';
}

/** `gone`: Graph ids this pull found removed (applied after the present items). */
export async function applyPresentTask(run: PullRun, list: PulledList, item: RemoteItem, gone: ReadonlySet<string> = new Set()): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await carryOut(await readFacts(run, list, item, gone));
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
  const db = run.ctx.db;
  const byId = await findStateByGraphId(db, run.ctx.userId, item.graphTaskId);
  if (byId) return { taskId: byId.task_id, state: byId, task: await findTask(db, run.ctx.userId, byId.task_id, { includeDeleted: true }) };
  // Normally one link; where an older version left a stale second one, the link naming a task counts.
  for (const plannerTaskId of item.plannerTaskIds.filter((id) => UUID_PATTERN.test(id))) {
    const task = await findTask(db, run.ctx.userId, plannerTaskId, { includeDeleted: true });
    if (task) return { taskId: task.id, task, state: await findStateOfTask(db, task.id) };
  }
  return undefined;
}

/** What the pull table needs, and what its actions act on. */
interface Subject {
  run: PullRun;
  list: PulledList;
  item: RemoteItem;
  linked: Linked | undefined;
  facts: PulledTaskFacts;
  /** For a linked task: the three-way plan and To Do's fields as it read them. */
  merge?: Merge;
}

const UNLINKED = { link: 'none', task: 'missing', state: 'none', interruptedPush: false, threeWay: 'nothing', editedAfterDelete: false, movedInTodo: false, copiedInTodo: false } as const;

async function readFacts(run: PullRun, list: PulledList, item: RemoteItem, gone: ReadonlySet<string>): Promise<Subject> {
  const linked = await findLinkedTask(run, item);
  // A copy no state maps may be one a pull found replaced, which an update job is to delete.
  const unmapped = linked?.state?.graph_task_id !== item.graphTaskId;
  if (unmapped && (await isStaleCopyAwaitingDeletion(run.ctx.db, run.ctx.userId, item.graphTaskId))) {
    return { run, list, item, linked: undefined, facts: { remote: 'present', ...UNLINKED, link: 'stale', projectOpen: await run.acceptsChanges(list.projectId) } };
  }
  if (!linked) return { run, list, item, linked, facts: { remote: 'present', ...UNLINKED, projectOpen: await run.acceptsChanges(list.projectId) } };
  const { task, state } = linked;
  const facts: PulledTaskFacts = {
    remote: 'present',
    link: 'linked',
    task: !task ? 'missing' : task.deleted_at ? 'deleted' : 'live',
    projectOpen: task ? await run.acceptsChanges(task.deleted_at ? list.projectId : task.project_id) : false,
    state: !state ? 'none' : state.graph_task_id === item.graphTaskId ? 'this-copy' : 'other-copy',
    interruptedPush: state !== undefined && state.pending_create_list_id === list.graphListId,
    threeWay: 'nothing',
    editedAfterDelete: false,
    movedInTodo: false,
    copiedInTodo: false,
  };
  let otherCopy: OtherCopy | undefined;
  if (facts.state === 'other-copy' && !facts.interruptedPush && state!.graph_list_id !== null) {
    const mappedCopyGone = gone.has(state!.graph_task_id!);
    const verdict = decideOtherCopy({
      sameList: state!.graph_list_id === list.graphListId,
      repeats: item.raw.recurrence != null,
      completed: item.raw.status === 'completed',
      mappedCopyGone,
    }).action;
    facts.copiedInTodo = verdict === 'copied';
    facts.movedInTodo = verdict === 'moved' || verdict === 'returned';
    // The copy the state maps, when this one takes its place and it may still answer.
    const stale = verdict === 'returned' || (verdict === 'moved' && !mappedCopyGone);
    otherCopy = { verdict, staleCopy: stale ? { graphTaskId: state!.graph_task_id!, graphListId: state!.graph_list_id! } : undefined };
    // Moved in To Do out of its project: the list it went to decides (a move out of a
    // project Planner closed beats the close, like the move into an open list it is).
    if (facts.movedInTodo && task && !task.deleted_at) facts.projectOpen = await run.acceptsChanges(list.projectId);
  }
  if (!task) return { run, list, item, linked, facts };
  const merge = planMerge(run, list, item, task, state, otherCopy);
  facts.threeWay = merge.plan.kind as PulledTaskFacts['threeWay'];
  if (!state && task.deleted_at) facts.editedAfterDelete = editedAfter(item, task.deleted_at);
  return { run, list, item, linked, facts, merge };
}

/** Without a base, an edit in To Do is told by time: modified after the Planner deletion. */
function editedAfter(item: RemoteItem, deletedAt: Date | string): boolean {
  const editedAt = item.modifiedAt ? Date.parse(item.modifiedAt) : Number.NaN;
  return editedAt > Date.parse(isoOf(deletedAt)!);
}

function planMerge(run: PullRun, list: PulledList, item: RemoteItem, task: Task, state: TaskSyncState | undefined, otherCopy: OtherCopy | undefined): Merge {
  const now = run.ctx.now();
  const sameCopy = state?.graph_task_id === item.graphTaskId;
  // A returned copy was not the stand-in the base was taken from: what differs is a conflict.
  const base = state && otherCopy?.verdict !== 'returned' ? parseTaskSnapshot(state.snapshot) : null;
  // A copy no state records has no base: To Do's item is read as it stands.
  const fallback = !state && task.deleted_at ? undefined : (base ?? localFieldsOf(task));
  const remote = withCompletionTime(fromGraphTask(item.raw, { timeZone: run.ctx.timeZone, fallback }), now);
  const plan = planTaskSync({
    base,
    baseEtag: sameCopy ? state?.graph_etag : null,
    local: task.deleted_at ? null : { fields: localFieldsOf(task), modifiedAt: isoOf(task.updated_at)! },
    remote: { fields: remote, modifiedAt: item.modifiedAt ?? now.toISOString(), etag: item.etag },
    now: now.toISOString(),
  });
  return { run, list, item, task, state, remote, plan, sameCopy, staleCopy: otherCopy?.staleCopy };
}

async function carryOut(s: Subject): Promise<void> {
  const { action, rowId } = decidePulledTask(s.facts);
  const m = s.merge;
  switch (action) {
    case 'create-local':
      return createLocalFromRemote(s.run, s.list, s.item);
    case 'forget':
      return deleteSyncState(s.run.ctx.db, s.linked!.taskId);
    case 'skip':
      return;
    case 'finish-push':
      return leaveToPush(s.run, m!.task);
    case 'restore-in-planner':
      return restoreEditedTask(m!, m!.plan.kind === 'create-local' ? m!.plan.fields : m!.remote);
    case 'delete-remote':
      return ensureDeleteQueued({ run: s.run, list: s.list, item: s.item, taskId: s.linked!.taskId, projectId: m?.task.project_id ?? null });
    case 'merge-fields':
      return applyMerge(m!);
    default:
      throw new Error(`pull: action ${action} (${rowId}) does not apply to a present To Do task`);
  }
}

/**
 * The copy a push made in this list before it could record it (a create or a move
 * whose POST went through but whose worker died or timed out), while the task's state
 * still maps its copy elsewhere: the push finishes the job (adopts this copy by
 * externalId and deletes the old). Row pull.interrupted-push.copy.
 */
async function leaveToPush(run: PullRun, task: Task): Promise<void> {
  await queuePushUnlessActive(run.ctx.db, { userId: run.ctx.userId, taskId: task.id, projectId: task.project_id, reason: 'finish_interrupted_push' }, run.ctx);
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
  /** The copy this item takes the place of, which may still answer: the next push deletes it. */
  staleCopy?: StaleCopy;
}

interface OtherCopy {
  verdict: OtherCopyVerdict;
  staleCopy?: StaleCopy;
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
  const localWins = Date.parse(isoOf(task.updated_at)!) >= Date.parse(item.modifiedAt ?? '');
  const steps = planPulledSteps(task, m.state, item, { sameCopy: m.sameCopy, localWins, now: run.ctx.now() });
  const stepsToApply = steps?.plan.local ?? null;
  const merge = decideMerge({
    fieldsToApply: Object.keys(apply).length > 0 || stepsToApply !== null,
    fieldsToPush: Object.keys(push).length > 0 || (steps?.plan.push.length ?? 0) > 0,
    location: location.kind,
    sameCopy: m.sameCopy,
    baseUnchanged: plan.kind === 'nothing' && plan.reason === 'unchanged',
  });
  const { writeRow, pushBack } = merge;
  if (merge.action === 'keep') {
    if (m.state?.graph_etag !== item.etag) await touchPulledEtag(run.ctx.db, task.id, item.etag, item.modifiedAt);
    return;
  }
  await run.ctx.db.transaction().execute(async (tx) => {
    if (writeRow) {
      const patch = { ...rowPatchOf(apply), ...(moveTo !== undefined ? { project_id: moveTo } : {}), ...(stepsToApply ? { steps: stepsToApply } : {}) };
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
      ...baseColumns(pushBack ? m.remote : plan.nextBase ?? m.remote),
      remoteModifiedAt: item.modifiedAt,
      syncedVersion: pushBack ? undefined : task.version,
      stepsBase: stepsBaseToSave(steps),
    });
    if (pushBack) await enqueueTaskSyncJob(tx, { userId: run.ctx.userId, action: 'update', taskId: task.id, projectId: task.project_id, payload: { reason: 'pull_merge' } }, run.ctx);
    if (m.staleCopy) await queueStaleCopyRemoval(tx, run, task, m.staleCopy);
  });
  countMerge(run, { applied: writeRow && Object.keys(apply).length > 0, moved: moveTo !== undefined, conflicts: conflicts.length, pushBack });
}

function countMerge(run: PullRun, c: { applied: boolean; moved: boolean; conflicts: number; pushBack: boolean }) {
  const s = run.ctx.summary;
  if (c.applied) s.updated++;
  if (c.moved) s.moved++;
  if (c.pushBack) s.pushedBack++;
  s.conflicts += c.conflicts;
}

/** Edit beats delete: deleted in Planner, edited in To Do → the task comes back with To Do's fields and steps. */
async function restoreEditedTask(m: Merge, fields: TaskFields): Promise<void> {
  const { run, task, item } = m;
  // To Do's steps come back with its fields (when the item carries them).
  const remoteSteps = remoteStepsOf(item.raw as { checklistItems?: unknown });
  const steps = remoteSteps
    ? adoptRemoteSteps({ base: stepsBaseFor(m.state, m.sameCopy, remoteSteps), local: task.steps ?? [], remote: remoteSteps, newId: randomUUID, now: run.ctx.now().toISOString() })
    : null;
  await run.ctx.db.transaction().execute(async (tx) => {
    await restoreTaskFromRemote(tx, task.id, fields, m.list.projectId, steps?.local);
    await skipPendingJobs(tx, { taskId: task.id, actions: ['delete'], reason: 'superseded: the task was edited in To Do (edit beats delete)', now: run.ctx.now() });
    await insertDeletionConflict(tx, {
      userId: run.ctx.userId,
      taskId: task.id,
      graphTaskId: item.graphTaskId,
      localModifiedAt: isoOf(task.deleted_at),
      remoteModifiedAt: item.modifiedAt,
      deletedBy: 'local',
    });
    if (m.staleCopy) await queueStaleCopyRemoval(tx, run, task, m.staleCopy);
    // An item without its steps (a partial delta item) brings none back: Planner's stay, and
    // when they differ from what was last synced the push brings To Do's copy in step.
    if (!steps && stepsChanged(m.state?.steps_base ?? null, task.steps ?? [])) {
      await enqueueTaskSyncJob(tx, { userId: run.ctx.userId, action: 'update', taskId: task.id, projectId: m.list.projectId, payload: { reason: 'restored_steps' } }, run.ctx);
    }
    await savePulledState(tx, {
      userId: run.ctx.userId,
      taskId: task.id,
      graphTaskId: item.graphTaskId,
      graphListId: m.list.graphListId,
      etag: item.etag,
      ...baseColumns(fields),
      remoteModifiedAt: item.modifiedAt,
      syncedVersion: task.version,
      ...(steps ? { stepsBase: steps.base } : {}),
    });
  });
  run.ctx.summary.restored++;
}

/** The update job deletes the copy this one took the place of (404 counts as done; the copy it maps then is kept). */
async function queueStaleCopyRemoval(tx: Executor, run: PullRun, task: Task, staleCopy: StaleCopy): Promise<void> {
  await enqueueTaskSyncJob(tx, { userId: run.ctx.userId, action: 'update', taskId: task.id, projectId: task.project_id, payload: { reason: 'stale_copy', staleCopies: [staleCopy] } }, run.ctx);
}

/** Deleted in Planner, unchanged in To Do: the delete job removes it there (queue one if none is). */
async function ensureDeleteQueued(m: Pick<Merge, 'run' | 'list' | 'item'> & { taskId: string; projectId: string | null }): Promise<void> {
  const db = m.run.ctx.db;
  // A delete job still pending may not know this copy (its state detached by a disconnect): tell it.
  // One already running read its payload before this copy was seen: the new job runs after it.
  if (await addCopyToPendingDelete(db, m.taskId, { graphTaskId: m.item.graphTaskId, graphListId: m.list.graphListId })) return;
  await enqueueTaskSyncJob(db, {
    userId: m.run.ctx.userId,
    action: 'delete',
    taskId: m.taskId,
    projectId: m.projectId,
    // The copy's ids ride along: a copy we never recorded (an interrupted create) has no sync state.
    payload: { reason: 'pull_found_deleted', graphTaskId: m.item.graphTaskId, graphListId: m.list.graphListId },
  }, m.run.ctx);
  m.run.ctx.summary.pushedBack++;
}
