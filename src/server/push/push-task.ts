/**
 * Brings a task's To Do copy in step with Planner (guide §6.4): what the `create` and
 * `update` jobs run. It reads the facts (the task, its sync state, the list it belongs
 * in), asks the push table (src/sync/plan/task-push.ts) what to do, finds out what the
 * table asks for (does the old copy exist? did a full_sync run since the copy went
 * missing? what did the PATCH answer?) and decides again, then carries out the action.
 * The rules, one row each, are in that table: create, move (create first, delete the
 * old, remap), PATCH only what changed with If-Match, 412 → pull first, 404 → wait for
 * a pull to tell a move in Outlook from a deletion, then recreate (edit beats delete).
 */
import { later } from '../../config/clock';
import type { StepBaseRow, Task, TaskSyncState } from '../../db/schema';
import { deleteSyncState, findSyncState, markCopyMissing, recordSyncedVersion } from '../../db/sync-state-repository';
import { findTaskById, placeStepsLast } from '../../db/tasks-repository';
import { GraphError, type TodoTask } from '../../graph';
import { enqueueTaskSyncJob, JOB_PRIORITY } from '../../jobs/queue';
import { completed, deferred, skipped, type JobOutcome, type StaleCopy } from '../../jobs/types';
import { capturePushVersion, isTaskDirty } from '../../sync/dirty-version';
import { changedFields } from '../../sync/normalise';
import { parseTaskSnapshot } from '../../sync/snapshot';
import { holdsOnlyOurSteps, remoteStepsOf } from '../../sync/steps-plan';
import type { Decision } from '../../sync/plan/decision-table';
import { decideTaskPush, type TaskPushAction, type TaskPushFacts } from '../../sync/plan/task-push';
import { COMPARED_FIELDS } from '../../sync/types';
import { requestOpenTasksPush } from './push-open-tasks';
import type { SyncContext } from '../sync-context';
import { resolveTaskList } from './push-lists';
import { createCopyIdempotently, patchesFor, patchInOrder, savePushed, taskFieldsOf } from './push-task-copy';
import { hasStepsToPush, pushSteps, type StepsTarget } from './push-steps';
import { hasFullSyncFinishedSince } from '../../db/task-jobs-repository';

/** How long a push waits for the full_sync it queued (after a 404 or a 412) before looking again. */
export const PULL_RECHECK_MS = 1_500;

export interface PushTaskOptions {
  /** The job's last attempt: a copy still missing is recreated without waiting for a pull. */
  lastAttempt?: boolean;
}

export async function pushTaskToTodo(ctx: SyncContext, taskId: string, options: PushTaskOptions = {}): Promise<JobOutcome> {
  const task = await findTaskById(ctx.db, taskId);
  const mine = task && task.user_id === ctx.userId ? task : undefined;
  const facts: TaskPushFacts = { ...UNASKED, task: !mine ? 'missing' : mine.deleted_at ? 'deleted' : 'live', lastAttempt: options.lastAttempt === true };
  if (!mine || mine.deleted_at) return carryOut(ctx, { task: mine!, facts, options }, decideTaskPush(facts));
  const state = await findSyncState(ctx.db, mine.id);
  // A copy known in its list is PATCHed without confirming the list first (one round trip):
  // a PATCH into a deleted list answers 404. Anything that may POST confirms the list.
  const patchOnly = Boolean(state?.graph_task_id && !state.copy_missing_at && !state.pending_create_list_id);
  let target = await resolveTaskList(ctx, mine.project_id, { trustActiveMapping: patchOnly });
  if (patchOnly && target.kind === 'list' && target.listId !== state!.graph_list_id) target = await resolveTaskList(ctx, mine.project_id);
  facts.target = target.kind === 'project_gone' ? 'project-gone' : target.kind === 'closed' ? 'closed' : 'open';
  facts.copy = !state?.graph_task_id ? 'none' : target.kind === 'list' && state.graph_list_id !== target.listId ? 'in-other-list' : 'in-target-list';
  facts.copyMissing = Boolean(state?.copy_missing_at);
  if (target.kind === 'list') {
    if (target.provisioned && target.previousListId) await requestOpenTasksPush(ctx, mine.project_id);
    const base = state ? parseTaskSnapshot(state.snapshot) : null;
    facts.fieldsChanged = !base || changedFields(base, taskFieldsOf(mine)).length > 0 || hasStepsToPush(mine, state);
    facts.dirty = state ? isTaskDirty({ version: mine.version, syncedVersion: state.synced_version }) : false;
  }
  const push: Push = { task: mine, state, listId: target.kind === 'list' ? target.listId : null, status: target.kind === 'closed' ? target.projectStatus : null, facts, options };
  // Decide, find out what the table asks for, decide again: at most a few rounds.
  for (let round = 0; round < 6; round++) {
    const decision = decideTaskPush(push.facts);
    if (decision.action === 'check-pulled') push.facts.pulledSinceMissing = (await fullSyncFinishedSince(ctx, new Date(state!.copy_missing_at!))) ? 'yes' : 'no';
    else if (decision.action === 'check-old-copy') push.facts.oldCopyExists = (await copyExists(ctx, state!)) ? 'yes' : 'no';
    else if (decision.action === 'patch') push.facts.patchAnswer = await patchCopy(ctx, push);
    else return carryOut(ctx, push, decision);
  }
  throw new Error(`push of task ${mine.id}: the decision did not settle`);
}

