/**
 * The convergence checks, after quiescing. Each returns plain-language problems:
 *  - both sides hold the same tasks, field by field (closed projects excepted): every
 *    live Planner task of an open project or the Inbox has exactly one To Do copy, in
 *    its project's list; every To Do task in a mapped list is exactly one Planner task;
 *  - no duplicates on either side;
 *  - nothing lost that was not deleted: every task token created and never deleted
 *    (on either side, or with its list or project) is still in Planner;
 *  - no job left failed.
 *  - with a second user (issue 14 §6): that user converges too, and nothing of one
 *    user reaches the other (no task, project or list of one in the other's Planner or
 *    mailbox, no sync row or job of one pointing at the other's items).
 *  - issue 16's fields too (status, start date, tags, reminder, repeat; through the
 *    sync's own normalised comparison, read in the user's time zone), and each task's
 *    steps: the same titles with the same check marks, in the same order;
 *  - reminders across zones: the two users live in different zones (Europe/Berlin,
 *    America/New_York); every reminder set (on either side, always as a wall time in
 *    the user's zone) must show in Planner at a minute of the day it was set at (the
 *    skipped hour's 02:30 shows as 03:30), and To Do's must be the same instant.
 * Allowances, by design:
 *  - a COMPLETED task whose list was re-provisioned (deleted in Outlook) or whose project
 *    was closed may stay Planner-only, since only open tasks are pushed again (guide §11,
 *    decision 0025);
 *  - a repeating task's completed occurrences are tasks of their own under the same token
 *    (decision 0056: completing in Planner makes a completed copy that is pushed;
 *    completing in To Do leaves Graph's completed copy, pulled as a task of its own). So a
 *    token that ever repeated may have, on each side, one task per completion issued
 *    (either side, both may copy the same occurrence: the decision's known limit; a
 *    completion counts even when it was issued before the other side set the repeat,
 *    since the push then completes a task that repeats in To Do) besides the series;
 *    each copy is still synced one to one like any task;
 *  - step order is Planner's (decision 0057: Graph has no order for steps): after a
 *    reorder in Planner the steps are compared as a set, not a sequence.
 */
import type { ChecklistItemView, TaskView } from '../../emulator/index';
import type { Task } from '../../src/db/schema';
import { localFieldsOf } from '../../src/server/pull/pull-fields';
import { localMinuteOf } from '../../src/sync/due-date';
import { fromGraphTask } from '../../src/sync/field-mapping';
import { changedFields } from '../../src/sync/normalise';
import type { GraphTodoTask } from '../../src/sync/types';
import { quiesce } from './quiesce';
import { REMINDERS } from './apply-command';
import { PEER_TOKEN_BASE, type World } from './world';
import { activeMappings, livePlannerTasks, plannerIdOf, plannerProjects, remoteLists, tokenOf } from './world-state';

interface RemoteCopy {
  listId: string;
  task: TaskView;
}

function plannerFields(task: Task) {
  const { completed_at: _completedAt, ...fields } = localFieldsOf(task);
  return fields;
}

function describeFields(f: Partial<ReturnType<typeof plannerFields>>): string {
  return JSON.stringify(f);
}

export async function failedJobProblems(world: World): Promise<string[]> {
  const failed = await world.db
    .selectFrom('task_sync_jobs')
    .select(['id', 'action', 'attempts', 'last_error_code', 'last_error'])
    .where('user_id', '=', world.userId)
    .where('status', '=', 'failed')
    .execute();
  return failed.map((j) => `job ${j.id} (${j.action}) failed after ${j.attempts} attempts: ${j.last_error_code} ${j.last_error}`);
}

/** Both users' divergences and leaks; the second user is brought to rest first, like the first one was. */
export async function divergences(world: World): Promise<string[]> {
  const peer = world.peer;
  if (!peer) return userDivergences(world);
  await quiesce(peer);
  const asUser2 = (problems: string[]) => problems.map((p) => `user 2: ${p}`);
  return [
    ...(await userDivergences(world)),
    ...asUser2(await failedJobProblems(peer)),
    ...asUser2(await userDivergences(peer)),
    ...(await leaks(world, peer)),
    ...(await leaks(peer, world)),
  ];
}

/** Number of a name's leading token (T12, P3 r1, L7 o2): whose it is. */
const tokenNumber = (name: string | null | undefined) => {
  const m = /^[TPL](\d+)\b/.exec(name ?? '');
  return m ? Number(m[1]) : null;
};

