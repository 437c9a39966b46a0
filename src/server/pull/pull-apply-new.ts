/**
 * A task created in To Do becomes a Planner task in the project mapped to its list
 * (the Inbox for the default list), exactly once (row pull.new of src/sync/plan/pulled-task.ts): the task row and its
 * task_sync_state (unique on user + graph_task_id) are written in one transaction.
 * Then the To Do task gets our linkedResource, so a later move between lists is
 * recognised as the same task.
 */
import { randomUUID } from 'node:crypto';
import { insertTaskFromRemote } from '../../db/tasks-repository';
import { planSteps, remoteStepsOf } from '../../sync/steps-plan';
import { fromGraphTask, plannerLinkedResource, readPlannerLinks } from '../../sync/field-mapping';
import { newTaskOf, withCompletionTime, type RemoteItem, baseColumns } from './pull-fields';
import type { PullRun } from './pull-run';
import { decidePlannerLink } from '../../sync/plan/planner-link';
import { plannerTaskUrl } from '../sync-context';
import { savePulledState } from '../../db/sync-state-repository';
import { type PulledList } from '../../db/list-mappings-repository';

export async function createLocalFromRemote(run: PullRun, list: PulledList, item: RemoteItem): Promise<void> {
  const { ctx } = run;
  const fields = withCompletionTime(fromGraphTask(item.raw, { timeZone: ctx.timeZone }), ctx.now());
  // Its steps come along (new Planner ids, paired with To Do's in the base).
  const steps = planSteps({ base: null, local: [], remote: remoteStepsOf(item.raw as { checklistItems?: unknown }), localWins: false, newId: randomUUID, now: ctx.now().toISOString() });
  const task = await ctx.db.transaction().execute(async (tx) => {
    const created = newTaskOf(ctx.userId, list.projectId, fields);
    const row = await insertTaskFromRemote(tx, { ...created, more: { ...created.more, steps: steps.local ?? [] } });
    await savePulledState(tx, {
      userId: ctx.userId,
      taskId: row.id,
      graphTaskId: item.graphTaskId,
      graphListId: list.graphListId,
      etag: item.etag,
      ...baseColumns(fields),
      remoteModifiedAt: item.modifiedAt,
      syncedVersion: row.version,
      stepsBase: remoteStepsOf(item.raw as { checklistItems?: unknown }) ? steps.base : undefined,
    });
    return row;
  });
  ctx.summary.created++;
  await linkBackToPlanner(run, list, item, task.id);
}

/**
 * The To Do task's one Planner link now names the new task (rows link.* of
 * src/sync/plan/planner-link.ts). Best effort: a failure only means a later move of this
 * task is seen as delete + create.
 */
async function linkBackToPlanner(run: PullRun, list: PulledList, item: RemoteItem, taskId: string): Promise<void> {
  const { ctx } = run;
  const link = plannerLinkedResource({ externalId: taskId, webUrl: plannerTaskUrl(ctx.appUrl, taskId) });
  try {
    const known = Array.isArray(item.raw.linkedResources) ? item.raw.linkedResources : await ctx.graph.linkedResources.list(list.graphListId, item.graphTaskId);
    const current = readPlannerLinks({ linkedResources: known }).find((l) => l.id);
    const { action } = decidePlannerLink({ existing: !current ? 'none' : current.externalId === taskId ? 'to-this-task' : 'to-another-task' });
    if (action === 'add-link') await ctx.graph.linkedResources.create(list.graphListId, item.graphTaskId, link);
    if (action === 'rewrite-link') await ctx.graph.linkedResources.update(list.graphListId, item.graphTaskId, current!.id!, { externalId: taskId, webUrl: link.webUrl });
  } catch (error) {
    ctx.log.warn({ taskId, status: (error as { status?: number }).status }, 'could not link the To Do task back to Planner');
  }
}
