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
 * One allowance, by design: a COMPLETED task whose list was re-provisioned (deleted in
 * Outlook) or whose project was closed may stay Planner-only, since only open tasks are
 * pushed again (guide §11, decision 0025).
 */
import type { TaskView } from '../../emulator/index';
import type { Task } from '../../src/db/schema';
import { localFieldsOf } from '../../src/server/pull/pull-fields';
import { fromGraphTask } from '../../src/sync/field-mapping';
import { changedFields } from '../../src/sync/normalise';
import type { GraphTodoTask } from '../../src/sync/types';
import { quiesce } from './quiesce';
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
    const remote = fromGraphTask(copy.task as unknown as GraphTodoTask, { timeZone: 'UTC', fallback: localFieldsOf(task) });
    const differ = changedFields(plannerFields(task), remote);
    if (differ.length > 0) {
      problems.push(
        `${name}: fields differ (${differ.join(', ')}): Planner ${describeFields(plannerFields(task))} vs To Do ${describeFields({ ...remote })}`,
      );
    }
  }

  for (const c of copies.filter((c) => !claimed.has(c.task.id))) {
    problems.push(`To Do task "${c.task.title}" in a mapped list is no live Planner task`);
  }

  problems.push(...duplicateTokens('Planner', tasks.map((t) => t.title)));
  problems.push(...duplicateTokens('To Do', copies.map((c) => c.task.title)));

  const plannerTokens = new Set(tasks.map((t) => tokenOf(t.title)));
  for (const token of world.createdTokens) {
    if (!world.mayBeGone.has(token) && !plannerTokens.has(token)) problems.push(`${token}: lost (never deleted, not in Planner)`);
  }
  return problems;
}

function duplicateTokens(side: string, titles: string[]): string[] {
  const seen = new Map<string, number>();
  for (const title of titles) {
    const token = tokenOf(title);
    if (token) seen.set(token, (seen.get(token) ?? 0) + 1);
  }
  return [...seen].filter(([, n]) => n > 1).map(([token, n]) => `${token}: ${n} copies in ${side}`);
}
