/**
 * Connect and reconnect as the sync sees them (issues 5 and 7): the first full_sync of a
 * connect queues the bulk push of the Planner tasks To Do does not have yet, and a
 * disconnect keeps each task's last-synced base, so after a reconnect edits made on
 * either side meanwhile merge field by field, with no duplicates.
 */
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index';
import type { Db } from '../../src/db/client';
import { fullSyncJob } from '../../src/jobs/actions/full-sync';
import { disconnectOutlook } from '../../src/server/outlook';
import { createProject } from '../../src/server/projects';
import { createTask, updateTask } from '../../src/server/tasks';
import { testEngines, useTestDatabase } from '../helpers/db';
import { TEST_APP_ENV, useProcessEnv } from '../helpers/process-env';
import { connect, makeDeps, newSession } from './connect-kit';
import { jobsOf, pushHandlers, remoteCopies, settle, usePushEmulator } from './push-kit';

async function plannerUser(db: Db, emulator: Emulator) {
  const session = newSession();
  const mailbox = await emulator.control.createUser({ email: session.email });
  const outlook = makeDeps(db, emulator);
  const handlers = { ...pushHandlers(outlook), full_sync: fullSyncJob(async () => outlook) };
  const connectNow = async () => {
    const result = await connect(outlook, session, session.email);
    if (!result.ok) throw new Error(`connect failed: ${result.code}`);
  };
  return { userId: session.userId, mailboxId: mailbox.user.id, outlook, handlers, connectNow };
}

describe.each(testEngines())('connect and reconnect on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useTestDatabase(engine);
  const e = usePushEmulator();

  it('connecting pushes the open Planner tasks that existed before, once, each into its project\'s list', async () => {
    const u = await plannerUser(t.db, e.emulator);
    const garden = await createProject(t.db, u.userId, { name: 'Garden' });
    const inbox = await createTask(t.db, u.userId, { title: 'Call the bank' });
    const seed = await createTask(t.db, u.userId, { title: 'Sow tomatoes', project_id: garden.id, due_date: '2026-04-01' });
    await t.db.deleteFrom('task_sync_jobs').where('user_id', '=', u.userId).execute(); // made before Outlook was connected

    await u.connectNow();
    expect(await settle(t.db, u.handlers)).toMatchObject({ failed: 0, remaining: 0 });

    const lists = await t.db.selectFrom('project_outlook_lists').select(['project_id', 'graph_list_id', 'is_default']).where('user_id', '=', u.userId).execute();
    const listOf = (projectId: string | null) => lists.find((l) => (projectId === null ? l.is_default : l.project_id === projectId))!.graph_list_id;
    expect((await remoteCopies(e.emulator, u.mailboxId, inbox.id)).map((c) => c.listId)).toEqual([listOf(null)]);
    expect((await remoteCopies(e.emulator, u.mailboxId, seed.id)).map((c) => [c.listId, c.title])).toEqual([[listOf(garden.id), 'Sow tomatoes']]);
    const connectSync = (await jobsOf(t.db, u.userId)).find((j) => j.action === 'full_sync');
    expect(connectSync).toMatchObject({ status: 'completed', result: expect.objectContaining({ openTaskPushesQueued: 2 }) });

    await u.connectNow(); // connecting again pushes nothing twice
    await settle(t.db, u.handlers);
    expect(await remoteCopies(e.emulator, u.mailboxId, seed.id)).toHaveLength(1);
    expect(await remoteCopies(e.emulator, u.mailboxId, inbox.id)).toHaveLength(1);
  });

  it('disconnect, edits on both sides, reconnect: fields merge one by one, the task made meanwhile is pushed, nothing is doubled', async () => {
    const u = await plannerUser(t.db, e.emulator);
    await u.connectNow();
    const task = await createTask(t.db, u.userId, { title: 'Fix the bike', priority: 'low' });
    await settle(t.db, u.handlers);
    const [copy] = await remoteCopies(e.emulator, u.mailboxId, task.id);

    await disconnectOutlook(u.outlook, u.userId);
    await updateTask(t.db, u.userId, task.id, { due_date: '2026-05-20' }); // Planner, while disconnected
    await e.emulator.control.updateTask(u.mailboxId, copy.listId, copy.id, { title: 'Fix the bike brakes' }); // Outlook, later
    const made = await createTask(t.db, u.userId, { title: 'Buy inner tube' });

    await u.connectNow();
    expect(await settle(t.db, u.handlers)).toMatchObject({ failed: 0, remaining: 0 });

    const copies = await remoteCopies(e.emulator, u.mailboxId, task.id);
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ id: copy.id, title: 'Fix the bike brakes', dueDateTime: expect.objectContaining({ dateTime: expect.stringMatching(/^2026-05-20/) }) });
    const merged = await t.db.selectFrom('tasks').selectAll().where('id', '=', task.id).executeTakeFirstOrThrow();
    expect(merged).toMatchObject({ title: 'Fix the bike brakes', due_date: '2026-05-20', priority: 'low' });
    expect(await remoteCopies(e.emulator, u.mailboxId, made.id)).toEqual([expect.objectContaining({ title: 'Buy inner tube' })]);
    expect(await t.db.selectFrom('sync_conflicts').select('field').where('user_id', '=', u.userId).execute()).toEqual([]);
  });
  it('a list renamed in Outlook, then disconnect and reconnect: the project links to the same list again, and a task made in it arrives once', async () => {
    const u = await plannerUser(t.db, e.emulator);
    await u.connectNow();
    const task = await createTask(t.db, u.userId, { title: 'Renew passport' });
    await settle(t.db, u.handlers);
    const [copy] = await remoteCopies(e.emulator, u.mailboxId, task.id);
    const listsBefore = (await e.emulator.control.mailbox(u.mailboxId)).lists.length;

    await e.emulator.control.createTask(u.mailboxId, copy.listId, { title: 'Book a dentist' });
    await e.emulator.control.renameList(u.mailboxId, copy.listId, 'Home admin');
    await disconnectOutlook(u.outlook, u.userId);
    await u.connectNow();
    expect(await settle(t.db, u.handlers)).toMatchObject({ failed: 0, remaining: 0 });

    expect((await e.emulator.control.mailbox(u.mailboxId)).lists).toHaveLength(listsBefore);
    const inbox = await t.db.selectFrom('project_outlook_lists').selectAll().where('user_id', '=', u.userId).where('is_default', '=', true).executeTakeFirstOrThrow();
    expect(inbox).toMatchObject({ graph_list_id: copy.listId, is_active: true });
    expect(await remoteCopies(e.emulator, u.mailboxId, task.id)).toEqual([expect.objectContaining({ id: copy.id })]);
    const titles = (await t.db.selectFrom('tasks').select('title').where('user_id', '=', u.userId).where('deleted_at', 'is', null).orderBy('title').execute()).map((r) => r.title);
    expect(titles).toEqual(['Book a dentist', 'Renew passport']);
  });
});