/**
 * Deletes copies a pull found replaced (job payload `staleCopies`), keeping the one the
 * state maps now; 404 counts as done.
 */
export async function dropStaleCopies(ctx: SyncContext, taskId: string, copies: readonly StaleCopy[]): Promise<void> {
  if (copies.length === 0) return;
  const mapped = (await findSyncState(ctx.db, taskId))?.graph_task_id ?? null;
  for (const copy of copies) {
    if (copy.graphTaskId !== mapped) await ctx.graph.tasks.delete(copy.graphListId, copy.graphTaskId);
  }
}

const UNASKED: TaskPushFacts = {
  task: 'missing',
  target: 'open',
  copy: 'none',
  copyMissing: false,
  lastAttempt: false,
  pulledSinceMissing: 'unknown',
  oldCopyExists: 'unknown',
  fieldsChanged: false,
  dirty: false,
  patchAnswer: 'not-sent',
};

interface Push {
  task: Task;
  state?: TaskSyncState;
  listId?: string | null;
  status?: string | null;
  facts: TaskPushFacts;
  options: PushTaskOptions;
  /** The PATCH's outcome, once it went through. */
  patched?: JobOutcome;
}

async function carryOut(ctx: SyncContext, p: Push, decision: Decision<TaskPushAction>): Promise<JobOutcome> {
  const { task, state } = p;
  switch (decision.action) {
    case 'skip':
      return skipped(skipReason(decision.rowId, p.status));
    case 'delete-copy':
      await ctx.graph.tasks.delete(state!.graph_list_id!, state!.graph_task_id!);
      await deleteSyncState(ctx.db, task.id);
      return skipped(skipReason(decision.rowId, p.status));
    case 'create':
      return createCopy(ctx, task, state, p.listId!);
    case 'recreate':
      ctx.log.info({ taskId: task.id, graphTaskId: state?.graph_task_id, rule: decision.rowId }, 'To Do copy is gone (404, not moved): recreating it');
      return createCopy(ctx, task, { ...state!, graph_task_id: null }, p.listId!);
    case 'move':
      return moveCopy(ctx, task, state!, p.listId!);
    case 'record-synced':
      await recordSyncedVersion(ctx.db, task.id, capturePushVersion(task));
      return completed({ graphTaskId: state!.graph_task_id, graphWrites: 0 });
    case 'nothing':
      return completed({ graphTaskId: state!.graph_task_id, graphWrites: 0 });
    case 'done':
      return p.patched!;
    case 'pull-first':
      return pullBeforePatch(ctx, task, state!);
    case 'wait-for-pull':
      return waitForPull(ctx, task, state!);
    default:
      throw new Error(`push: action ${decision.action} (${decision.rowId}) is not carried out here`);
  }
}

