/**
 * Runs one command against a world. Planner edits go through the services (which
 * enqueue their jobs), Outlook edits through the emulator as the user, system steps
 * through the real worker loop and handlers, faults through the emulator's control API.
 */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import {
  HOSTILE_QUIRKS, type ChecklistItemView, type FaultRule, type FaultStep, type ListView, type PatternedRecurrence, type Quirks, type TaskInput, type TaskView,
} from '../../emulator/index';
import { claimTaskSyncJobs } from '../../src/db/jobs-repository';
import { enqueueTaskSyncJob } from '../../src/jobs/queue';
import { processTaskSyncJobs } from '../../src/jobs/process-task-sync-jobs';
import { createLogger } from '../../src/observability/logger';
import { disconnectOutlook } from '../../src/server/outlook';
import { createProject, deleteProject, renameProject, setProjectStatus } from '../../src/server/projects/service';
import { createTask, deleteTask, moveTask, updateTask } from '../../src/server/tasks/service';
import type { Task } from '../../src/db/schema';
import type { Command, EditableField, FaultKind, Priority } from './commands';
import { populatePeer } from './setup-world';
import { createPeer, maintainSubscriptions, reconnectAsTheGuideSays, type World } from './world';
import { activeMappings, isOwnList, livePlannerTasks, plannerProjects, remoteLists, remoteTasksOf, tokenOf } from './world-state';

const NOTES = ['', 'call back', 'line one\nline two', 'ünïcödé ✓', 'notes  with  spaces', 'x'];
const DUES = [null, '2026-03-09', '2026-03-29', '2026-10-25', '2026-12-31', '2027-01-01'];
/** Outlook edits set dates; clearing one is its own command (clearDue). */
const OUTLOOK_DUES = DUES.filter((d): d is string => d !== null);
const PRIORITIES: Priority[] = ['low', 'normal', 'high'];
/** Issue 16's values, by command `value` (modulo the table); index 0 clears. */
export const START_DATES = [null, '2026-03-02', '2026-03-29', '2026-10-25', '2026-12-24', '2027-01-01'];
export const TAG_SETS = [[], ['Home'], ['Work', 'Calls'], ['Calls'], ['Ünï ✓', 'Work'], ['Home', 'Work', 'Calls']];
/**
 * Reminders as wall times in the user's zone (a person sets them so on either side): a
 * plain one, Berlin's skipped hour, Berlin's repeated hour, New York's repeated hour, the
 * year's last minutes (another day and year in UTC for a zone east of it).
 */
