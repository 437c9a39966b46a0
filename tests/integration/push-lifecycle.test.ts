/**
 * Project ↔ list lifecycle end to end (issue 6 §3, guide §6.5/§11): closed projects
 * get no list and their task jobs are skipped; closing archives the list (deleted in
 * Outlook, mapping inactive, subscription deleted); reopening brings the list and
 * its open tasks back (through $batch); a Planner rename renames the list; deleting
 * the project deletes its list.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../../src/db/client';
import { taskSubscriptionResource } from '../../src/graph';
import { createProject, deleteProject, renameProject, setProjectStatus } from '../../src/server/projects';
import { logger } from '../../src/observability/logger';
import { syncContextFor } from '../../src/server/sync-context';
import { createTask, updateTask } from '../../src/server/tasks';
import { testEngines, useTestDatabase } from '../helpers/db';
import { TEST_APP_ENV, useProcessEnv } from '../helpers/process-env';
import { connectedUser, drain, jobsOf, remoteCopies, remoteLists, requestCount, syncStateOf, usePushEmulator, type ConnectedUser } from './push-kit';

/** A webhook receiver that passes Graph's validation handshake and accepts notifications. */
function useNotificationReceiver() {
  let server: Server;
  let url = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      const token = new URL(req.url ?? '/', 'http://x').searchParams.get('validationToken');
      req.resume();
      if (token) {
        res.writeHead(200, { 'content-type': 'text/plain' }).end(token);
        return;
      }
      res.writeHead(202).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
  return { get url() { return url; } };
}

const mappingOf = (db: Db, projectId: string) =>
  db.selectFrom('project_outlook_lists').selectAll().where('project_id', '=', projectId).executeTakeFirst();

