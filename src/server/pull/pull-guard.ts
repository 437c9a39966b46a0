/**
 * Before anything is applied: which Planner tasks the round's present items
 * belong to (so a task moved between lists is not also deleted), which removals
 * each list really carries, and whether the mass-delete guard pauses the list
 * instead (decision 0019).
 *
 * In a complete round (first round, reset, paged-GET fallback) a linked task the
 * round did not list is only a candidate: it is deleted only once a GET answers
 * 404 ("delete only what is provably gone"); if the GET finds it, it is applied
 * like any present task.
 */
import { GraphError } from '../../graph';
import { checkMassDelete, DEFAULT_MASS_DELETE_GUARD } from '../../sync/mass-delete-guard';
import { readPlannerLinks } from '../../sync/field-mapping';
import type { GraphTodoTask } from '../../sync/types';
import type { ListChanges } from './pull-list-tasks';
import { remoteItemOf, type RemoteItem } from './pull-fields';
import type { PullRun } from './pull-run';
import { linkedTasksOfList, statesByGraphIds } from '../../db/sync-state-repository';
import { pauseList } from '../../db/list-mappings-repository';

export interface ListPlan {
  changes: ListChanges;
  /** Graph ids to apply as removals (provably gone). */
  removals: string[];
}

/** Planner task ids the round's present items stand for (looked up by Graph id, else by linkedResource). */
export async function resolveIdentities(run: PullRun, rounds: ListChanges[]): Promise<Set<string>> {
  const { ctx } = run;
  const claimed = new Set<string>();
  for (const round of rounds) {
    const known = await statesByGraphIds(ctx.db, ctx.userId, round.present.map((i) => i.graphTaskId));
    for (const item of round.present) {
      const taskId = known.get(item.graphTaskId) ?? (await linkedPlannerTaskId(run, round, item));
      if (taskId) claimed.add(taskId);
    }
  }
  return claimed;
}

async function linkedPlannerTaskId(run: PullRun, round: ListChanges, item: RemoteItem): Promise<string | null> {
  if (item.plannerTaskId || Array.isArray(item.raw.linkedResources)) return item.plannerTaskId;
  const resources = await run.ctx.graph.linkedResources.list(round.list.graphListId, item.graphTaskId);
  item.raw.linkedResources = resources;
  item.plannerTaskIds = readPlannerLinks({ linkedResources: resources }).map((l) => l.externalId);
  item.plannerTaskId = item.plannerTaskIds[0] ?? null;
  return item.plannerTaskId;
}

/** The list's removals, or null when the mass-delete guard paused the list. */
export async function guardList(run: PullRun, round: ListChanges, claimed: Set<string>, held: Set<string> = new Set()): Promise<ListPlan | null> {
  const { ctx } = run;
  const list = round.list;
  const linked = await linkedTasksOfList(ctx.db, ctx.userId, list.graphListId);
  const live = linked.filter((t) => t.deleted_at === null);
  const presentIds = new Set(round.present.map((i) => i.graphTaskId));
  const candidates =
    round.mode === 'delta' ? round.removedIds : linked.map((t) => t.graph_task_id!).filter((id) => !presentIds.has(id));
  const taskOf = new Map(linked.map((t) => [t.graph_task_id!, t]));
  const deletions = candidates.filter((id) => {
    const t = taskOf.get(id);
    return t !== undefined && t.deleted_at === null && !claimed.has(t.task_id);
  });
  const decision = checkMassDelete(
    {
      mode: round.mode === 'complete' ? 'reset' : 'incremental',
      mappedTaskCount: live.length,
      deletionCount: deletions.length,
      remainingTaskCount: round.mode === 'complete' ? round.present.length : Math.max(0, live.length - deletions.length + round.present.length),
      force: ctx.options.forceLists?.includes(list.graphListId),
    },
    ctx.options.massDeleteGuard ?? DEFAULT_MASS_DELETE_GUARD,
  );
  if (decision.kind === 'pause') {
    await pauseList(ctx.db, list.id, `${decision.reason}: ${decision.message}`);
    ctx.summary.listsPaused++;
    ctx.log.warn({ listId: list.graphListId, reason: decision.reason }, `list sync paused by the mass-delete guard: ${decision.message}`);
    return null;
  }
  const unclaimed = candidates.filter((id) => !claimed.has(taskOf.get(id)?.task_id ?? ''));
  // A delta removal of a task present in another pulled list is harmless (that item is
  // applied first and relinks it); one present only in a list awaiting archive (`held`)
  // is a move there, not a deletion.
  const removals = round.mode === 'delta' ? candidates.filter((id) => !held.has(taskOf.get(id)?.task_id ?? '')) : await confirmGone(run, round, unclaimed);
  return { changes: round, removals };
}

/** GET each candidate: 404 → gone; found → treated as present after all. */
async function confirmGone(run: PullRun, round: ListChanges, candidates: string[]): Promise<string[]> {
  const gone: string[] = [];
  for (const id of candidates) {
    try {
      const item = remoteItemOf((await run.ctx.graph.tasks.get(round.list.graphListId, id)) as GraphTodoTask);
      if (item) round.present.push(item);
    } catch (error) {
      if (!(error instanceof GraphError && error.status === 404)) throw error;
      gone.push(id);
    }
  }
  return gone;
}
