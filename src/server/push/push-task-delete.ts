/**
 * The `delete` job (guide §6.4; rows delete.* of src/sync/plan/task-push.ts): DELETE the task's To Do copy (404 counts as done)
 * and forget its sync state. The Graph ids come from the sync state, else from the
 * job payload (enqueued with them, for when the state row is already gone). A copy
 * an interrupted create may have made (pending-create marker) is found by
 * externalId and deleted too. A task restored before the job ran is left alone:
 * the restore's update job keeps its copy. A copy To Do edited since the last sync (its
 * etag moved; one GET, since Graph documents no If-Match on DELETE) is pulled first, so
 * the pull table decides: an edit beats the delete and the task comes back.
 */
import { deleteSyncState, findSyncState } from '../../db/sync-state-repository';
import { findTaskById } from '../../db/tasks-repository';
import { completed, skipped, type JobOutcome } from '../../jobs/types';
import { decideTaskDelete, type TaskDeleteFacts } from '../../sync/plan/task-push';
import type { TaskSyncState } from '../../db/schema';
import { GraphError } from '../../graph';
import { runFullSync } from '../pull/pull-full-sync';
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
  const taskFact = async () => {
    const task = await findTaskById(db, input.taskId);
    return !task ? 'missing' : task.deleted_at ? 'deleted' : 'live';
  };
  const facts: TaskDeleteFacts = { task: await taskFact(), copy: 'unknown' };
  // Decide, find out what the table asks for, decide again (rows delete.* of task-push.ts).
  for (let round = 0; round < 4; round++) {
    const decision = decideTaskDelete(facts);
    if (decision.action === 'skip') return skipped('task was restored: its To Do copy stays');
    if (decision.action === 'delete-copies') return deleteCopies(ctx, input);
    const state = await findSyncState(db, input.taskId);
    if (decision.action === 'check-copy') {
      facts.copy = await compareCopy(ctx, state);
    } else {
      ctx.log.info({ taskId: input.taskId, graphTaskId: state?.graph_task_id, rule: decision.rowId }, 'To Do copy changed since the last sync: pulling it before deleting');
      if (state?.graph_list_id) await pullListOf(ctx, state.graph_list_id);
      facts.task = await taskFact();
      facts.copy = 'pulled';
    }
  }
  throw new Error(`delete of task ${input.taskId}: the decision did not settle`);
}

/**
 * The aimed pull of the copy's list. A 404 on the way (the list or the copy went
 * meanwhile, deleted in Outlook) leaves nothing to judge: the delete goes on, as it did
 * before the copy was read (the full_sync handles a list that went).
 */
async function pullListOf(ctx: SyncContext, graphListId: string): Promise<void> {
  try {
    await runFullSync(ctx, { lists: [graphListId] });
  } catch (error) {
    if (!(error instanceof GraphError && error.status === 404)) throw error;
    ctx.log.info({ graphListId, error: error.message }, 'the copy\'s list or copy went while the delete job pulled it: deleting as before');
  }
}

/** The mapped copy against the state's etag (one GET). */
async function compareCopy(ctx: SyncContext, state: TaskSyncState | undefined): Promise<TaskDeleteFacts['copy']> {
  if (!state?.graph_task_id || !state.graph_list_id || !state.graph_etag || state.pending_create_list_id) return 'unknowable';
  try {
    const copy = await ctx.graph.tasks.get(state.graph_list_id, state.graph_task_id);
    return copy['@odata.etag'] === state.graph_etag ? 'unchanged' : 'changed';
  } catch (error) {
    if (error instanceof GraphError && error.status === 404) return 'unknowable';
    throw error;
  }
}

async function deleteCopies(ctx: SyncContext, input: TaskDeleteInput): Promise<JobOutcome> {
  const db = ctx.db;
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
