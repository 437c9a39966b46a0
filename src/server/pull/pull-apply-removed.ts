/**
 * A task To Do reported gone (@removed, or missing from a complete round and
 * confirmed by a 404): the facts go to the pull table (src/sync/plan/pulled-task.ts,
 * rows pull.removed.*), which uses the three-way plan with remote = null:
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
import { decidePulledTask, type PulledTaskFacts } from '../../sync/plan/pulled-task';
import { planTaskSync } from '../../sync/three-way';
import { insertDeletionConflict } from '../../db/conflicts-repository';
import { isoOf, localFieldsOf } from './pull-fields';
import type { PullRun } from './pull-run';
import { deleteSyncState, findStateByGraphId } from '../../db/sync-state-repository';
import { queuePushUnlessActive } from './leave-to-push';
import { skipPendingJobs } from '../../db/task-jobs-repository';

export async function applyRemovedTask(run: PullRun, graphTaskId: string): Promise<void> {
  const { ctx } = run;
  const db = ctx.db;
  const state = await findStateByGraphId(db, ctx.userId, graphTaskId);
  const task = state ? await findTaskById(db, state.task_id) : undefined;
  const facts: PulledTaskFacts = {
    remote: 'removed',
    link: state ? 'linked' : 'none',
    task: !task ? 'missing' : task.deleted_at ? 'deleted' : 'live',
    projectOpen: task ? await run.acceptsChanges(task.project_id) : false,
    state: state ? 'this-copy' : 'none',
    interruptedPush: Boolean(state?.pending_create_list_id),
    threeWay: 'nothing',
    editedAfterDelete: false,
    movedInTodo: false,
    copiedInTodo: false,
  };
  if (state && task) {
    facts.threeWay = planTaskSync({
      base: parseTaskSnapshot(state.snapshot),
      baseEtag: state.graph_etag,
      local: task.deleted_at ? null : { fields: localFieldsOf(task), modifiedAt: isoOf(task.updated_at)! },
      remote: null,
      now: ctx.now().toISOString(),
    }).kind as PulledTaskFacts['threeWay'];
  }
  const { action, rowId } = decidePulledTask(facts);
  switch (action) {
    case 'skip':
      return;
    case 'forget':
      return deleteSyncState(db, state!.task_id);
    case 'finish-push':
      return queuePushUnlessActive(db, { userId: ctx.userId, taskId: task!.id, projectId: task!.project_id, reason: 'finish_interrupted_move' }, ctx);
    case 'delete-local':
      await db.transaction().execute(async (tx) => {
        await deleteTaskFromRemote(tx, task!.id);
        await deleteSyncState(tx, task!.id);
        await skipPendingJobs(tx, { taskId: task!.id, actions: ['create', 'update', 'delete'], reason: 'superseded: the task was deleted in To Do', now: ctx.now() });
      });
      ctx.summary.deleted++;
      return;
    case 'recreate':
      await db.transaction().execute(async (tx) => {
        await deleteSyncState(tx, task!.id);
        await enqueueTaskSyncJob(tx, { userId: ctx.userId, action: 'create', taskId: task!.id, projectId: task!.project_id, payload: { reason: 'edit_beats_delete' } }, ctx);
        await insertDeletionConflict(tx, {
          userId: ctx.userId,
          taskId: task!.id,
          graphTaskId,
          localModifiedAt: isoOf(task!.updated_at),
          remoteModifiedAt: null,
          deletedBy: 'remote',
        });
      });
      ctx.summary.pushedBack++;
      return;
    default:
      throw new Error(`pull: action ${action} (${rowId}) does not apply to a removed To Do task`);
  }
}