/** What of `other` shows up on `owner`'s side: names, sync rows, jobs. */
async function leaks(owner: World, other: World): Promise<string[]> {
  const ownerIsPeer = owner.nextToken >= PEER_TOKEN_BASE;
  const foreign = (name: string | null | undefined) => {
    const n = tokenNumber(name);
    return n !== null && (n >= PEER_TOKEN_BASE) !== ownerIsPeer;
  };
  const who = ownerIsPeer ? 'user 2' : 'user 1';
  const problems: string[] = [];
  const tasks = await owner.db.selectFrom('tasks').select(['title']).where('user_id', '=', owner.userId).execute();
  const projects = await owner.db.selectFrom('projects').select(['name']).where('user_id', '=', owner.userId).execute();
  for (const t of tasks) if (foreign(t.title)) problems.push(`leak: the other user's task "${t.title}" is in ${who}'s Planner`);
  for (const p of projects) if (foreign(p.name)) problems.push(`leak: the other user's project "${p.name}" is in ${who}'s Planner`);
  const mailbox = await owner.emulator.control.mailbox(owner.mailboxId, true);
  for (const list of mailbox.lists) {
    if (foreign(list.displayName)) problems.push(`leak: the other user's list "${list.displayName}" is in ${who}'s mailbox`);
    for (const t of list.tasks) if (foreign(t.title)) problems.push(`leak: the other user's task "${t.title}" is in ${who}'s mailbox`);
  }
  const theirs = await other.emulator.control.mailbox(other.mailboxId, true);
  const theirLists = new Set(theirs.lists.map((l) => l.id));
  const theirTasks = new Set(theirs.lists.flatMap((l) => l.tasks.map((t) => t.id)));
  const states = await owner.db.selectFrom('task_sync_state').select(['task_id', 'graph_task_id', 'graph_list_id']).where('user_id', '=', owner.userId).execute();
  for (const s of states) {
    if ((s.graph_task_id && theirTasks.has(s.graph_task_id)) || (s.graph_list_id && theirLists.has(s.graph_list_id))) {
      problems.push(`leak: ${who}'s sync state of task ${s.task_id} points into the other user's mailbox`);
    }
  }
  const mappings = await owner.db.selectFrom('project_outlook_lists').select(['graph_list_id', 'graph_list_name']).where('user_id', '=', owner.userId).execute();
  for (const m of mappings) if (theirLists.has(m.graph_list_id)) problems.push(`leak: ${who}'s list mapping "${m.graph_list_name}" is the other user's list`);
  const crossJobs = await owner.db
    .selectFrom('task_sync_jobs')
    .innerJoin('tasks', 'tasks.id', 'task_sync_jobs.task_id')
    .select(['task_sync_jobs.id', 'task_sync_jobs.action'])
    .where('task_sync_jobs.user_id', '=', owner.userId)
    .where('tasks.user_id', '!=', owner.userId)
    .execute();
  for (const j of crossJobs) problems.push(`leak: ${who}'s job ${j.id} (${j.action}) is about the other user's task`);
  return problems;
}

