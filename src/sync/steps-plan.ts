/**
 * Subtasks ↔ To Do steps (checklistItems), issue 16 §1: a three-way plan per step, as
 * three-way.ts is per field. Steps are paired by id through the last-synced base
 * (Planner step id ↔ Graph checklistItem id); each pair merges its title and its check
 * mark against the base; a step new on one side is created on the other; a step deleted
 * on one side is deleted on the other unless the other side changed it since (an edit
 * beats a delete). Only what changed is written to Graph, one checklistItem at a time.
 *
 * Order is Planner's: Graph has no order for steps (they come back in creation order), so a
 * reorder in Planner stays in Planner. A step To Do adds (or brings back) goes where To Do
 * has it: right after the step it follows in To Do (first when it follows none), so steps
 * added at the end on both sides end in the same order on both (Planner's new ones are
 * created in To Do after them).
 * Pure: ids for new Planner steps and the time come in.
 */

/** A Planner step (tasks.steps). */
export interface Step {
  id: string;
  title: string;
  checked: boolean;
  checked_at: string | null;
}

/** A To Do step as Graph returns it. */
export interface RemoteStep {
  graphId: string;
  title: string;
  checked: boolean;
  checkedAt: string | null;
}

/** One synced pair, as last seen on both sides (task_sync_state.steps_base). */
export interface StepBase {
  id: string;
  graphId: string;
  title: string;
  checked: boolean;
}

export type StepOp =
  | { kind: 'create-remote'; stepId: string; title: string; checked: boolean }
  | { kind: 'patch-remote'; stepId: string; graphId: string; changes: { title?: string; checked?: boolean } }
  | { kind: 'delete-remote'; graphId: string };

export interface StepsPlan {
  /** Planner's steps once To Do's changes are in (null: nothing to change in Planner). */
  local: Step[] | null;
  /** Writes to To Do, in order. */
  push: StepOp[];
  /** The base once the writes are done; a 'create-remote' step joins it with the id its POST returns. */
  base: StepBase[];
}

export interface PlanStepsInput {
  /** null: steps were never synced for this task (a first sync pairs equal titles instead of duplicating). */
  base: StepBase[] | null;
  local: Step[];
  /** null: To Do's steps are not known (the item did not carry them): nothing is planned. */
  remote: RemoteStep[] | null;
  /** A step edited on both sides takes Planner's value when true (the later edit), else To Do's. */
  localWins: boolean;
  newId: () => string;
  now: string;
}

/** The base as To Do's side, for a push that knows no newer To Do state than the base. */
export function remoteFromBase(base: StepBase[] | null): RemoteStep[] {
  return (base ?? []).map((b) => ({ graphId: b.graphId, title: b.title, checked: b.checked, checkedAt: null }));
}

/** True when Planner's steps differ from the base (something for a push to write). */
export function stepsChanged(base: StepBase[] | null, local: Step[]): boolean {
  if (!base) return local.length > 0;
  if (base.length !== local.length) return true;
  const byId = new Map(local.map((s) => [s.id, s]));
  return base.some((b) => {
    const l = byId.get(b.id);
    return !l || l.title !== b.title || l.checked !== b.checked;
  });
}

