/**
 * A task To Do reported gone (@removed, or missing from a complete round and
 * confirmed by a 404). Through the three-way plan with remote = null:
 *  - unchanged in Planner since the last sync → soft-deleted in Planner (no job);
 *  - edited in Planner since → edit beats delete: the sync state is dropped and a
 *    create job puts it back in To Do;
 *  - already deleted in Planner too → the sync state is forgotten.
 * A task that moved to another list was re-linked before removals run, so its
 * old id no longer finds it here. A task whose move from Planner was interrupted
 * after its POST keeps living in its new list.
 */
import { deleteTaskFromRemote, findTaskById } from '../../db/tasks-repository';
import { enqueueTaskSyncJob } from '../../jobs/queue';
import { parseTaskSnapshot } from '../../sync/snapshot';
import { planTaskSync } from '../../sync/three-way';
import { isoOf, localFieldsOf } from './pull-fields';
import type { PullRun } from './pull-run';
import { findStateByGraphId, forgetState, queuePushUnlessActive, skipPendingJobs } from './pull-store';

export async function applyRemovedTask(run: PullRun, graphTaskId: string): Promise<void> {
  const { ctx } = run;
  const db = ctx.deps.outlook.db;
  const state = await findStateByGraphId(db, ctx.userId, graphTaskId);
  if (!state) return;
  const task = await findTaskById(db, state.task_id);
  if (!task) return forgetState(db, state.task_id);
  if (!(await run.acceptsChanges(task.project_id))) return;
  if (state.pending_create_list_id && !task.deleted_at) {
    // The old copy of a task whose Planner move was interrupted after its POST into the new
    // list is gone: deleted by that move's own DELETE before its worker died, or by the user.
    // Either way the task lives on in its new list (a move is an edit, and an edit beats a
    // delete): the push adopts the new copy.
    return queuePushUnlessActive(db, { userId: ctx.userId, taskId: task.id, projectId: task.project_id, reason: 'finish_interrupted_move' });
  }
  const plan = planTaskSync({
    base: parseTaskSnapshot(state.snapshot),
    baseEtag: state.graph_etag,
    local: task.deleted_at ? null : { fields: localFieldsOf(task), modifiedAt: isoOf(task.updated_at)! },
    remote: null,
    now: ctx.now().toISOString(),
  });
  if (plan.kind === 'delete-local') {
    await db.transaction().execute(async (tx) => {
      await deleteTaskFromRemote(tx, task.id);
      await forgetState(tx, task.id);
      await skipPendingJobs(tx, task.id, ['create', 'update', 'delete'], 'superseded: the task was deleted in To Do');
    });
    ctx.summary.deleted++;
  } else if (plan.kind === 'create-remote') {
    await db.transaction().execute(async (tx) => {
      await forgetState(tx, task.id);
      await enqueueTaskSyncJob(tx, { userId: ctx.userId, action: 'create', taskId: task.id, projectId: task.project_id, payload: { reason: 'edit_beats_delete' } });
    });
    ctx.summary.pushedBack++;
  } else if (plan.kind === 'forget') {
    await forgetState(db, task.id);
  }
}