async function userDivergences(world: World): Promise<string[]> {
  const problems: string[] = [];
  const [tasks, projects, mappings, lists] = await Promise.all([livePlannerTasks(world), plannerProjects(world), activeMappings(world), remoteLists(world)]);
  const states = await world.db.selectFrom('task_sync_state').selectAll().where('user_id', '=', world.userId).execute();
  const stateByTask = new Map(states.map((s) => [s.task_id, s]));
  const projectStatus = new Map(projects.map((p) => [p.id, p.status]));
  const listOf = new Map(mappings.map((m) => [m.is_default ? 'inbox' : m.project_id!, m.graph_list_id]));
  const mappedLists = new Set(mappings.map((m) => m.graph_list_id));
  const syncable = (t: Task) => t.project_id === null || projectStatus.get(t.project_id) === 'Active';

  const copies: RemoteCopy[] = lists.filter((l) => mappedLists.has(l.id)).flatMap((l) => l.tasks.map((task) => ({ listId: l.id, task })));
  const byPlannerId = new Map<string, RemoteCopy[]>();
  const claimed = new Set<string>();
  for (const task of tasks) {
    const state = stateByTask.get(task.id);
    const mine = copies.filter((c) => c.task.id === state?.graph_task_id || plannerIdOf(c.task) === task.id);
    byPlannerId.set(task.id, mine);
    for (const c of mine) claimed.add(c.task.id);
  }

  for (const task of tasks.filter(syncable)) {
    const name = tokenOf(task.title) ?? task.title;
    const mine = byPlannerId.get(task.id) ?? [];
    const expectedList = listOf.get(task.project_id ?? 'inbox');
    if (!expectedList) problems.push(`${name}: its ${task.project_id ? 'project' : 'Inbox'} has no active To Do list`);
    if (mine.length === 0) {
      if (task.completed && world.openOnlyRepush.has(name)) continue; // only open tasks are re-pushed
      problems.push(`${name}: in Planner ${describeFields(plannerFields(task))} but not in To Do`);
      continue;
    }
    if (mine.length > 1) problems.push(`${name}: ${mine.length} To Do copies (${mine.map((c) => c.task.title).join(', ')})`);
    const copy = mine[0];
    if (expectedList && copy.listId !== expectedList) problems.push(`${name}: To Do copy is in another list than its project's`);
    // A completed copy's open status is not in Graph: read it as the one Planner knows.
    const remote = fromGraphTask(copy.task as unknown as GraphTodoTask, { timeZone: world.timeZone, fallback: localFieldsOf(task) });
    const differ = changedFields(plannerFields(task), remote);
    if (differ.length > 0) {
      problems.push(
        `${name}: fields differ (${differ.join(', ')}): Planner ${describeFields(plannerFields(task))} vs To Do ${describeFields({ ...remote })}`,
      );
    }
    problems.push(...stepProblems(world, name, task, copy.task));
    problems.push(...reminderProblems(world, name, task));
  }

  const claimedBy = new Map<string, number>();
  for (const mine of byPlannerId.values()) for (const c of mine) claimedBy.set(c.task.id, (claimedBy.get(c.task.id) ?? 0) + 1);
  for (const c of copies) {
    const n = claimedBy.get(c.task.id) ?? 0;
    if (n > 1) problems.push(`To Do task "${c.task.title}" is the copy of ${n} Planner tasks`);
  }

  for (const c of copies.filter((c) => !claimed.has(c.task.id))) {
    problems.push(`To Do task "${c.task.title}" in a mapped list is no live Planner task`);
  }

  const allowed = (token: string) => 1 + (world.repeating.has(token) ? (world.completions.get(token) ?? 0) : 0);
  problems.push(...duplicateTokens('Planner', tasks.map((t) => t.title), allowed));
  problems.push(...duplicateTokens('To Do', copies.map((c) => c.task.title), allowed));

  const plannerTokens = new Set(tasks.map((t) => tokenOf(t.title)));
  for (const token of world.createdTokens) {
    if (!world.mayBeGone.has(token) && !plannerTokens.has(token)) problems.push(`${token}: lost (never deleted, not in Planner)`);
  }
  return problems;
}

function duplicateTokens(side: string, titles: string[], allowed: (token: string) => number): string[] {
  const seen = new Map<string, number>();
  for (const title of titles) {
    const token = tokenOf(title);
    if (token) seen.set(token, (seen.get(token) ?? 0) + 1);
  }
  return [...seen].filter(([token, n]) => n > allowed(token)).map(([token, n]) => `${token}: ${n} copies in ${side}`);
}

interface StepLike {
  title: string;
  checked: boolean;
}

const describeSteps = (steps: StepLike[]) => `[${steps.map((s) => `${s.checked ? '☑' : '☐'} ${s.title}`).join(', ')}]`;
const stepKey = (s: StepLike) => `${s.checked ? 1 : 0}:${s.title}`;

/** Planner's steps against the To Do copy's checklistItems: titles and check marks, in order (unless reordered in Planner). */
function stepProblems(world: World, name: string, task: Task, copy: TaskView): string[] {
  const planner: StepLike[] = (task.steps ?? []).map((s) => ({ title: s.title, checked: s.checked }));
  const items = (copy.checklistItems ?? []) as ChecklistItemView[];
  const todo: StepLike[] = items.map((i) => ({ title: i.displayName, checked: i.isChecked }));
  const ordered = !world.stepOrderFree.has(name);
  const a = planner.map(stepKey);
  const b = todo.map(stepKey);
  if (!ordered) {
    a.sort();
    b.sort();
  }
  if (a.join('\n') === b.join('\n')) return [];
  return [`${name}: steps differ${ordered ? '' : ' (as a set)'}: Planner ${describeSteps(planner)} vs To Do ${describeSteps(todo)}`];
}

/** Minutes of the day a reminder may show at in the user's zone: those set, and the skipped hour's 02:30 an hour on. */
const REMINDER_MINUTES = new Set([...REMINDERS.filter((r): r is string => r !== null).map((r) => r.slice(11)), '03:30']);

/** A Planner reminder is at a wall time the person set, in their zone (To Do's is the same instant: the field comparison). */
function reminderProblems(world: World, name: string, task: Task): string[] {
  if (!task.reminder_at) return [];
  const iso = task.reminder_at instanceof Date ? task.reminder_at.toISOString() : new Date(task.reminder_at).toISOString();
  const wall = localMinuteOf(iso, world.timeZone);
  return REMINDER_MINUTES.has(wall.slice(11)) ? [] : [`${name}: reminder ${iso} shows at ${wall} in ${world.timeZone}, not a time that was set`];
}