function skipReason(rowId: string, status: string | null | undefined): string {
  if (rowId === 'push.task-gone') return 'task no longer exists';
  if (rowId === 'push.task-deleted') return 'task is deleted: its delete job removes the To Do copy';
  if (rowId === 'push.project-gone') return 'project no longer exists';
  return `project is ${status}: its tasks are not synced`;
}

async function createCopy(ctx: SyncContext, task: Task, state: TaskSyncState | undefined, listId: string): Promise<JobOutcome> {
  const capturedVersion = capturePushVersion(task);
  const made = await createCopyIdempotently(ctx, task, state, listId);
  const { remote, stepsBase, etagIsOurs } = await withSteps(ctx, task, listId, made.remote, { kind: made.adopted ? 'adopted' : 'fresh' });
  await savePushed(ctx, { task, listId, remote, capturedVersion, stepsBase, etagIsOurs });
  return completed({ graphTaskId: remote.id, listId, created: !made.adopted, adopted: made.adopted });
}

/**
 * Writes the task's step changes to its copy (src/server/push/push-steps.ts) and, when it
 * wrote any, reads the copy back: step writes change its etag, and the etag stored must
 * be the one the copy has now, so the notifications of our own writes are told as echoes.
 */
async function withSteps(
  ctx: SyncContext,
  task: Task,
  listId: string,
  remote: TodoTask | null,
  target: StepsTarget,
): Promise<{ remote: TodoTask; stepsBase: StepBaseRow[]; etagIsOurs: boolean; madeAgain: string[] }> {
  const graphTaskId = remote?.id ?? (target.kind === 'mapped' ? target.state!.graph_task_id! : '');
  const steps = await pushSteps(ctx, task, listId, graphTaskId, target);
  if (steps.writes === 0 && remote) return { remote, stepsBase: steps.base, etagIsOurs: true, madeAgain: [] };
  // Read back with its steps: a step To Do changed meanwhile makes the etag not ours (holdsOnlyOurSteps).
  const current = await ctx.graph.tasks.get(listId, graphTaskId, { expand: 'checklistItems' });
  return { remote: current, stepsBase: steps.base, etagIsOurs: holdsOnlyOurSteps(steps.base, remoteStepsOf(current as { checklistItems?: unknown })), madeAgain: steps.madeAgain };
}

/**
 * The task moved to another list (Graph gives a moved task a new id). Creates the copy
 * in the new list first, deletes the old one, then remaps: a crash between the steps
 * is retried from the pending-create marker without a duplicate or a lost copy.
 */
async function moveCopy(ctx: SyncContext, task: Task, state: TaskSyncState, listId: string): Promise<JobOutcome> {
  const capturedVersion = capturePushVersion(task);
  const made = await createCopyIdempotently(ctx, task, state, listId);
  const { remote, stepsBase, etagIsOurs } = await withSteps(ctx, task, listId, made.remote, { kind: made.adopted ? 'adopted' : 'fresh' });
  const old = await ctx.graph.tasks.delete(state.graph_list_id!, state.graph_task_id!);
  await savePushed(ctx, { task, listId, remote, capturedVersion, stepsBase, etagIsOurs });
  return completed({ graphTaskId: remote.id, listId, movedFrom: state.graph_list_id, oldCopy: old, adopted: made.adopted });
}

/** GET the mapped copy: false on 404. */
async function copyExists(ctx: SyncContext, state: TaskSyncState): Promise<boolean> {
  try {
    await ctx.graph.tasks.get(state.graph_list_id!, state.graph_task_id!);
    return true;
  } catch (error) {
    if (error instanceof GraphError && error.status === 404) return false;
    throw error;
  }
}

/**
 * PATCHes the fields changed since the base, If-Match on the base's etag: a copy edited
 * in Outlook since then is not overwritten blindly (a push held back by throttling would
 * otherwise undo a later Outlook edit). The last attempt writes without it rather than never.
 */
