/**
 * The To Do copy of one Planner task: create it idempotently, patch it, save the
 * outcome in task_sync_state. Shared by the create, update and bulk pushes.
 *
 * Idempotent create: before POSTing, the list is recorded as pending on the task's
 * sync state (markPendingCreate). A retry that finds that marker searches the list
 * for a task whose linkedResource externalId is our task id, and adopts it instead
 * of POSTing a second copy.
 */
import type { StepBaseRow, Task, TaskSyncState } from '../../db/schema';
import { markPendingCreate, savePushedState } from '../../db/sync-state-repository';
import { GraphError, type TodoTask } from '../../graph';
import { fromGraphTask, pickPatch, toGraphPatches, toGraphTask } from '../../sync/field-mapping';
import { localFieldsOf } from '../pull/pull-fields';
import { changedFields } from '../../sync/normalise';
import { snapshotColumns } from '../../sync/snapshot';
import type { ComparedField, GraphTaskPayload, TaskFields } from '../../sync/types';
import { plannerTaskUrl, type SyncContext } from '../sync-context';

/** The synced fields of a task row. */
export const taskFieldsOf = localFieldsOf;

/** The POST body of a task: every mapped field and the linkedResource back to Planner. */
export function createPayloadOf(ctx: SyncContext, task: Task) {
  return toGraphTask(taskFieldsOf(task), {
    timeZone: ctx.timeZone,
    link: { externalId: task.id, webUrl: plannerTaskUrl(ctx.appUrl, task.id), displayName: task.title.slice(0, 255) },
  });
}

/** The remote task's fields as Planner reads them. */
export function remoteFieldsOf(ctx: SyncContext, remote: TodoTask, fallback: TaskFields): TaskFields {
  return fromGraphTask(remote as Parameters<typeof fromGraphTask>[0], { timeZone: ctx.timeZone, fallback });
}

export interface CopyResult {
  remote: TodoTask;
  /** Found by externalId (an earlier attempt's POST went through) instead of POSTed now. */
  adopted: boolean;
}

/** Creates the task's copy in `listId`, or adopts the one an interrupted earlier attempt made. */
export async function createCopyIdempotently(ctx: SyncContext, task: Task, state: TaskSyncState | undefined, listId: string): Promise<CopyResult> {
  const found = await findEarlierCopy(ctx, task, state, listId);
  if (found) {
    ctx.log.info({ taskId: task.id, graphTaskId: found.id, listId }, 'adopted the To Do task an interrupted create had made');
    return { remote: await patchToMatch(ctx, task, listId, found), adopted: true };
  }
  await markPendingCreate(ctx.db, { userId: ctx.userId, taskIds: [task.id], listId });
  return { remote: await ctx.graph.tasks.create(listId, createPayloadOf(ctx, task)), adopted: false };
}

/**
 * With a pending-create marker: the copy an earlier POST made, if any. A copy left in
 * another list (the task moved before the earlier create was recorded) is deleted.
 */
async function findEarlierCopy(ctx: SyncContext, task: Task, state: TaskSyncState | undefined, listId: string): Promise<TodoTask | null> {
  const pendingList = state?.pending_create_list_id;
  if (!pendingList) return null;
  const found = await findCopyByExternalId(ctx, pendingList, task.id);
  if (!found || pendingList === listId) return found;
  await ctx.graph.tasks.delete(pendingList, found.id);
  return null;
}

/** The task of `listId` linked to Planner task `taskId`; null when none, or when the list is gone (404). */
export async function findCopyByExternalId(ctx: SyncContext, listId: string, taskId: string): Promise<TodoTask | null> {
  try {
    return await ctx.graph.linkedResources.findTask(listId, taskId);
  } catch (error) {
    if (error instanceof GraphError && error.status === 404) return null;
    throw error;
  }
}

/** PATCHes an adopted copy with whatever changed in Planner since its POST. */
async function patchToMatch(ctx: SyncContext, task: Task, listId: string, remote: TodoTask): Promise<TodoTask> {
  const local = taskFieldsOf(task);
  const changed = changedFields(remoteFieldsOf(ctx, remote, local), local);
  if (changed.length === 0) return remote;
  return patchInOrder(ctx, listId, remote.id, patchesFor(ctx, local, changed));
}

/**
 * Sends the PATCHes in order (more than one only for a due date of a repeating task);
 * `ifMatch` guards the first, each next one the etag the one before returned.
 */
export async function patchInOrder(ctx: SyncContext, listId: string, graphTaskId: string, patches: GraphTaskPayload[], options: { ifMatch?: string } = {}): Promise<TodoTask> {
  let ifMatch = options.ifMatch;
  let remote: TodoTask | undefined;
  for (const patch of patches) {
    remote = await ctx.graph.tasks.patch(listId, graphTaskId, patch, { ifMatch });
    ifMatch = ifMatch === undefined ? undefined : (remote['@odata.etag'] ?? undefined);
  }
  return remote!;
}

/** The PATCH bodies of the changed fields (and what rides with them: pickPatch), in order. */
export function patchesFor(ctx: SyncContext, fields: TaskFields, changed: ComparedField[]): GraphTaskPayload[] {
  return toGraphPatches(pickPatch(fields, changed), { timeZone: ctx.timeZone });
}

/**
 * Records a successful push. The base becomes Planner's fields as pushed; the etag
 * is kept only when the copy came back equal to them, so an Outlook edit that
 * slipped in before our write still reads as a change at the next pull.
 */
export async function savePushed(
  ctx: SyncContext,
  input: { task: Task; listId: string; remote: TodoTask; capturedVersion: number; fields?: TaskFields; stepsBase?: StepBaseRow[]; etagIsOurs?: boolean },
): Promise<void> {
  const fields = input.fields ?? taskFieldsOf(input.task);
  // The etag is stored as our echo only when the copy holds just what we wrote: its fields and its steps.
  const converged = changedFields(remoteFieldsOf(ctx, input.remote, fields), fields).length === 0 && input.etagIsOurs !== false;
  const { snapshot, snapshot_hash } = snapshotColumns(fields);
  await savePushedState(ctx.db, {
    userId: ctx.userId,
    taskId: input.task.id,
    graphTaskId: input.remote.id,
    graphListId: input.listId,
    graphEtag: converged ? (input.remote['@odata.etag'] ?? null) : null,
    snapshot,
    snapshotHash: snapshot_hash,
    capturedVersion: input.capturedVersion,
    remoteModifiedAt: input.remote.lastModifiedDateTime ?? null,
    stepsBase: input.stepsBase,
  });
}