export function planSteps(input: PlanStepsInput): StepsPlan {
  const { local, remote } = input;
  if (remote === null) return { local: null, push: [], base: input.base ?? [] };
  const base = input.base ?? coldStartPairs(local, remote);
  const localById = new Map(local.map((s) => [s.id, s]));
  const remoteById = new Map(remote.map((s) => [s.graphId, s]));
  const pairedLocal = new Set(base.map((b) => b.id));
  const pairedRemote = new Set(base.map((b) => b.graphId));

  const push: StepOp[] = [];
  const nextBase: StepBase[] = [];
  const kept = new Map<string, Step>(); // Planner steps after the merge, by id
  const appended: Step[] = []; // steps To Do brings back or adds, placed as To Do has them
  const madeAgain = new Set<string>(); // kept over To Do's delete: the push makes them again, last

  for (const b of base) {
    const l = localById.get(b.id);
    const r = remoteById.get(b.graphId);
    if (l && r) {
      const merged = mergePair(b, l, r, input);
      kept.set(l.id, merged.step);
      if (merged.changes) push.push({ kind: 'patch-remote', stepId: l.id, graphId: r.graphId, changes: merged.changes });
      nextBase.push({ id: l.id, graphId: r.graphId, title: merged.step.title, checked: merged.step.checked });
    } else if (l) {
      // Deleted in To Do: gone in Planner too, unless Planner changed it since (edit beats delete).
      if (l.title !== b.title || l.checked !== b.checked) {
        kept.set(l.id, l);
        push.push({ kind: 'create-remote', stepId: l.id, title: l.title, checked: l.checked });
        madeAgain.add(l.id);
      }
    } else if (r) {
      // Deleted in Planner: gone in To Do too, unless To Do changed it since.
      if (r.title !== b.title || r.checked !== b.checked) {
        const step = stepOf(input.newId(), r, input.now);
        appended.push(step);
        nextBase.push({ id: step.id, graphId: r.graphId, title: r.title, checked: r.checked });
      } else {
        push.push({ kind: 'delete-remote', graphId: r.graphId });
      }
    }
  }
  for (const l of local) {
    if (pairedLocal.has(l.id)) continue;
    kept.set(l.id, l);
    push.push({ kind: 'create-remote', stepId: l.id, title: l.title, checked: l.checked });
  }
  for (const r of remote) {
    if (pairedRemote.has(r.graphId)) continue;
    const step = stepOf(input.newId(), r, input.now);
    appended.push(step);
    nextBase.push({ id: step.id, graphId: r.graphId, title: r.title, checked: r.checked });
  }

  const placed = placeAsTodoHas(
    local.filter((s) => kept.has(s.id)).map((s) => kept.get(s.id)!),
    appended,
    remote,
    nextBase,
  );
  // A step To Do deleted and Planner changed comes back in To Do as a new step, last: it goes
  // last in Planner too, so both apps show one order (liveness soak seed 1896679729).
  const merged = [...placed.filter((s) => !madeAgain.has(s.id)), ...placed.filter((s) => madeAgain.has(s.id))];
  const localChanged = merged.length !== local.length || merged.some((s, i) => !sameStep(s, local[i]));
  return { local: localChanged ? merged : null, push, base: nextBase };
}

/**
 * Planner's kept steps with To Do's new ones inserted: each right after the step it
 * follows in To Do's order (the nearest earlier To Do step Planner holds), or first when
 * none comes before it in To Do. Planner's own order of its steps is untouched.
 */
function placeAsTodoHas(kept: Step[], added: Step[], remote: RemoteStep[], pairs: StepBase[]): Step[] {
  if (added.length === 0) return kept;
  const result = [...kept];
  const addedById = new Map(added.map((s) => [s.id, s]));
  const idOfGraph = new Map(pairs.map((b) => [b.graphId, b.id]));
  let anchor: string | null = null; // Planner id of the last To Do step seen that Planner holds
  for (const r of remote) {
    const id = idOfGraph.get(r.graphId);
    if (id === undefined) continue;
    const step = addedById.get(id);
    if (step) result.splice(anchor === null ? 0 : result.findIndex((s) => s.id === anchor) + 1, 0, step);
    if (step || result.some((s) => s.id === id)) anchor = id;
  }
  return result;
}

type StepChanges = { title?: string; checked?: boolean };

function mergePair(b: StepBase, l: Step, r: RemoteStep, input: PlanStepsInput): { step: Step; changes: StepChanges | null } {
  const pick = <T>(baseValue: T, localValue: T, remoteValue: T): { value: T; push: boolean } => {
    const localChanged = localValue !== baseValue;
    const remoteChanged = remoteValue !== baseValue;
    if (localValue === remoteValue) return { value: localValue, push: false };
    if (localChanged && (!remoteChanged || input.localWins)) return { value: localValue, push: true };
    if (remoteChanged) return { value: remoteValue, push: false };
    return { value: localValue, push: false };
  };
  const title = pick(b.title, l.title, r.title);
  const checked = pick(b.checked, l.checked, r.checked);
  const changes: StepChanges = {};
  if (title.push) changes.title = title.value;
  if (checked.push) changes.checked = checked.value;
  const checkedAt = checked.value === l.checked ? l.checked_at : checked.value ? (r.checkedAt ?? input.now) : null;
  return {
    step: { id: l.id, title: title.value, checked: checked.value, checked_at: checked.value ? (checkedAt ?? input.now) : null },
    changes: Object.keys(changes).length > 0 ? changes : null,
  };
}