async function patchCopy(ctx: SyncContext, p: Push): Promise<TaskPushFacts['patchAnswer']> {
  const { task, state } = p;
  const capturedVersion = capturePushVersion(task);
  const fields = taskFieldsOf(task);
  const base = parseTaskSnapshot(state!.snapshot);
  const changed = base ? changedFields(base, fields) : [...COMPARED_FIELDS];
  const ifMatch = p.options.lastAttempt ? undefined : (state!.graph_etag ?? undefined);
  try {
    // Only steps changed: no task PATCH (steps carry no etag, so they are written without If-Match).
    const patched = changed.length > 0 ? await patchInOrder(ctx, p.listId!, state!.graph_task_id!, patchesFor(ctx, fields, changed), { ifMatch }) : null;
    const { remote, stepsBase, etagIsOurs, madeAgain } =
      hasStepsToPush(task, state) || !patched
        ? await withSteps(ctx, task, p.listId!, patched, { kind: 'mapped', state })
        : // A PATCH without If-Match (no etag known, or the last attempt) may have landed on a copy To Do changed meanwhile (a step renamed there): its etag is not our echo.
          { remote: patched, stepsBase: undefined, etagIsOurs: ifMatch !== undefined, madeAgain: [] };
    await savePushed(ctx, { task, listId: p.listId!, remote, capturedVersion, fields, stepsBase, etagIsOurs });
    await placeStepsLast(ctx.db, task.id, madeAgain);
    p.patched = completed({ graphTaskId: remote.id, patched: changed });
    return 'ok';
  } catch (error) {
    if (error instanceof GraphError && error.status === 412) return 'precondition-failed';
    if (error instanceof GraphError && error.status === 404) return 'not-found';
    throw error;
  }
}

/**
 * The copy changed in Outlook since the base (412 on If-Match). The pull merges both
 * sides field by field (a field edited on both goes to the later edit, logged as a
 * conflict), so queue a full_sync ahead of this job and push what is left after it.
 */
async function pullBeforePatch(ctx: SyncContext, task: Task, state: TaskSyncState): Promise<JobOutcome> {
  await enqueueTaskSyncJob(ctx.db, { userId: ctx.userId, action: 'full_sync', priority: JOB_PRIORITY.interactive, payload: { reason: 'copy_changed' } }, ctx);
  ctx.log.info({ taskId: task.id, graphTaskId: state.graph_task_id }, 'To Do copy changed since the last sync (412): pulling it before pushing');
  return deferred(later(ctx, PULL_RECHECK_MS), 'To Do copy changed in Outlook since the last sync (412): merging it first');
}

/**
 * The copy answered 404 (to a PATCH, or to the GET before a move): mark it missing,
 * queue a full_sync (interactive priority) and wait. The full_sync relinks a copy moved
 * in Outlook; once one has finished and the state still names the missing copy, the
 * table says recreate (row push.copy-missing.gone).
 */
async function waitForPull(ctx: SyncContext, task: Task, state: TaskSyncState): Promise<JobOutcome> {
  await ctx.db.transaction().execute(async (tx) => {
    await markCopyMissing(tx, task.id);
    await enqueueTaskSyncJob(tx, { userId: ctx.userId, action: 'full_sync', priority: JOB_PRIORITY.interactive, payload: { reason: 'copy_missing' } }, ctx);
  });
  ctx.log.info({ taskId: task.id, graphTaskId: state.graph_task_id }, 'To Do copy answered 404: waiting for a full_sync to tell a move in Outlook from a deletion');
  return deferred(later(ctx, PULL_RECHECK_MS), 'To Do copy not found (404): waiting for a full_sync to find whether it moved or was deleted');
}

/** True when a full_sync claimed after `since` has finished (so it looked for the copy after it went missing). */
async function fullSyncFinishedSince(ctx: SyncContext, since: Date): Promise<boolean> {
  return hasFullSyncFinishedSince(ctx.db, ctx.userId, since);
}
