/**
 * The `delete` job (guide §6.4; rows delete.* of src/sync/plan/task-push.ts): DELETE the task's To Do copy (404 counts as done)
 * and forget its sync state. The Graph ids come from the sync state, else from the
 * job payload (enqueued with them, for when the state row is already gone). A copy
 * an interrupted create may have made (pending-create marker) is found by
 * externalId and deleted too. A task restored before the job ran is left alone:
 * the restore's update job keeps its copy.
 */
import { deleteSyncState, findSyncState } from '../../db/sync-state-repository';
import { findTaskById } from '../../db/tasks-repository';
import { completed, skipped, type JobOutcome } from '../../jobs/types';
import { decideTaskDelete } from '../../sync/plan/task-push';
import type { SyncContext } from '../sync-context';
import { findCopyByExternalId } from './push-task-copy';

export interface TaskDeleteInput {
  taskId: string;
  graphTaskId?: string | null;
  graphListId?: string | null;
  extraCopies?: { graphTaskId: string; graphListId: string }[];
}

export async function deleteTaskCopy(ctx: SyncContext, input: TaskDeleteInput): Promise<JobOutcome> {
  const db = ctx.db;
  const task = await findTaskById(db, input.taskId);
  const { action } = decideTaskDelete({ task: !task ? 'missing' : task.deleted_at ? 'deleted' : 'live' });
  if (action === 'skip') return skipped('task was restored: its To Do copy stays');
  const state = await findSyncState(db, input.taskId);
  const graphTaskId = state?.graph_task_id ?? input.graphTaskId ?? null;
  const graphListId = state?.graph_list_id ?? input.graphListId ?? null;
  const copy = graphTaskId && graphListId ? await ctx.graph.tasks.delete(graphListId, graphTaskId) : 'never synced';
  // Copies a pull found and named on this job (no state mapped them).
  for (const extra of input.extraCopies ?? []) {
    if (extra.graphTaskId !== graphTaskId) await ctx.graph.tasks.delete(extra.graphListId, extra.graphTaskId);
  }
  // A pending create may also be in flight beside a mapped copy (a move whose worker died after its POST).
  const pending = await deletePendingCopy(ctx, input.taskId, state?.pending_create_list_id ?? null);
  await deleteSyncState(db, input.taskId);
  return completed({ graphTaskId, copy, pendingCopy: pending });
}

async function deletePendingCopy(ctx: SyncContext, taskId: string, listId: string | null): Promise<string> {
  if (!listId) return 'none';
  const found = await findCopyByExternalId(ctx, listId, taskId);
  return found ? ctx.graph.tasks.delete(listId, found.id) : 'none';
}
