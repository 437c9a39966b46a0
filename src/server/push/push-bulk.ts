/**
 * pushTasksInBulk: creates the To Do copies of many tasks through $batch (guide §8
 * backfill, a reopened project, a re-provisioned list; decision 0025).
 *
 *  - ≤ 20 POSTs per $batch request; every item has its own status.
 *  - Throttled items (429/503) are never lost nor counted as failures: the rest of
 *    the batch is saved, and they are sent again (alone) once the longest of their
 *    own Retry-Afters has passed, nothing else being sent to the mailbox meanwhile.
 *    When that wait is too long to spend in-process (over 10 s, or past the
 *    deadline), the mailbox is paused for it (outlook_connections.throttled_until,
 *    decision 0033) and the throttled items and every task not yet sent become
 *    `create` jobs at bulk priority, scheduled after the wait.
 *  - Idempotent like the single create: each task's list is marked pending before
 *    its POST, and a retry first adopts copies found by linkedResource externalId.
 *  - Which tasks are POSTed: rows bulk.* of src/sync/plan/task-push.ts (already there →
 *    left alone; moved → its update job; interrupted create elsewhere → its create job).
 *  - Stops starting batches at `deadline` and queues the rest as `create` jobs.
 */
import { later } from '../../config/clock';
import type { Task, TaskSyncState } from '../../db/schema';
import { pauseMailbox } from '../../db/jobs-repository';
import { findSyncStates, markPendingCreate, savePushedState } from '../../db/sync-state-repository';
import { listPath, MAX_BATCH_REQUESTS, type BatchItemResult, type TodoTask } from '../../graph';
import { enqueueTaskSyncJob, JOB_PRIORITY } from '../../jobs/queue';
import { readPlannerTaskId } from '../../sync/field-mapping';
import { decideBulkItem } from '../../sync/plan/task-push';
import { changedFields } from '../../sync/normalise';
import { snapshotColumns } from '../../sync/snapshot';
import type { SyncContext } from '../sync-context';
import { resolveTaskList } from './push-lists';
import { createPayloadOf, remoteFieldsOf, savePushed, taskFieldsOf } from './push-task-copy';
import { findLiveTasksInOrder } from '../../db/tasks-repository';

export interface BulkPushInput {
  taskIds: string[];
  /** Stop starting new batches at this instant; the rest is queued as jobs. */
  deadline?: Date;
  /**
   * A list the caller has just confirmed (project_sync resolved it a moment ago): its
   * project's tasks go there without confirming it again with a GET.
   */
  resolved?: { projectId: string | null; listId: string };
}

export interface BulkPushSummary {
  /** POSTed now. */
  created: number;
  /** Found in To Do by externalId (an interrupted earlier push had made them). */
  adopted: number;
  /** Already copied into their list: untouched. */
  alreadySynced: number;
  /** Deleted, someone else's, closed project or project gone: nothing to push. */
  skipped: number;
  /** Handed to single jobs (throttled or failed items, moved tasks, adopted copies to PATCH, past the deadline). */
  requeued: number;
}

/** Stop this long before the deadline (one batch takes well under it). */
const DEADLINE_MARGIN_MS = 2_000;
/** Longest Retry-After waited out in-process; a longer one pauses the mailbox and hands the rest to jobs. */
export const MAX_INLINE_THROTTLE_WAIT_MS = 10_000;
/** Rounds of re-sending one chunk's throttled items in-process before handing them to jobs. */
const MAX_INLINE_THROTTLE_ROUNDS = 10;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** The mailbox was paused for `delayMs`: nothing more may be sent to it in this push. */
interface Paused {
  delayMs: number;
}

export async function pushTasksInBulk(ctx: SyncContext, input: BulkPushInput): Promise<BulkPushSummary> {
  const summary: BulkPushSummary = { created: 0, adopted: 0, alreadySynced: 0, skipped: 0, requeued: 0 };
  const tasks = await loadLiveTasks(ctx, input.taskIds);
  summary.skipped += new Set(input.taskIds).size - tasks.length;
  let paused: Paused | undefined;
  for (const [projectId, group] of groupByProject(tasks)) {
    if (paused) {
      // The mailbox must wait: the other projects' tasks go to jobs without a request.
      for (const task of group) await requeue(ctx, task, 'create', paused.delayMs);
      summary.requeued += group.length;
      continue;
    }
    const listId = input.resolved && input.resolved.projectId === projectId ? input.resolved.listId : await resolvedListId(ctx, projectId);
    if (!listId) {
      summary.skipped += group.length;
      continue;
    }
    paused = await pushGroup(ctx, listId, group, summary, input.deadline);
  }
  ctx.log.info({ ...summary, tasks: input.taskIds.length }, 'bulk push done');
  return summary;
}