/** Never synced: a Planner step and a To Do step with the same title are one step (no duplicate at the first sync). */
function coldStartPairs(local: Step[], remote: RemoteStep[]): StepBase[] {
  const free = [...remote];
  const pairs: StepBase[] = [];
  for (const l of local) {
    const at = free.findIndex((r) => r.title.trim() === l.title.trim());
    if (at < 0) continue;
    const [r] = free.splice(at, 1);
    // An unknown base: each side's value counts as unchanged, so differences merge as "To Do's".
    pairs.push({ id: l.id, graphId: r.graphId, title: l.title, checked: l.checked });
  }
  return pairs;
}

/**
 * The base of a copy an interrupted push made from Planner's steps (adopted by externalId
 * on the retry): its steps were POSTed in Planner's order with Planner's titles of then.
 * Equal titles pair first; the steps left on each side pair in order (a step renamed or
 * checked in Planner since, so the push PATCHes it rather than adding it again beside the
 * old one). Each pair's base is To Do's side, so what Planner changed since is pushed.
 */
export function pairAdoptedSteps(local: Step[], remote: RemoteStep[]): StepBase[] {
  const free = [...remote];
  const byTitle = new Map<string, StepBase>();
  const unpaired: Step[] = [];
  for (const l of local) {
    const at = free.findIndex((r) => r.title.trim() === l.title.trim());
    if (at < 0) {
      unpaired.push(l);
      continue;
    }
    const [r] = free.splice(at, 1);
    byTitle.set(l.id, { id: l.id, graphId: r.graphId, title: r.title, checked: r.checked });
  }
  const byOrder = new Map(unpaired.slice(0, free.length).map((l, i) => [l.id, { id: l.id, graphId: free[i].graphId, title: free[i].title, checked: free[i].checked }]));
  // Steps still left were POSTed for Planner steps deleted since: paired with no Planner
  // step, so the plan deletes them (deleted in Planner, unchanged in To Do).
  const leftOver = free.slice(unpaired.length).map((r) => ({ id: `adopted:${r.graphId}`, graphId: r.graphId, title: r.title, checked: r.checked }));
  return [...local.flatMap((l) => byTitle.get(l.id) ?? byOrder.get(l.id) ?? []), ...leftOver];
}

function stepOf(id: string, r: RemoteStep, now: string): Step {
  return { id, title: r.title, checked: r.checked, checked_at: r.checked ? (r.checkedAt ?? now) : null };
}

function sameStep(a: Step, b: Step | undefined): boolean {
  return !!b && a.id === b.id && a.title === b.title && a.checked === b.checked && a.checked_at === b.checked_at;
}

/**
 * The base of a copy the steps' ids do not carry over to (a task moved in To Do is a new
 * task with new step ids), found again by title: each pair matched to a To Do step with
 * the title the pair was synced with. So a step renamed or checked in Planner while To Do
 * moved the task is that step changed, not a second one. A pair with no such step keeps
 * its old id, which the copy does not hold: the step was deleted (or renamed) in To Do, so
 * it goes in Planner too unless Planner changed it since (liveness soak seed 1896678669:
 * dropping the pair made the step new in Planner, and the push put it back in To Do).
 */
export function rekeyBaseByTitle(base: StepBase[], remote: RemoteStep[]): StepBase[] {
  const free = [...remote];
  return base.map((b) => {
    const at = free.findIndex((r) => r.title === b.title);
    if (at < 0) return b;
    const [r] = free.splice(at, 1);
    return { ...b, graphId: r.graphId };
  });
}

