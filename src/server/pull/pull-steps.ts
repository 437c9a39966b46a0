/**
 * The steps of a To Do task the pull merges (issue 16 §1): the facts for the pure plan of
 * src/sync/steps-plan.ts — Planner's steps, To Do's (when the item carries them), the base
 * (the pairs last synced; none for a copy the state did not map, whose step ids are new) —
 * and the base to store after it.
 */
import { randomUUID } from 'node:crypto';
import type { StepBaseRow, Task, TaskSyncState } from '../../db/schema';
import { decideStepsBase } from '../../sync/plan/steps-base';
import { baseAsTodoHas, planSteps, remoteStepsOf, type RemoteStep, type StepsPlan } from '../../sync/steps-plan';
import type { RemoteItem } from './pull-fields';

export interface PulledSteps {
  plan: StepsPlan;
  remote: RemoteStep[];
  previousBase: StepBaseRow[] | null;
}

/** Null when there is nothing to plan: the item does not carry its steps, or it is our own echo (same etag). */
export function planPulledSteps(task: Task, state: TaskSyncState | undefined, item: RemoteItem, options: { sameCopy: boolean; localWins: boolean; now: Date }): PulledSteps | null {
  const remote = remoteStepsOf(item.raw as { checklistItems?: unknown });
  if (!remote) return null;
  if (options.sameCopy && state?.graph_etag && state.graph_etag === item.etag) return null;
  const stored = state?.steps_base ?? null;
  const itemIds = new Set(remote.map((r) => r.graphId));
  const which = decideStepsBase({
    sameCopy: options.sameCopy,
    detached: !!state && state.graph_task_id === null && stored !== null,
    baseIdsInItem: (stored ?? []).some((b) => itemIds.has(b.graphId)),
  });
  const previousBase = which.action === 'stored-base' ? stored : null;
  const plan = planSteps({ base: previousBase, local: task.steps ?? [], remote, localWins: options.localWins, newId: randomUUID, now: options.now.toISOString() });
  return { plan, remote, previousBase };
}

/** The steps base to save: the pairs as merged, or — when Planner has steps to push — as To Do holds them. */
export function stepsBaseToSave(steps: PulledSteps | null): StepBaseRow[] | undefined {
  if (!steps) return undefined;
  return steps.plan.push.length > 0 ? baseAsTodoHas(steps.plan, steps.previousBase, steps.remote) : steps.plan.base;
}

/**
 * The steps of a task restored from To Do (edit or move beats delete): To Do's, as a first
 * sync would take them (no base, nothing of Planner's); null when the item did not carry them.
 */
export function restoredSteps(item: RemoteItem, now: Date): StepsPlan | null {
  const remote = remoteStepsOf(item.raw as { checklistItems?: unknown });
  if (!remote) return null;
  return planSteps({ base: null, local: [], remote, localWins: false, newId: randomUUID, now: now.toISOString() });
}
