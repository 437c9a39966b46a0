/**
 * Issue 16 §5 (decision 0060), through the emulator on both engines: a list someone
 * makes in To Do becomes a Planner project with its tasks (the setting, on by default);
 * the mailbox's lists from before connecting, the built-in ones and lists made with the
 * setting off stay personal; a list deleted in To Do loses nothing (a To Do-made project
 * closes with its tasks kept, a Planner-made one gets its list back); the Inbox may be
 * To Do's own "Tasks" list.
 */
import { describe, expect, it } from 'vitest';
import { fullSyncJob } from '../../src/jobs/actions/full-sync';
import { enqueueTaskSyncJob } from '../../src/jobs/queue';
import { createTask, updateTask } from '../../src/server/tasks';
import { updateSettings } from '../../src/server/settings/settings-service';
import { testEngines, useTestDatabase } from '../helpers/db';
import { TEST_APP_ENV, useProcessEnv } from '../helpers/process-env';
import { addProject, connect, makeDeps, newSession } from './connect-kit';
import { liveTasks } from './pull-harness';
import { drain, pushHandlers, settle, usePushEmulator } from './push-kit';

describe.each(testEngines())('lists made in To Do and Planner projects on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useTestDatabase(engine);
  const e = usePushEmulator();

  /** A mailbox that may hold lists before Planner connects; `before` runs between the two. */
  async function user(before: (mailboxId: string, userId: string) => Promise<void> = async () => {}) {
    const session = newSession();
    const mailbox = await e.emulator.control.createUser({ email: session.email });
    const mailboxId = mailbox.user.id;
    await before(mailboxId, session.userId);
    const deps = makeDeps(t.db, e.emulator);
    const result = await connect(deps, session, session.email);
    if (!result.ok) throw new Error(result.code);
    const handlers = { ...pushHandlers(deps), full_sync: fullSyncJob(async () => deps) };
    const sync = async () => {
      await enqueueTaskSyncJob(t.db, { userId: session.userId, action: 'full_sync' });
      await drain(t.db, handlers);
    };
    await drain(t.db, handlers);
    return { userId: session.userId, mailboxId, handlers, sync };
  }

  const projects = (userId: string) => t.db.selectFrom('projects').selectAll().where('user_id', '=', userId).orderBy('position').execute();
  const listsOf = async (mailboxId: string) => (await e.emulator.control.mailbox(mailboxId)).lists;

  it('a list made in To Do becomes a project with its tasks, and edits flow both ways; lists from before connecting and Flagged Emails stay personal', async () => {
    const c = e.emulator.control;
    const u = await user(async (mailboxId) => {
      const groceries = await c.createList(mailboxId, 'Groceries');
      await c.createTask(mailboxId, groceries.id, { title: 'Milk' });
    });
    const garden = await c.createList(u.mailboxId, 'Garden');
    await c.createTask(u.mailboxId, garden.id, { title: 'Plant roses' });
    await u.sync();

    const all = await projects(u.userId);
    expect(all.map((p) => [p.name, p.origin, p.status])).toEqual([['Garden', 'todo', 'Active']]);
    const tasks = await liveTasks(t.db, u.userId);
    expect(tasks.map((x) => [x.title, x.project_id])).toEqual([['Plant roses', all[0].id]]);
    const mapping = await t.db.selectFrom('project_outlook_lists').selectAll().where('project_id', '=', all[0].id).executeTakeFirstOrThrow();
    expect(mapping).toMatchObject({ graph_list_id: garden.id, is_active: true });
    const leftOut = await t.db.selectFrom('outlook_lists_left_out').select(['graph_list_id', 'reason']).where('user_id', '=', u.userId).execute();
    const groceriesId = (await listsOf(u.mailboxId)).find((l) => l.displayName === 'Groceries')!.id;
    expect(leftOut).toContainEqual({ graph_list_id: groceriesId, reason: 'existed-at-connect' });

    // Planner → To Do in the adopted list, and a second task from To Do.
    await updateTask(t.db, u.userId, tasks[0].id, { notes: 'by the fence' });
    await createTask(t.db, u.userId, { title: 'Water the lawn', project_id: all[0].id });
    await settle(t.db, u.handlers);
    const inGarden = (await listsOf(u.mailboxId)).find((l) => l.id === garden.id)!.tasks;
    expect(inGarden.map((x) => x.title).sort()).toEqual(['Plant roses', 'Water the lawn']);
    expect(inGarden.find((x) => x.title === 'Plant roses')!.body).toMatchObject({ content: 'by the fence' });
    // Nothing of the personal lists came over, and a second pull adopts nothing more.
    await u.sync();
    expect((await projects(u.userId)).map((p) => p.name)).toEqual(['Garden']);
    expect((await liveTasks(t.db, u.userId)).map((x) => x.title).sort()).toEqual(['Plant roses', 'Water the lawn']);
  });

  it('with the setting off a new list stays personal, also once the setting is on again; a list named like a project stays personal', async () => {
    const c = e.emulator.control;
    const u = await user(async (_mailboxId, userId) => {
      await addProject(t.db, userId, 'Work');
      await updateSettings(t.db, userId, { lists_become_projects: false });
    });
    const shopping = await c.createList(u.mailboxId, 'Shopping');
    await c.createTask(u.mailboxId, shopping.id, { title: 'Bread' });
    await u.sync();
    await updateSettings(t.db, u.userId, { lists_become_projects: true });
    await c.createList(u.mailboxId, 'work');
    await c.renameList(u.mailboxId, shopping.id, 'Shopping list');
    await u.sync();
    expect((await projects(u.userId)).map((p) => p.name)).toEqual(['Work']);
    expect(await liveTasks(t.db, u.userId)).toEqual([]);
    const reasons = await t.db.selectFrom('outlook_lists_left_out').select('reason').where('user_id', '=', u.userId).where('reason', '!=', 'existed-at-connect').orderBy('reason').execute();
    expect(reasons.map((r) => r.reason)).toEqual(['name-taken', 'setting-off']);
  });

  it('a list deleted in To Do loses nothing: its To Do-made project closes with every task kept; a Planner-made project gets its list back', async () => {
    const c = e.emulator.control;
    const u = await user(async (_mailboxId, userId) => {
      await addProject(t.db, userId, 'Launch');
    });
    const trip = await c.createList(u.mailboxId, 'Trip');
    await c.createTask(u.mailboxId, trip.id, { title: 'Book flights' });
    await u.sync();
    const [launch, tripProject] = await projects(u.userId);
    await createTask(t.db, u.userId, { title: 'Write the announcement', project_id: launch.id });
    await drain(t.db, u.handlers);
    const launchList = (await listsOf(u.mailboxId)).find((l) => l.displayName === 'Launch')!;

    await c.deleteList(u.mailboxId, trip.id);
    await c.deleteList(u.mailboxId, launchList.id);
    await u.sync();
    await drain(t.db, u.handlers);

    const after = await projects(u.userId);
    expect(after.map((p) => [p.name, p.status])).toEqual([
      ['Launch', 'Active'],
      ['Trip', 'Cancelled'],
    ]);
    // Every task is still in Planner.
    const tasks = await liveTasks(t.db, u.userId);
    expect(tasks.map((x) => [x.title, x.project_id]).sort()).toEqual([
      ['Book flights', tripProject.id],
      ['Write the announcement', launch.id],
    ]);
    // The Planner-made project's list is back with its open task; the Trip list is not made again.
    const lists = await listsOf(u.mailboxId);
    expect(lists.find((l) => l.displayName === 'Launch')?.tasks.map((x) => x.title)).toEqual(['Write the announcement']);
    expect(lists.some((l) => l.displayName === 'Trip')).toBe(false);
    // The closed project is not made again by a later pull.
    await u.sync();
    expect((await projects(u.userId)).map((p) => p.name)).toEqual(['Launch', 'Trip']);
  });

  it('the Inbox can be To Do\'s own "Tasks" list: connect maps it, and its tasks are Inbox tasks both ways', async () => {
    const c = e.emulator.control;
    let tasksListId = '';
    const u = await user(async (mailboxId, userId) => {
      await updateSettings(t.db, userId, { inbox_list: 'todo-default' });
      tasksListId = (await listsOf(mailboxId)).find((l) => l.wellknownListName === 'defaultList')!.id;
      await c.createTask(mailboxId, tasksListId, { title: 'Renew passport' });
    });
    const connection = await t.db.selectFrom('outlook_connections').select('planner_list_id').where('user_id', '=', u.userId).executeTakeFirstOrThrow();
    expect(connection.planner_list_id).toBe(tasksListId);
    expect((await listsOf(u.mailboxId)).some((l) => l.displayName === 'Planner Inbox')).toBe(false);
    await u.sync();
    await createTask(t.db, u.userId, { title: 'Pay the plumber' });
    await drain(t.db, u.handlers);
    const tasks = await liveTasks(t.db, u.userId);
    expect(tasks.map((x) => [x.title, x.project_id]).sort()).toEqual([
      ['Pay the plumber', null],
      ['Renew passport', null],
    ]);
    const inTasks = (await listsOf(u.mailboxId)).find((l) => l.id === tasksListId)!.tasks.map((x) => x.title).sort();
    expect(inTasks).toEqual(['Pay the plumber', 'Renew passport']);
  });

  it('switching the Inbox to "Tasks" and back, while connected, moves every Inbox task once and pulls what To Do added first', async () => {
    const c = e.emulator.control;
    let tasksListId = '';
    const u = await user(async (mailboxId) => {
      tasksListId = (await listsOf(mailboxId)).find((l) => l.wellknownListName === 'defaultList')!.id;
      await c.createTask(mailboxId, tasksListId, { title: 'Renew passport' });
    });
    const plannerInboxId = (await listsOf(u.mailboxId)).find((l) => l.displayName === 'Planner Inbox')!.id;
    await createTask(t.db, u.userId, { title: 'Pay the plumber' });
    await createTask(t.db, u.userId, { title: 'Old receipt', completed: true });
    await settle(t.db, u.handlers);
    // Added in To Do just before the switch, not pulled yet.
    await c.createTask(u.mailboxId, plannerInboxId, { title: 'Call mum' });

    await updateSettings(t.db, u.userId, { inbox_list: 'todo-default' });
    await settle(t.db, u.handlers);
    const titles = async (listId: string) => ((await listsOf(u.mailboxId)).find((l) => l.id === listId)?.tasks ?? []).map((x) => x.title).sort();
    expect(await titles(tasksListId)).toEqual(['Call mum', 'Old receipt', 'Pay the plumber', 'Renew passport']);
    expect(await titles(plannerInboxId)).toEqual([]);
    const inbox = async () => (await liveTasks(t.db, u.userId)).filter((x) => x.project_id === null).map((x) => x.title).sort();
    expect(await inbox()).toEqual(['Call mum', 'Old receipt', 'Pay the plumber', 'Renew passport']);
    const connection = await t.db.selectFrom('outlook_connections').select('planner_list_id').where('user_id', '=', u.userId).executeTakeFirstOrThrow();
    expect(connection.planner_list_id).toBe(tasksListId);

    await updateSettings(t.db, u.userId, { inbox_list: 'planner-inbox' });
    await settle(t.db, u.handlers);
    expect(await titles(plannerInboxId)).toEqual(['Call mum', 'Old receipt', 'Pay the plumber', 'Renew passport']);
    expect(await titles(tasksListId)).toEqual([]);
    expect(await inbox()).toEqual(['Call mum', 'Old receipt', 'Pay the plumber', 'Renew passport']);
    // The former list never becomes a project.
    await u.sync();
    expect(await projects(u.userId)).toEqual([]);
  });
});