/** The project's list, confirmed (and re-provisioned when gone); null for a closed or deleted project. */
async function resolvedListId(ctx: SyncContext, projectId: string | null): Promise<string | null> {
  const target = await resolveTaskList(ctx, projectId);
  return target.kind === 'list' ? target.listId : null;
}

async function pushGroup(ctx: SyncContext, listId: string, tasks: Task[], summary: BulkPushSummary, deadline?: Date): Promise<Paused | undefined> {
  const states = await findSyncStates(ctx.db, tasks.map((t) => t.id));
  const fresh: Task[] = [];
  for (const task of tasks) {
    const state = states.get(task.id);
    const { action } = decideBulkItem({
      copy: !state?.graph_task_id ? 'none' : state.graph_list_id === listId ? 'in-target-list' : 'in-other-list',
      pendingElsewhere: Boolean(state?.pending_create_list_id && state.pending_create_list_id !== listId),
      copyMissing: Boolean(state?.copy_missing_at),
    });
    if (action === 'leave') summary.alreadySynced++;
    else if (action === 'post') fresh.push(task);
    else {
      await requeue(ctx, task, action === 'requeue-update' ? 'update' : 'create');
      summary.requeued++;
    }
  }
  const toPost = await adoptEarlierCopies(ctx, listId, fresh, states, summary);
  for (let i = 0; i < toPost.length; i += MAX_BATCH_REQUESTS) {
    const chunk = toPost.slice(i, i + MAX_BATCH_REQUESTS);
    if (deadline && Date.now() >= deadline.getTime() - DEADLINE_MARGIN_MS) {
      for (const task of toPost.slice(i)) await requeue(ctx, task, 'create');
      summary.requeued += toPost.length - i;
      return undefined;
    }
    const paused = await postChunk(ctx, listId, chunk, summary, deadline);
    if (paused) {
      const rest = toPost.slice(i + chunk.length);
      for (const task of rest) await requeue(ctx, task, 'create', paused.delayMs);
      summary.requeued += rest.length;
      return paused;
    }
  }
  return undefined;
}

/** Tasks whose earlier POST into this list may have gone through: adopt the copies found by externalId. */
async function adoptEarlierCopies(
  ctx: SyncContext,
  listId: string,
  tasks: Task[],
  states: Map<string, TaskSyncState>,
  summary: BulkPushSummary,
): Promise<Task[]> {
  if (!tasks.some((t) => states.get(t.id)?.pending_create_list_id === listId)) return tasks;
  const copies = await copiesByPlannerId(ctx, listId);
  const rest: Task[] = [];
  for (const task of tasks) {
    const copy = copies.get(task.id);
    if (!copy) rest.push(task);
    else {
      if (await adopt(ctx, listId, task, copy, states.get(task.id))) summary.requeued++;
      summary.adopted++;
    }
  }
  return rest;
}

async function copiesByPlannerId(ctx: SyncContext, listId: string): Promise<Map<string, TodoTask>> {
  const copies = new Map<string, TodoTask>();
  for await (const page of ctx.graph.tasks.iterate(listId, { expand: 'linkedResources' })) {
    for (const remote of page.items) {
      const plannerId = readPlannerTaskId(remote as Parameters<typeof readPlannerTaskId>[0]);
      if (plannerId && !copies.has(plannerId)) copies.set(plannerId, remote);
    }
  }
  return copies;
}

/**
 * An adopted copy equal to Planner is synced at once; otherwise its own fields become
 * the base (Planner stays dirty) and an update job PATCHes the difference (returns true).
 */
async function adopt(ctx: SyncContext, listId: string, task: Task, copy: TodoTask, state: TaskSyncState | undefined): Promise<boolean> {
  const local = taskFieldsOf(task);
  const remoteFields = remoteFieldsOf(ctx, copy, local);
  if (changedFields(remoteFields, local).length === 0) {
    await savePushed(ctx, { task, listId, remote: copy, capturedVersion: task.version });
    return false;
  }
  const { snapshot, snapshot_hash } = snapshotColumns(remoteFields);
  await savePushedState(ctx.db, {
    userId: ctx.userId,
    taskId: task.id,
    graphTaskId: copy.id,
    graphListId: listId,
    graphEtag: copy['@odata.etag'] ?? null,
    snapshot,
    snapshotHash: snapshot_hash,
    capturedVersion: state?.synced_version ?? 0,
    remoteModifiedAt: copy.lastModifiedDateTime ?? null,
  });
  await requeue(ctx, task, 'update');
  return true;
}

