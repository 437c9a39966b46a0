/**
 * A task created in To Do becomes a Planner task in the project mapped to its list
 * (the Inbox for the default list), exactly once (row pull.new of src/sync/plan/pulled-task.ts): the task row and its
 * task_sync_state (unique on user + graph_task_id) are written in one transaction.
 * Then the To Do task gets our linkedResource, so a later move between lists is
 * recognised as the same task.
 */
import { insertTaskFromRemote } from '../../db/tasks-repository';
import { fromGraphTask, plannerLinkedResource } from '../../sync/field-mapping';
import { withCompletionTime, type RemoteItem, baseColumns } from './pull-fields';
import type { PullRun } from './pull-run';
import { plannerTaskUrl } from '../sync-context';
import { savePulledState } from '../../db/sync-state-repository';
import { type PulledList } from '../../db/list-mappings-repository';

export async function createLocalFromRemote(run: PullRun, list: PulledList, item: RemoteItem): Promise<void> {
  const { ctx } = run;
  const fields = withCompletionTime(fromGraphTask(item.raw, { timeZone: ctx.timeZone }), ctx.now());
  const task = await ctx.db.transaction().execute(async (tx) => {
    const row = await insertTaskFromRemote(tx, {
      userId: ctx.userId,
      projectId: list.projectId,
      title: fields.title,
      notes: fields.notes,
      dueDate: fields.due_date,
      priority: fields.priority,
      completed: fields.completed,
    });
    await savePulledState(tx, {
      userId: ctx.userId,
      taskId: row.id,
      graphTaskId: item.graphTaskId,
      graphListId: list.graphListId,
      etag: item.etag,
      ...baseColumns(fields),
      remoteModifiedAt: item.modifiedAt,
      syncedVersion: row.version,
    });
    return row;
  });
  ctx.summary.created++;
  await linkBackToPlanner(run, list, item, task.id);
}

/** Best effort: a failure only means a later move of this task is seen as delete + create. */
async function linkBackToPlanner(run: PullRun, list: PulledList, item: RemoteItem, taskId: string): Promise<void> {
  const { ctx } = run;
  const webUrl = plannerTaskUrl(ctx.appUrl, taskId);
  try {
    await ctx.graph.linkedResources.create(list.graphListId, item.graphTaskId, plannerLinkedResource({ externalId: taskId, webUrl }));
  } catch (error) {
    ctx.log.warn({ taskId, status: (error as { status?: number }).status }, 'could not link the To Do task back to Planner');
  }
}