describe.each(testEngines())('project lifecycle against the emulator on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useTestDatabase(engine);
  const e = usePushEmulator({ allowHttpNotificationUrls: true });
  const receiver = useNotificationReceiver();

  /** Subscribes to the list's tasks, as the subscriptions job does, and records it on the mapping. */
  async function subscribe(u: ConnectedUser, projectId: string): Promise<string> {
    const mapping = (await mappingOf(t.db, projectId))!;
    const { graph } = await syncContextFor(u.deps, u.userId, logger());
    const subscription = await graph.subscriptions.create({
      resource: taskSubscriptionResource(mapping.graph_list_id),
      notificationUrl: receiver.url,
      expirationDateTime: new Date(Date.now() + 3600_000),
      clientState: 'lifecycle-test',
    });
    await t.db.updateTable('project_outlook_lists').set({ subscription_id: subscription.id }).where('id', '=', mapping.id).execute();
    return subscription.id;
  }

  const liveSubscriptionIds = async () => (await e.emulator.control.subscriptions()).map((s) => s.id);

  it('closing archives the list; the closed project\'s task jobs are skipped; reopening brings the list and its open tasks back', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const kitchen = await createProject(t.db, u.userId, { name: 'Kitchen' });
    const paint = await createTask(t.db, u.userId, { title: 'Paint walls', project_id: kitchen.id });
    const tiles = await createTask(t.db, u.userId, { title: 'Order tiles', project_id: kitchen.id });
    const done = await createTask(t.db, u.userId, { title: 'Measure', project_id: kitchen.id, completed: true });
    await drain(t.db, u.handlers);
    const firstList = (await mappingOf(t.db, kitchen.id))!.graph_list_id;
    const subscriptionId = await subscribe(u, kitchen.id);
    expect(await liveSubscriptionIds()).toContain(subscriptionId);

    await setProjectStatus(t.db, u.userId, kitchen.id, 'Completed');
    await drain(t.db, u.handlers);

    const archived = (await remoteLists(e.emulator, u.mailboxId, true)).find((l) => l.id === firstList)!;
    expect(archived.deleted).toBe(true);
    expect(await liveSubscriptionIds()).not.toContain(subscriptionId);
    expect(await mappingOf(t.db, kitchen.id)).toMatchObject({ is_active: false, subscription_id: null, graph_list_id: firstList });
    for (const task of [paint, tiles, done]) expect(await syncStateOf(t.db, task.id)).toBeUndefined();

    // While closed: edits and new tasks are skipped, and no list is created.
    await updateTask(t.db, u.userId, paint.id, { title: 'Paint walls white' });
    const sink = await createTask(t.db, u.userId, { title: 'Fit sink', project_id: kitchen.id });
    expect(await drain(t.db, u.handlers)).toMatchObject({ skipped: 2, failed: 0, succeeded: 0 });
    expect((await remoteLists(e.emulator, u.mailboxId)).map((l) => l.displayName)).not.toContain('Kitchen');
    expect(await remoteCopies(e.emulator, u.mailboxId, sink.id)).toEqual([]);

    const batchesBefore = await requestCount(e.emulator, 'POST /v1.0/$batch');
    await setProjectStatus(t.db, u.userId, kitchen.id, 'Active');
    expect(await drain(t.db, u.handlers)).toMatchObject({ failed: 0 });

    const mapping = (await mappingOf(t.db, kitchen.id))!;
    expect(mapping).toMatchObject({ is_active: true });
    expect(mapping.graph_list_id).not.toBe(firstList);
    const list = (await remoteLists(e.emulator, u.mailboxId)).find((l) => l.id === mapping.graph_list_id)!;
    expect(list.displayName).toBe('Kitchen');
    expect(list.tasks.map((task) => task.title).sort()).toEqual(['Fit sink', 'Order tiles', 'Paint walls white']);
    expect(await requestCount(e.emulator, 'POST /v1.0/$batch')).toBeGreaterThan(batchesBefore);
    for (const task of [paint, tiles, sink]) {
      expect(await syncStateOf(t.db, task.id)).toMatchObject({ graph_list_id: mapping.graph_list_id, pending_create_list_id: null });
    }
  });

  it('a project that is closed before its first sync never gets a list', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const old = await createProject(t.db, u.userId, { name: 'Old plans' });
    await setProjectStatus(t.db, u.userId, old.id, 'Cancelled');
    await createTask(t.db, u.userId, { title: 'Forgotten', project_id: old.id });

    expect(await drain(t.db, u.handlers)).toMatchObject({ skipped: 3, failed: 0 });
    expect(await mappingOf(t.db, old.id)).toBeUndefined();
    expect((await remoteLists(e.emulator, u.mailboxId)).map((l) => l.displayName)).not.toContain('Old plans');
    expect((await jobsOf(t.db, u.userId)).map((j) => j.status)).toEqual(['skipped', 'skipped', 'skipped']);
  });

  it('a Planner rename renames the list in Outlook', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const project = await createProject(t.db, u.userId, { name: 'Holiday' });
    await drain(t.db, u.handlers);
    await renameProject(t.db, u.userId, project.id, 'Summer holiday');
    await drain(t.db, u.handlers);
    const mapping = (await mappingOf(t.db, project.id))!;
    expect(mapping.graph_list_name).toBe('Summer holiday');
    expect((await remoteLists(e.emulator, u.mailboxId)).find((l) => l.id === mapping.graph_list_id)!.displayName).toBe('Summer holiday');
  });

  it('deleting a project deletes its list, subscription, mapping and the sync state of its tasks', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const project = await createProject(t.db, u.userId, { name: 'Move house' });
    const task = await createTask(t.db, u.userId, { title: 'Book van', project_id: project.id });
    await drain(t.db, u.handlers);
    const listId = (await mappingOf(t.db, project.id))!.graph_list_id;
    const subscriptionId = await subscribe(u, project.id);

    await deleteProject(t.db, u.userId, project.id);
    expect(await drain(t.db, u.handlers)).toMatchObject({ succeeded: 1, failed: 0 });

    expect((await remoteLists(e.emulator, u.mailboxId)).map((l) => l.id)).not.toContain(listId);
    expect(await liveSubscriptionIds()).not.toContain(subscriptionId);
    expect(await t.db.selectFrom('project_outlook_lists').selectAll().where('graph_list_id', '=', listId).execute()).toEqual([]);
    expect(await syncStateOf(t.db, task.id)).toBeUndefined();
  });

  it('deleting a project whose task was just moved into it (move not yet pushed) removes that task\'s copy from its old list too', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const project = await createProject(t.db, u.userId, { name: 'Holiday' });
    await createTask(t.db, u.userId, { title: 'Book hotel', project_id: project.id });
    const inboxTask = await createTask(t.db, u.userId, { title: 'Renew passport' });
    await drain(t.db, u.handlers);
    expect((await remoteCopies(e.emulator, u.mailboxId, inboxTask.id)).map((c) => c.listId)).toEqual([u.inboxListId]);

    await updateTask(t.db, u.userId, inboxTask.id, { project_id: project.id });
    await deleteProject(t.db, u.userId, project.id);
    expect(await drain(t.db, u.handlers)).toMatchObject({ failed: 0 });

    expect(await remoteCopies(e.emulator, u.mailboxId, inboxTask.id)).toEqual([]);
    expect(await syncStateOf(t.db, inboxTask.id)).toBeUndefined();
    const projectDelete = (await jobsOf(t.db, u.userId)).find((j) => j.action === 'project_delete');
    expect(projectDelete).toMatchObject({ status: 'completed', result: expect.objectContaining({ orphanCopies: 1 }) });
  });

  it('closing a project pulls its list one last time: a task moved or created there in Outlook just before is kept in Planner', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const project = await createProject(t.db, u.userId, { name: 'Wedding' });
    await createTask(t.db, u.userId, { title: 'Book venue', project_id: project.id });
    const inboxTask = await createTask(t.db, u.userId, { title: 'Order flowers' });
    await drain(t.db, u.handlers);
    const listId = (await mappingOf(t.db, project.id))!.graph_list_id;
    const [copy] = await remoteCopies(e.emulator, u.mailboxId, inboxTask.id);
    await e.emulator.control.moveTask(u.mailboxId, copy.listId, copy.id, listId);
    await e.emulator.control.createTask(u.mailboxId, listId, { title: 'Send invitations' });

    await setProjectStatus(t.db, u.userId, project.id, 'Completed');
    expect(await drain(t.db, u.handlers)).toMatchObject({ failed: 0 });

    expect((await remoteLists(e.emulator, u.mailboxId)).map((l) => l.id)).not.toContain(listId);
    const tasks = await t.db.selectFrom('tasks').select(['id', 'title', 'project_id', 'deleted_at']).where('user_id', '=', u.userId).orderBy('title').execute();
    expect(tasks.map((x) => [x.title, x.project_id, x.deleted_at])).toEqual([
      ['Book venue', project.id, null],
      ['Order flowers', project.id, null],
      ['Send invitations', project.id, null],
    ]);
    expect(tasks.find((x) => x.title === 'Order flowers')!.id).toBe(inboxTask.id);
  });

  it('deleting a project whose list holds a task moved there in Outlook (from the Inbox) keeps that task: it goes back to the Inbox list', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const project = await createProject(t.db, u.userId, { name: 'Old plans' });
    const inboxTask = await createTask(t.db, u.userId, { title: 'Call mum' });
    await drain(t.db, u.handlers);
    const listId = (await mappingOf(t.db, project.id))!.graph_list_id;
    const [copy] = await remoteCopies(e.emulator, u.mailboxId, inboxTask.id);
    await e.emulator.control.moveTask(u.mailboxId, copy.listId, copy.id, listId);

    await deleteProject(t.db, u.userId, project.id);
    expect(await drain(t.db, u.handlers)).toMatchObject({ failed: 0 });

    expect((await remoteLists(e.emulator, u.mailboxId)).map((l) => l.id)).not.toContain(listId);
    expect((await remoteCopies(e.emulator, u.mailboxId, inboxTask.id)).map((c) => [c.listId, c.title])).toEqual([[u.inboxListId, 'Call mum']]);
    const projectDelete = (await jobsOf(t.db, u.userId)).find((j) => j.action === 'project_delete');
    expect(projectDelete).toMatchObject({ status: 'completed', result: expect.objectContaining({ rescued: 1 }) });
  });

  it('deleting a project whose list holds a task created in To Do that no pull has seen rescues it to the Inbox (row project-delete.unseen-in-todo)', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const project = await createProject(t.db, u.userId, { name: 'Garden' });
    await createTask(t.db, u.userId, { title: 'Plant roses', project_id: project.id });
    await drain(t.db, u.handlers);
    const listId = (await mappingOf(t.db, project.id))!.graph_list_id;
    await e.emulator.control.createTask(u.mailboxId, listId, { title: 'Buy seeds' });

    await deleteProject(t.db, u.userId, project.id);
    expect(await drain(t.db, u.handlers)).toMatchObject({ failed: 0 });

    expect((await remoteLists(e.emulator, u.mailboxId)).map((l) => l.id)).not.toContain(listId);
    const tasks = await t.db.selectFrom('tasks').select(['id', 'title', 'project_id', 'deleted_at']).where('user_id', '=', u.userId).execute();
    expect(tasks.map((x) => [x.title, x.project_id, x.deleted_at])).toEqual([['Buy seeds', null, null]]);
    expect((await remoteCopies(e.emulator, u.mailboxId, tasks[0].id)).map((c) => [c.listId, c.title])).toEqual([[u.inboxListId, 'Buy seeds']]);
  });
});
