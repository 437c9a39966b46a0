/**
 * Planner's steps on their way to To Do (issue 16 §1, decision 0057): the pure plan of
 * src/sync/steps-plan.ts against the steps base, carried out one checklistItem at a time
 * (POST a new step, PATCH only what changed of one, DELETE one: never the whole task).
 * A fresh copy (a create, a move, a recreate) gets every step; a copy an earlier attempt
 * made is matched by its steps' titles, then in order (pairAdoptedSteps), so a retry adds
 * none twice, even of a step renamed in Planner between the attempts.
 */
import { randomUUID } from 'node:crypto';
import type { StepBaseRow, Task, TaskSyncState } from '../../db/schema';
import { GraphError } from '../../graph';
import { pairAdoptedSteps, planSteps, remoteFromBase, remoteStepsOf, stepsChanged, type RemoteStep, type Step, type StepOp } from '../../sync/steps-plan';
import type { SyncContext } from '../sync-context';

export type StepsTarget =
  /** The copy the state maps: plan against the stored steps base. */
  | { kind: 'mapped'; state: TaskSyncState | undefined }
  /** A copy just POSTed: it has no steps. */
  | { kind: 'fresh' }
  /** A copy an interrupted attempt made (adopted): read what steps it has. */
  | { kind: 'adopted' };

/** True when Planner's steps differ from what was last synced (the push has something to write). */
export function hasStepsToPush(task: Task, state: TaskSyncState | undefined): boolean {
  return stepsChanged(state?.steps_base ?? null, task.steps ?? []);
}

/** Writes the step changes to the copy; returns the new steps base and how many writes it took. */
export async function pushSteps(ctx: SyncContext, task: Task, listId: string, graphTaskId: string, target: StepsTarget): Promise<{ base: StepBaseRow[]; writes: number; madeAgain: string[] }> {
  const local = task.steps ?? [];
  const { base, remote } = await startingPoint(ctx, listId, graphTaskId, target, local);
  const plan = planSteps({ base, local, remote, localWins: true, newId: randomUUID, now: ctx.now().toISOString() });
  const next = [...plan.base];
  // Steps made again in To Do (edit beats delete): To Do puts them last, and so will Planner.
  const madeAgain: string[] = [];
  const pairedBefore = new Set((base ?? []).map((b) => b.id));
  for (const op of plan.push) {
    if (op.kind === 'create-remote') {
      const made = await ctx.graph.checklistItems.create(listId, graphTaskId, { displayName: op.title, isChecked: op.checked });
      next.push({ id: op.stepId, graphId: made.id, title: op.title, checked: op.checked });
      if (pairedBefore.has(op.stepId)) madeAgain.push(op.stepId);
    } else if (op.kind === 'patch-remote') {
      const patched = await patchStep(ctx, listId, graphTaskId, op);
      if (patched === 'gone') {
        // Deleted in To Do since the base, changed in Planner: the edit beats the delete, the step is made again.
        const step = local.find((s) => s.id === op.stepId)!;
        const made = await ctx.graph.checklistItems.create(listId, graphTaskId, { displayName: step.title, isChecked: step.checked });
        const at = next.findIndex((b) => b.id === op.stepId);
        next.splice(at < 0 ? next.length : at, at < 0 ? 0 : 1, { id: step.id, graphId: made.id, title: step.title, checked: step.checked });
        madeAgain.push(step.id);
      }
    } else {
      await ctx.graph.checklistItems.delete(listId, graphTaskId, op.graphId);
    }
  }
  return { base: next, writes: plan.push.length, madeAgain };
}

/**
 * PATCHes one step; 'gone' when To Do answers 404 for the step (deleted there). A 404 for
 * the task itself surfaces on the POST that follows, as the task's own 404.
 */
async function patchStep(ctx: SyncContext, listId: string, graphTaskId: string, op: Extract<StepOp, { kind: 'patch-remote' }>): Promise<'patched' | 'gone'> {
  try {
    await ctx.graph.checklistItems.patch(listId, graphTaskId, op.graphId, {
      ...(op.changes.title !== undefined ? { displayName: op.changes.title } : {}),
      ...(op.changes.checked !== undefined ? { isChecked: op.changes.checked } : {}),
    });
    return 'patched';
  } catch (error) {
    if (error instanceof GraphError && error.status === 404) return 'gone';
    throw error;
  }
}

async function startingPoint(ctx: SyncContext, listId: string, graphTaskId: string, target: StepsTarget, local: Step[]): Promise<{ base: StepBaseRow[] | null; remote: RemoteStep[] }> {
  if (target.kind === 'fresh') return { base: [], remote: [] };
  if (target.kind === 'adopted') {
    const items = await ctx.graph.checklistItems.list(listId, graphTaskId);
    const remote = remoteStepsOf({ checklistItems: items }) ?? [];
    return { base: pairAdoptedSteps(local, remote), remote };
  }
  const base = target.state?.steps_base ?? null;
  return { base, remote: remoteFromBase(base) };
}