/**
 * POSTs one chunk through $batch. Throttled items are sent again after the longest of
 * their Retry-Afters while that wait is short; otherwise they become delayed jobs and
 * the mailbox is paused (returned).
 */
async function postChunk(ctx: SyncContext, listId: string, chunk: Task[], summary: BulkPushSummary, deadline?: Date): Promise<Paused | undefined> {
  await markPendingCreate(ctx.db, { userId: ctx.userId, taskIds: chunk.map((t) => t.id), listId });
  let pending = chunk;
  for (let round = 0; ; round++) {
    const results = await ctx.graph.batch(
      pending.map((task, i) => ({ id: String(i + 1), method: 'POST' as const, url: `${listPath(listId)}/tasks`, body: createPayloadOf(ctx, task) })),
      // Throttled items are retried here, where the deadline and the mailbox pause are known.
      { throttleRetryRounds: 0 },
    );
    const throttled: { task: Task; retryAfterMs?: number }[] = [];
    for (const [i, result] of results.entries()) {
      const task = pending[i];
      if (result.status >= 200 && result.status < 300) {
        // A $batch POST carries no steps: the copy has none yet, and an update job adds the task's one by one.
        await savePushed(ctx, { task, listId, remote: result.body as TodoTask, capturedVersion: task.version, stepsBase: [] });
        if (task.steps?.length) await requeue(ctx, task, 'update');
        summary.created++;
      } else if (isThrottled(result)) {
        throttled.push({ task, retryAfterMs: result.retryAfterMs });
      } else {
        await requeueFailedItem(ctx, task, result);
        summary.requeued++;
      }
    }
    if (throttled.length === 0) return undefined;
    // Every item's own Retry-After is honoured by waiting for the longest.
    const waitMs = Math.max(...throttled.map((t) => t.retryAfterMs ?? 500 * 2 ** round));
    if (round < MAX_INLINE_THROTTLE_ROUNDS && waitMs <= MAX_INLINE_THROTTLE_WAIT_MS && fitsBefore(deadline, waitMs)) {
      ctx.log.info({ items: throttled.length, waitMs, round }, 'bulk items throttled: sending them again after Retry-After');
      await sleep(waitMs);
      pending = throttled.map((t) => t.task);
      continue;
    }
    ctx.log.warn({ items: throttled.length, waitMs }, 'bulk items throttled: mailbox paused, items handed to create jobs');
    await pauseMailbox(ctx.db, { userId: ctx.userId, delayMs: waitMs, now: ctx.now() });
    for (const t of throttled) await requeue(ctx, t.task, 'create', t.retryAfterMs ?? waitMs);
    summary.requeued += throttled.length;
    return { delayMs: waitMs };
  }
}

const isThrottled = (result: BatchItemResult) => result.status === 429 || result.status === 503;

function fitsBefore(deadline: Date | undefined, waitMs: number): boolean {
  return !deadline || Date.now() + waitMs < deadline.getTime() - DEADLINE_MARGIN_MS;
}

/** An item that failed for another reason than throttling: a create job retries it by itself. */
async function requeueFailedItem(ctx: SyncContext, task: Task, result: BatchItemResult): Promise<void> {
  ctx.log.warn({ taskId: task.id, status: result.status, code: result.error?.code }, 'bulk item failed: handed to a create job');
  await requeue(ctx, task, 'create');
}

async function requeue(ctx: SyncContext, task: Task, action: 'create' | 'update', delayMs = 0): Promise<void> {
  await enqueueTaskSyncJob(ctx.db, {
    userId: ctx.userId,
    action,
    taskId: task.id,
    projectId: task.project_id,
    priority: JOB_PRIORITY.bulk,
    ...(delayMs > 0 ? { scheduledAt: later(ctx, delayMs) } : {}),
  }, ctx);
}

async function loadLiveTasks(ctx: SyncContext, taskIds: string[]): Promise<Task[]> {
  if (taskIds.length === 0) return [];
  return findLiveTasksInOrder(ctx.db, ctx.userId, [...new Set(taskIds)]);
}

function groupByProject(tasks: Task[]): Map<string | null, Task[]> {
  const groups = new Map<string | null, Task[]>();
  for (const task of tasks) groups.set(task.project_id, [...(groups.get(task.project_id) ?? []), task]);
  return groups;
}