/**
 * To Do's steps, whole, as Planner's: what a task deleted in Planner and edited in To Do
 * comes back with (edit beats delete brings back To Do's fields, and its steps with them).
 * A step the base pairs keeps its Planner id (and its checked time when still checked);
 * the others get new ids. The base is every pair, as To Do holds it.
 */
export function adoptRemoteSteps(input: { base: StepBase[] | null; local: Step[]; remote: RemoteStep[]; newId: () => string; now: string }): { local: Step[]; base: StepBase[] } {
  const localById = new Map(input.local.map((s) => [s.id, s]));
  const idOfGraph = new Map((input.base ?? []).map((b) => [b.graphId, b.id]));
  const local: Step[] = [];
  const base: StepBase[] = [];
  for (const r of input.remote) {
    const pairedId = idOfGraph.get(r.graphId);
    const before = pairedId !== undefined ? localById.get(pairedId) : undefined;
    const id = pairedId ?? input.newId();
    const checkedAt = r.checked ? (before?.checked ? before.checked_at : null) ?? r.checkedAt ?? input.now : null;
    local.push({ id, title: r.title, checked: r.checked, checked_at: checkedAt });
    base.push({ id, graphId: r.graphId, title: r.title, checked: r.checked });
  }
  return { local, base };
}

/**
 * True when the steps a copy holds right after our step writes are exactly the pairs those
 * writes leave (the same items, titles and check marks): only then is the copy's etag the
 * echo of our writes. Step writes carry no If-Match, so a step changed in To Do meanwhile
 * (deleted, added, renamed, checked) is in the copy read back; storing its etag as ours
 * would make the pull skip that change for good. Unknown steps (not carried): true.
 */
export function holdsOnlyOurSteps(base: StepBase[], remote: RemoteStep[] | null): boolean {
  if (remote === null) return true;
  if (remote.length !== base.length) return false;
  const byGraph = new Map(remote.map((r) => [r.graphId, r]));
  return base.every((b) => {
    const r = byGraph.get(b.graphId);
    return !!r && r.title === b.title && r.checked === b.checked;
  });
}

/** The To Do steps a Graph task carries, or null when it does not carry them (not expanded). */
export function remoteStepsOf(task: { checklistItems?: unknown }): RemoteStep[] | null {
  if (!Array.isArray(task.checklistItems)) return null;
  return task.checklistItems
    .filter((i): i is { id: string; displayName?: unknown; isChecked?: unknown; checkedDateTime?: unknown } => typeof i?.id === 'string')
    .map((i) => ({
      graphId: i.id,
      title: (typeof i.displayName === 'string' ? i.displayName : '').trim().slice(0, 255) || 'Untitled step',
      checked: i.isChecked === true,
      checkedAt: readCheckedAt(i.checkedDateTime),
    }));
}

function readCheckedAt(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(/[zZ]|[+-]\d{2}:\d{2}$/.test(value) ? value : `${value}Z`);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

/**
 * The base to store when Planner still has step changes to push: each pair as To Do holds
 * it now, so the push job (planning against this base) sees exactly Planner's side as
 * changed — as three-way.ts does for fields. Pairs whose To Do step is gone are dropped
 * (the push creates them again); a pair Planner deleted stays (the push deletes it).
 */
export function baseAsTodoHas(plan: StepsPlan, previous: StepBase[] | null, remote: RemoteStep[]): StepBase[] {
  const byGraph = new Map(remote.map((r) => [r.graphId, r]));
  const pairs = new Map<string, StepBase>();
  for (const b of [...(previous ?? []), ...plan.base]) {
    const r = byGraph.get(b.graphId);
    if (r) pairs.set(b.graphId, { id: b.id, graphId: b.graphId, title: r.title, checked: r.checked });
  }
  const recreated = new Set(plan.push.filter((o) => o.kind === 'create-remote').map((o) => (o as { stepId: string }).stepId));
  return [...pairs.values()].filter((b) => !recreated.has(b.id));
}
