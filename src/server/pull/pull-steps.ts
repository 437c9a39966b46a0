/**
 * The steps of a To Do task the pull merges (issue 16 §1): the facts for the pure plan of
 * src/sync/steps-plan.ts — Planner's steps, To Do's (when the item carries them), the base
 * (the pairs last synced; none for a copy the state did not map, whose step ids are new) —
 * and the base to store after it.
 */
import { randomUUID } from 'node:crypto';
import type { StepBaseRow, Task, TaskSyncState } from '../../db/schema';
import { decideStepsBase } from '../../sync/plan/steps-base';
import { baseAsTodoHas, rekeyBaseByTitle, planSteps, remoteStepsOf, type RemoteStep, type StepsPlan } from '../../sync/steps-plan';
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
  const previousBase = stepsBaseFor(state, options.sameCopy, remote);
  const plan = planSteps({ base: previousBase, local: task.steps ?? [], remote, localWins: options.localWins, newId: randomUUID, now: options.now.toISOString() });
  return { plan, remote, previousBase };
}

/** The stored steps base the item's steps pair through, or null to pair by title (table steps-base). */
export function stepsBaseFor(state: TaskSyncState | undefined, sameCopy: boolean, remote: RemoteStep[]): StepBaseRow[] | null {
  const stored = state?.steps_base ?? null;
  const itemIds = new Set(remote.map((r) => r.graphId));
  const which = decideStepsBase({
    sameCopy,
    detached: !!state && state.graph_task_id === null && stored !== null,
    baseIdsInItem: (stored ?? []).some((b) => itemIds.has(b.graphId)),
  });
  if (which.action === 'stored-base') return stored;
  // Another copy (moved in To Do): its steps are the same, with new ids; the stored pairs are found again by title.
  const rekeyed = stored ? rekeyBaseByTitle(stored, remote) : [];
  return rekeyed.length > 0 ? rekeyed : null;
}

/** The steps base to save: the pairs as merged, or — when Planner has steps to push — as To Do holds them. */
export function stepsBaseToSave(steps: PulledSteps | null): StepBaseRow[] | undefined {
  if (!steps) return undefined;
  return steps.plan.push.length > 0 ? baseAsTodoHas(steps.plan, steps.previousBase, steps.remote) : steps.plan.base;
}