export const REMINDERS = [null, '2026-03-09T08:30', '2026-03-29T02:30', '2026-10-25T02:30', '2026-11-01T01:30', '2026-12-31T23:45'];
type Repeat = { pattern: PatternedRecurrence['pattern']; range: Omit<PatternedRecurrence['range'], 'startDate'> };
/** Repeats (a person picks one; its start is the task's due date): daily, weekly with days, absolute monthly; with and without an end. */
export const REPEATS: (Repeat | null)[] = [
  null,
  { pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd' } },
  { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday', 'thursday'], firstDayOfWeek: 'sunday' }, range: { type: 'noEnd' } },
  { pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 15 }, range: { type: 'endDate', endDate: '2027-12-31' } },
  { pattern: { type: 'daily', interval: 2 }, range: { type: 'numbered', numberOfOccurrences: 3 } },
  { pattern: { type: 'weekly', interval: 2, daysOfWeek: ['friday'], firstDayOfWeek: 'sunday' }, range: { type: 'endDate', endDate: '2027-06-30' } },
];
/** The due date a repeat set in To Do gives a task that had none (To Do's repeating tasks always have one). */
const REPEAT_DEFAULT_DUE = '2026-03-09';
const silentLog = createLogger({ level: 'silent' });

const pick = <T>(items: T[], index: number): T | undefined => (items.length === 0 ? undefined : items[index % items.length]);

/** The Planner value of `field` for command value `v`. */
function plannerValue(field: EditableField, v: number, title: string) {
  if (field === 'title') return { title: `${tokenOf(title) ?? 'T?'} e${v}` };
  if (field === 'notes') return { notes: NOTES[v % NOTES.length] };
  if (field === 'due') return { due_date: DUES[v % DUES.length] };
  return { priority: PRIORITIES[v % PRIORITIES.length] };
}

const dueInput = (d: string | null) => (d === null ? null : { dateTime: `${d}T00:00:00.0000000`, timeZone: 'UTC' });

function outlookValue(field: EditableField, v: number, title: string): TaskInput {
  if (field === 'title') return { title: `${tokenOf(title) ?? 'T?'} o${v}` };
  if (field === 'notes') return { body: { content: NOTES[v % NOTES.length], contentType: 'text' } };
  if (field === 'due') return { dueDateTime: dueInput(OUTLOOK_DUES[v % OUTLOOK_DUES.length]) };
  return { importance: PRIORITIES[v % PRIORITIES.length] };
}

export async function applyCommand(world: World, command: Command): Promise<string> {
  switch (command.side) {
    case 'planner':
      return applyPlanner(world, command);
    case 'outlook':
      return applyOutlook(world, command);
    case 'connection':
      return applyConnection(world, command);
    case 'system':
      return applySystem(world, command);
    case 'fault':
      return applyFault(world, command);
    case 'peer':
      return applyPeer(world, command);
  }
}

/** The second user: joins once (connected, a project and tasks on both sides, nothing synced yet), then acts. */
async function applyPeer(world: World, c: Extract<Command, { side: 'peer' }>): Promise<string> {
  if (c.op === 'join') {
    if (world.peer) return 'user 2: already there';
    world.peer = await createPeer(world);
    return `user 2: joined; ${await populatePeer(world.peer)}`;
  }
  if (!world.peer) return 'user 2: not there';
  return `user 2: ${await applyCommand(world.peer, c.command)}`;
}

/** The hostile value of each named quirk ('hostile' = all of HOSTILE_QUIRKS). */
export function quirksNamed(names: string[]): Partial<Quirks> {
  const chosen: Record<string, unknown> = {};
  for (const name of names) {
    if (name === 'hostile') Object.assign(chosen, HOSTILE_QUIRKS);
    else if (name in HOSTILE_QUIRKS) chosen[name] = HOSTILE_QUIRKS[name as keyof Quirks];
    else throw new Error(`unknown quirk '${name}' (known: hostile, ${Object.keys(HOSTILE_QUIRKS).join(', ')})`);
  }
  return chosen as Partial<Quirks>;
}

async function applyPlanner(world: World, c: Extract<Command, { side: 'planner' }>): Promise<string> {
  const { db, userId } = world;
  const projects = await plannerProjects(world);
  const projectAt = (i: number) => (i % (projects.length + 1) === projects.length ? null : projects[i % (projects.length + 1)]);
  if (c.op === 'createTask') {
    const project = projectAt(c.project);
    const title = `T${world.nextToken++}`;
    world.createdTokens.add(title);
    await createTask(db, userId, { title, due_date: c.due, priority: c.priority, project_id: project?.id ?? null });
    return `created ${title} in ${project?.name ?? 'Inbox'}`;
  }
  if (c.op === 'createProject') {
    const p = await createProject(db, userId, { name: `P${world.nextToken++}` });
    return `created project ${p.name}`;
  }
  if (c.op === 'renameProject' || c.op === 'deleteProject' || c.op === 'closeProject' || c.op === 'reopenProject') {
    const project = pick(projects, c.project);
    if (!project) return 'no project';
    if (c.op === 'renameProject') await renameProject(db, userId, project.id, `${project.name.split(' ')[0]} r${c.value}`);
    if (c.op === 'reopenProject') await setProjectStatus(db, userId, project.id, 'Active');
    if (c.op === 'closeProject') {
      await markListTokensGone(world, project.id);
      for (const t of await livePlannerTasks(world)) if (t.project_id === project.id) world.openOnlyRepush.add(tokenOf(t.title) ?? '');
      await setProjectStatus(db, userId, project.id, c.status);
    }
    if (c.op === 'deleteProject') {
      await markListTokensGone(world, project.id);
      for (const t of await livePlannerTasks(world)) if (t.project_id === project.id) world.mayBeGone.add(tokenOf(t.title) ?? '');
      await deleteProject(db, userId, project.id);
    }
    return `${c.op} ${project.name}`;
  }
  if (c.op === 'completeOccurrence') {
    const task = pick((await livePlannerTasks(world)).filter((t) => t.recurrence && !t.completed), c.task);
    if (!task) return 'no repeating task';
    countCompletion(world, tokenOf(task.title));
    const done = await updateTask(db, userId, task.id, { completed: true });
    return `completed an occurrence of ${tokenOf(task.title)}${done.completed_occurrence ? `, next ${done.completed_occurrence.next_due_date}` : ' (its last)'}`;
  }
  const live = await livePlannerTasks(world);
  // A step's edits go to a task that has steps (most have none), as completing an occurrence goes to a repeating one.
  const task = pick(isStepEdit(c) ? live.filter((t) => (t.steps ?? []).length > 0) : live, c.task);
  if (!task) return isStepEdit(c) ? 'no task with steps' : 'no task';
  const token = tokenOf(task.title);
  if (isPlannerDetail(c)) return applyPlannerDetail(world, c, task);
  if (c.op === 'completeTask' && c.completed) countCompletion(world, token);
  if (c.op === 'editTask') await updateTask(db, userId, task.id, plannerValue(c.field, c.value, task.title));
  if (c.op === 'completeTask') await updateTask(db, userId, task.id, { completed: c.completed });
  if (c.op === 'moveTask') {
    const to = projectAt(c.project);
    if ((to?.id ?? null) === task.project_id) return `${token} already there`;
    await moveTask(db, userId, task.id, to?.id ?? null);
  }
  if (c.op === 'deleteTask') {
    world.mayBeGone.add(token ?? '');
    await deleteTask(db, userId, task.id);
  }
  return `${c.op} ${token}`;
}

type PlannerDetail = Extract<
  Command,
  { side: 'planner'; op: 'setStatus' | 'setStartDate' | 'setTags' | 'setReminder' | 'setRecurrence' | 'addStep' | 'checkStep' | 'renameStep' | 'reorderStep' | 'deleteStep' }
>;
const PLANNER_DETAILS = new Set(['setStatus', 'setStartDate', 'setTags', 'setReminder', 'setRecurrence', 'addStep', 'checkStep', 'renameStep', 'reorderStep', 'deleteStep']);
const isPlannerDetail = (c: Command): c is PlannerDetail => c.side === 'planner' && PLANNER_DETAILS.has(c.op);

/**
 * Every completion issued, per token: once a token repeats (even when the repeat was set
 * on one side while the other completed it) each may leave one completed copy (compare.ts).
 */
function countCompletion(world: World, token: string | null): void {
  if (token) world.completions.set(token, (world.completions.get(token) ?? 0) + 1);
}

const isStepEdit = (c: Command) => c.op === 'checkStep' || c.op === 'renameStep' || c.op === 'reorderStep' || c.op === 'deleteStep';

const nextStepTitle = (world: World) => `s${world.nextStep++}`;
const renamedStep = (title: string, v: number, side: 'p' | 'o') => `${title.split(' ')[0]} ${side}${v}`;

/** Issue 16's fields in Planner, through updateTask as the task page sends them. */
async function applyPlannerDetail(world: World, c: PlannerDetail, task: Task): Promise<string> {
  const { db, userId } = world;
  const token = tokenOf(task.title);
  const steps = (task.steps ?? []).map((s) => ({ id: s.id, title: s.title, checked: s.checked }));
  const save = (next: typeof steps) => updateTask(db, userId, task.id, { steps: next });
  switch (c.op) {
    case 'setStatus':
      await updateTask(db, userId, task.id, { status: c.status });
      return `${token} status ${c.status}`;
    case 'setStartDate': {
      const start = START_DATES[c.value % START_DATES.length];
      await updateTask(db, userId, task.id, { start_date: start });
      return `${token} start ${start ?? 'cleared'}`;
    }
    case 'setTags': {
      const tags = TAG_SETS[c.value % TAG_SETS.length];
      await updateTask(db, userId, task.id, { categories: tags });
      return `${token} tags [${tags.join(', ')}]`;
    }
    case 'setReminder': {
      const at = REMINDERS[c.value % REMINDERS.length];
      await updateTask(db, userId, task.id, { reminder_at: at });
      return `${token} reminder ${at ?? 'cleared'} (${world.timeZone})`;
    }
    case 'setRecurrence': {
      const repeat = REPEATS[c.value % REPEATS.length];
      if (repeat && token) world.repeating.add(token);
      await updateTask(db, userId, task.id, { recurrence: repeat });
      return `${token} repeat ${repeat ? `${repeat.pattern.type}/${repeat.range.type}` : 'cleared'}`;
    }
    case 'addStep': {
      const title = nextStepTitle(world);
      await save([...steps, { id: randomUUID(), title, checked: c.checked }]);
      return `${token} step ${title} added${c.checked ? ' checked' : ''}`;
    }
    default: {
      const step = pick(steps, c.step);
      if (!step) return `${token} has no step`;
      if (c.op === 'checkStep') await save(steps.map((s) => (s.id === step.id ? { ...s, checked: c.checked } : s)));
      if (c.op === 'renameStep') await save(steps.map((s) => (s.id === step.id ? { ...s, title: renamedStep(s.title, c.value, 'p') } : s)));
      if (c.op === 'deleteStep') await save(steps.filter((s) => s.id !== step.id));
      if (c.op === 'reorderStep') {
        if (token) world.stepOrderFree.add(token);
        await save([step, ...steps.filter((s) => s.id !== step.id)]);
      }
      return `${token} ${c.op} ${step.title}${c.op === 'checkStep' ? ` ${c.checked}` : ''}`;
    }
  }
}

/** Outlook-only copies in the project's list may vanish with it (archive or delete). */
async function markListTokensGone(world: World, projectId: string): Promise<void> {
  const mapping = (await activeMappings(world)).find((m) => m.project_id === projectId);
  if (!mapping) return;
  const list = (await remoteLists(world)).find((l) => l.id === mapping.graph_list_id);
  const inPlanner = new Set((await livePlannerTasks(world)).map((t) => tokenOf(t.title)));
  for (const t of list?.tasks ?? []) if (!inPlanner.has(tokenOf(t.title))) world.mayBeGone.add(tokenOf(t.title) ?? '');
}

async function applyOutlook(world: World, c: Extract<Command, { side: 'outlook' }>): Promise<string> {
  const control = world.emulator.control;
  const mailbox = world.mailboxId;
  const lists = await remoteLists(world);
  if (c.op === 'createTask') {
    const list = pick(await preferMapped(world, lists), c.list);
    if (!list) return 'no list';
    const title = `T${world.nextToken++}`;
    world.createdTokens.add(title);
    const synced = await syncedLists(world);
    // A list Planner does not map is not synced (decision 0027); a closed project's list is archived (guide §11).
    if (!synced.has(list.id)) world.mayBeGone.add(title);
    await control.createTask(mailbox, list.id, { title, dueDateTime: dueInput(c.due), importance: c.priority });
    return `created ${title} in list ${list.displayName}${synced.has(list.id) ? '' : ' (not synced)'}`;
  }
  if (c.op === 'createList') {
    const list = await control.createList(mailbox, `L${world.nextToken++}`);
    return `created list ${list.displayName}`;
  }
  if (c.op === 'renameList' || c.op === 'deleteList') {
    const list = pick(lists.filter(isOwnList), c.list);
    if (!list) return 'no list';
    if (c.op === 'renameList') await control.renameList(mailbox, list.id, `${list.displayName.split(' ')[0]} o${c.value}`);
    else {
      for (const t of list.tasks) world.mayBeGone.add(tokenOf(t.title) ?? '');
      for (const t of list.tasks) world.openOnlyRepush.add(tokenOf(t.title) ?? '');
      await control.deleteList(mailbox, list.id);
    }
    return `${c.op} ${list.displayName}`;
  }
  if (c.op === 'completeOccurrence') {
    const found = pick(remoteTasksOf(lists).filter((r) => r.task.recurrence && r.task.status !== 'completed'), c.task);
    if (!found) return 'no repeating task';
    countCompletion(world, tokenOf(found.task.title));
    const done = await control.completeOccurrence(mailbox, found.list.id, found.task.id);
    return `outlook completed an occurrence of ${tokenOf(found.task.title)}${done.completedCopy ? ', copy made' : ' (its last)'}`;
  }
  const remote = remoteTasksOf(lists);
  const target = pick(isStepEdit(c) ? remote.filter((r) => ((r.task.checklistItems as unknown[] | undefined) ?? []).length > 0) : remote, c.task);
  if (!target) return isStepEdit(c) ? 'no task with steps' : 'no task';
  const { list, task } = target;
  const token = tokenOf(task.title);
  if (isOutlookDetail(c)) return applyOutlookDetail(world, c, list, task);
  // A person moves a repeating task's due date in the app (the series moves; a Graph PATCH would split it).
  const repeats = Boolean(task.recurrence);
  if (c.op === 'editTask' && c.field === 'due' && repeats) await control.setDueDate(mailbox, list.id, task.id, dueInput(OUTLOOK_DUES[c.value % OUTLOOK_DUES.length]));
  else if (c.op === 'editTask') await control.updateTask(mailbox, list.id, task.id, outlookValue(c.field, c.value, task.title));
  if (c.op === 'clearDue') {
    if (repeats) await control.setDueDate(mailbox, list.id, task.id, null);
    else await control.updateTask(mailbox, list.id, task.id, { dueDateTime: null });
  }
  if (c.op === 'completeTask' && c.completed) countCompletion(world, token);
  if (c.op === 'completeTask') await control.updateTask(mailbox, list.id, task.id, { status: c.completed ? 'completed' : 'notStarted' });
  if (c.op === 'deleteTask') {
    world.mayBeGone.add(token ?? '');
    await control.deleteTask(mailbox, list.id, task.id);
  }
  if (c.op === 'moveTask') {
    const to = pick(await preferMapped(world, lists), c.list);
    if (!to || to.id === list.id) return `${token} already there`;
    if (!(await syncedLists(world)).has(to.id)) world.mayBeGone.add(token ?? ''); // out of Planner's synced lists: a delete for Planner
    await control.moveTask(mailbox, list.id, task.id, to.id);
  }
  return `outlook ${c.op} ${token}`;
}

type OutlookDetail = Extract<
  Command,
  { side: 'outlook'; op: 'setStatus' | 'setStartDate' | 'setTags' | 'setReminder' | 'setRecurrence' | 'addStep' | 'checkStep' | 'renameStep' | 'deleteStep' }
>;
const OUTLOOK_DETAILS = new Set(['setStatus', 'setStartDate', 'setTags', 'setReminder', 'setRecurrence', 'addStep', 'checkStep', 'renameStep', 'deleteStep']);
const isOutlookDetail = (c: Command): c is OutlookDetail => c.side === 'outlook' && OUTLOOK_DETAILS.has(c.op);

/** Issue 16's fields in To Do, as a person sets them there: dates and times are wall times in the user's zone. */
async function applyOutlookDetail(world: World, c: OutlookDetail, list: ListView, task: TaskView): Promise<string> {
  const control = world.emulator.control;
  const mailbox = world.mailboxId;
  const token = tokenOf(task.title);
  const local = (wall: string) => ({ dateTime: `${wall}:00`, timeZone: world.timeZone });
  switch (c.op) {
    case 'setStatus':
      await control.setStatus(mailbox, list.id, task.id, c.status);
      return `outlook ${token} status ${c.status}`;
    case 'setStartDate': {
      const start = START_DATES[c.value % START_DATES.length];
      await control.setStartDate(mailbox, list.id, task.id, start === null ? null : local(`${start}T00:00`));
      return `outlook ${token} start ${start ?? 'cleared'}`;
    }
    case 'setTags': {
      const tags = TAG_SETS[c.value % TAG_SETS.length];
      await control.setCategories(mailbox, list.id, task.id, tags);
      return `outlook ${token} tags [${tags.join(', ')}]`;
    }
    case 'setReminder': {
      const at = REMINDERS[c.value % REMINDERS.length];
      await control.setReminder(mailbox, list.id, task.id, at === null ? null : local(at));
      return `outlook ${token} reminder ${at ?? 'cleared'} (${world.timeZone})`;
    }
    case 'setRecurrence': {
      const repeat = REPEATS[c.value % REPEATS.length];
      if (!repeat) {
        await control.setRecurrence(mailbox, list.id, task.id, null);
        return `outlook ${token} repeat cleared`;
      }
      if (token) world.repeating.add(token);
      let due = (task.dueDateTime as { dateTime?: string } | null | undefined)?.dateTime?.slice(0, 10) ?? null;
      if (!due) {
        due = REPEAT_DEFAULT_DUE;
        await control.setDueDate(mailbox, list.id, task.id, local(`${due}T00:00`));
      }
      await control.setRecurrence(mailbox, list.id, task.id, { pattern: repeat.pattern, range: { ...repeat.range, startDate: due } });
      return `outlook ${token} repeat ${repeat.pattern.type}/${repeat.range.type} from ${due}`;
    }
    case 'addStep': {
      const title = nextStepTitle(world);
      await control.addChecklistItem(mailbox, list.id, task.id, title, c.checked);
      return `outlook ${token} step ${title} added${c.checked ? ' checked' : ''}`;
    }
    default: {
      const step = pick((task.checklistItems as ChecklistItemView[] | undefined) ?? [], c.step);
      if (!step) return `outlook ${token} has no step`;
      if (c.op === 'checkStep') await control.checkChecklistItem(mailbox, list.id, task.id, step.id, c.checked);
      if (c.op === 'renameStep') await control.renameChecklistItem(mailbox, list.id, task.id, step.id, renamedStep(step.displayName, c.value, 'o'));
      if (c.op === 'deleteStep') await control.deleteChecklistItem(mailbox, list.id, task.id, step.id);
      return `outlook ${token} ${c.op} ${step.displayName}${c.op === 'checkStep' ? ` ${c.checked}` : ''}`;
    }
  }
}

/** Lists whose tasks Planner takes in: mapped to the Inbox or to an Active project. */
async function syncedLists(world: World): Promise<Set<string>> {
  const active = new Set((await plannerProjects(world)).filter((p) => p.status === 'Active').map((p) => p.id));
  const mappings = await activeMappings(world);
  return new Set(mappings.filter((m) => m.is_default || (m.project_id && active.has(m.project_id))).map((m) => m.graph_list_id));
}

/** Planner's lists twice, then every list: most Outlook activity happens where Planner looks. */
async function preferMapped(world: World, lists: ListView[]): Promise<ListView[]> {
  const mapped = new Set((await activeMappings(world)).map((m) => m.graph_list_id));
  const mine = lists.filter((l) => mapped.has(l.id));
  return [...mine, ...mine, ...lists];
}

async function applyConnection(world: World, c: Extract<Command, { side: 'connection' }>): Promise<string> {
  if (c.op === 'disconnect') {
    if (!world.connected) return 'not connected';
    await disconnectOutlook(world.deps, world.userId);
    world.connected = false;
    return 'disconnected';
  }
  if (world.connected) return 'already connected';
  return reconnectAsTheGuideSays(world);
}

async function applySystem(world: World, c: Extract<Command, { side: 'system' }>): Promise<string> {
  if (c.op === 'work') {
    const s = await processTaskSyncJobs({ db: world.db, handlers: world.handlers, limit: c.jobs, timeBudgetMs: 60_000 });
    return `worked ${s.processed} (ok ${s.succeeded}, deferred ${s.deferred}, failed ${s.failed}, skipped ${s.skipped})`;
  }
  if (c.op === 'crash') return crashWorker(world, c.afterRequests);
  if (c.op === 'fullSync') {
    const r = await enqueueTaskSyncJob(world.db, { userId: world.userId, action: 'full_sync', payload: { reason: 'periodic' } });
    return `full_sync ${r.status}`;
  }
  if (c.op === 'cron') {
    if (!world.connected) return 'cron: not connected';
    await maintainSubscriptions(world);
    return 'subscriptions maintained';
  }
  await world.emulator.control.waitForNotificationsIdle(2_000);
  const before = { delivered: world.relay.delivered, lost: world.relay.lost };
  await world.relay.release(world.db, c.fate);
  return `notifications ${c.fate}: ${world.relay.delivered - before.delivered} delivered, ${world.relay.lost - before.lost} lost`;
}

/** Claims one job and runs it with a fetch that dies after `afterRequests` requests; the lease is left to expire. */
async function crashWorker(world: World, afterRequests: number): Promise<string> {
  const workerId = 'crashing-worker';
  const [job] = await claimTaskSyncJobs(world.db, { workerId, limit: 1, leaseSeconds: 60 });
  if (!job) return 'crash: nothing to claim';
  const handler = world.handlers[job.action];
  world.crash.arm(afterRequests);
  let outcome = 'finished, outcome never recorded';
  try {
    await handler?.(job, { db: world.db, workerId, signal: new AbortController().signal, deadline: new Date(Date.now() + 60_000), log: silentLog });
  } catch (error) {
    outcome = world.crash.crashed ? 'crashed' : `threw ${(error as Error).name}`;
  } finally {
    world.crash.disarm();
  }
  await sql`update task_sync_jobs set locked_until = now() - interval '1 second'
             where id = ${job.id} and worker_id = ${workerId} and status = 'processing'`.execute(world.db);
  // The lease's end has passed for the claim too: its user's turn (claim by user turns, decision 0045) is due now.
  await sql`update task_sync_user_turns set ready_at = least(ready_at, now()) where user_id = ${job.user_id}`.execute(world.db);
  return `crash in ${job.action} job ${job.id} after ${afterRequests} requests: ${outcome}`;
}

const ROUTES: Record<'write' | 'read' | 'delta' | 'batch', string[]> = {
  write: ['POST /v1.0/me/todo/lists/*/tasks', 'PATCH /v1.0/me/todo/lists/*/tasks/*', 'DELETE /v1.0/me/todo/lists/*/tasks/*'],
  read: ['GET /v1.0/me/todo/lists/*', 'GET /v1.0/me/todo/lists/*/tasks'],
  delta: ['GET /v1.0/me/todo/lists/*/tasks/delta', 'GET /v1.0/me/todo/lists/delta'],
  batch: ['POST /v1.0/$batch'],
};

function faultStep(kind: FaultKind): FaultStep {
  if (kind === '429') return { kind: 'status', status: 429, retryAfterSeconds: 0.2 };
  if (kind === '503') return { kind: 'status', status: 503, retryAfterSeconds: 0.1 };
  if (kind === '500') return { kind: 'status', status: 500 };
  return { kind: 'timeout', ms: 20 };
}

async function applyFault(world: World, c: Extract<Command, { side: 'fault' }>): Promise<string> {
  const control = world.emulator.control;
  if (c.op === 'expireDeltaLinks') {
    await control.expireDeltaLinks(world.mailboxId);
    return 'delta links expired';
  }
  if (c.op === 'quirks') {
    await control.setQuirks(quirksNamed(c.quirks));
    return `quirks on: ${c.quirks.join(', ')}`;
  }
  if (c.op === 'truncateLists') {
    await control.setQuirks({ listsTruncatedTo: c.on ? 1 : null });
    return `lists truncation ${c.on ? 'on' : 'off'}`;
  }
  const rules: FaultRule[] = ROUTES[c.route].map((route) => ({
    route,
    user: world.mailboxId,
    script: Array.from({ length: c.count }, () => faultStep(c.kind)),
  }));
  await control.setFaults([...(await control.faults()), ...rules]);
  return `fault ${c.kind} × ${c.count} on ${c.route}`;
}
