/**
 * The steps of a To Do task the pull merges (issue 16 §1): the facts for the pure plan of
 * src/sync/steps-plan.ts — Planner's steps, To Do's (when the item carries them), the base
 * (the pairs last synced; none for a copy the state did not map, whose step ids are new) —
 * and the base to store after it.
 */
import { randomUUID } from 'node:crypto';
import type { StepBaseRow, Task, TaskSyncState } from '../../db/schema';
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
  const previousBase = options.sameCopy ? (state?.steps_base ?? null) : null;
  const plan = planSteps({ base: previousBase, local: task.steps ?? [], remote, localWins: options.localWins, newId: randomUUID, now: options.now.toISOString() });
  return { plan, remote, previousBase };
}

/** The steps base to save: the pairs as merged, or — when Planner has steps to push — as To Do holds them. */
export function stepsBaseToSave(steps: PulledSteps | null): StepBaseRow[] | undefined {
  if (!steps) return undefined;
  return steps.plan.push.length > 0 ? baseAsTodoHas(steps.plan, steps.previousBase, steps.remote) : steps.plan.base;
}
