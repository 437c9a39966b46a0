/**
 * Planner → To Do, each action end to end (issue 6): Planner's services enqueue, the
 * worker runs the real push handlers against the emulator, and we look at what the
 * emulator holds and what task_sync_state records.
 */
import { describe, expect, it } from 'vitest';
import { findTaskById } from '../../src/db/tasks-repository';
import { createProject } from '../../src/server/projects';
import { createTask, deleteTask, moveTask, restoreTask, updateTask } from '../../src/server/tasks';
import { PLANNER_APPLICATION_NAME } from '../../src/sync/field-mapping';
import { parseTaskSnapshot } from '../../src/sync/snapshot';
import { testEngines, useTestDatabase } from '../helpers/db';
import { TEST_APP_ENV, useProcessEnv } from '../helpers/process-env';
import {
  APP_URL,
  connectedUser,
  drain,
  jobsOf,
  remoteCopies,
  remoteList,
  requestCount,
  settle,
  sleep,
  syncStateOf,
  TASK_ROUTE,
  usePushEmulator,
} from './push-kit';
import { fullSync, mappingOf, pullUser } from './pull-harness';

describe.each(testEngines())('push actions against the emulator on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useTestDatabase(engine);
  const e = usePushEmulator();

  it('create: an Inbox task lands in the default list with every mapped field and a link back to Planner', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const task = await createTask(t.db, u.userId, { title: 'Buy seeds', notes: 'Tomatoes\nBasil', due_date: '2026-03-29', priority: 'high' });

    expect(await drain(t.db, u.handlers)).toMatchObject({ succeeded: 1, failed: 0 });

    const [copy] = await remoteCopies(e.emulator, u.mailboxId, task.id);
    expect(copy.listId).toBe(u.inboxListId);
    expect(copy).toMatchObject({ title: 'Buy seeds', importance: 'high', status: 'notStarted', body: { content: 'Tomatoes\nBasil' } });
    expect((copy.dueDateTime as { dateTime: string }).dateTime).toMatch(/^2026-03-29T00:00:00/);
    expect(copy.linkedResources).toEqual([
      expect.objectContaining({ externalId: task.id, applicationName: PLANNER_APPLICATION_NAME, webUrl: `${APP_URL}/tasks/${task.id}` }),
    ]);
    const state = await syncStateOf(t.db, task.id);
    expect(state).toMatchObject({
      graph_task_id: copy.id,
      graph_list_id: u.inboxListId,
      graph_etag: copy['@odata.etag'],
      synced_version: task.version,
      last_sync_direction: 'push',
      pending_create_list_id: null,
    });
    expect(parseTaskSnapshot(state!.snapshot)).toMatchObject({ title: 'Buy seeds', due_date: '2026-03-29', priority: 'high', completed: false });
  });

  it('update: each mapped field round-trips, one edit at a time', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const task = await createTask(t.db, u.userId, { title: 'Draft' });
    await drain(t.db, u.handlers);
    const read = async () => (await remoteCopies(e.emulator, u.mailboxId, task.id))[0];

    await updateTask(t.db, u.userId, task.id, { title: 'Final' });
    await drain(t.db, u.handlers);
    expect((await read()).title).toBe('Final');

    await updateTask(t.db, u.userId, task.id, { notes: 'Line one\nLine two' });
    await drain(t.db, u.handlers);
    expect((await read()).body).toMatchObject({ content: 'Line one\nLine two' });

    await updateTask(t.db, u.userId, task.id, { due_date: '2026-10-25' });
    await drain(t.db, u.handlers);
    expect(((await read()).dueDateTime as { dateTime: string }).dateTime).toMatch(/^2026-10-25T00:00:00/);

    await updateTask(t.db, u.userId, task.id, { due_date: null });
    await drain(t.db, u.handlers);
    expect((await read()).dueDateTime).toBeUndefined();

    await updateTask(t.db, u.userId, task.id, { priority: 'low' });
    await drain(t.db, u.handlers);
    expect((await read()).importance).toBe('low');

    await updateTask(t.db, u.userId, task.id, { completed: true });
    await drain(t.db, u.handlers);
    const done = await read();
    expect(done.status).toBe('completed');
    expect(done.completedDateTime).toBeDefined();

    const reopened = await updateTask(t.db, u.userId, task.id, { completed: false });
    await drain(t.db, u.handlers);
    expect((await read()).status).toBe('notStarted');
    expect((await syncStateOf(t.db, task.id))!.synced_version).toBe(reopened.version);
    expect((await jobsOf(t.db, u.userId)).every((j) => j.status === 'completed')).toBe(true);
  });

  it('update PATCHes only what changed in Planner: an Outlook edit of another field survives', async () => {
    const u = await pullUser(t.db, e.emulator);
    const task = await createTask(t.db, u.userId, { title: 'Call the plumber', priority: 'normal' });
    await drain(t.db, u.handlers);
    const [copy] = await remoteCopies(e.emulator, u.mailboxId, task.id);
    await e.emulator.control.updateTask(u.mailboxId, copy.listId, copy.id, { importance: 'high', body: { content: 'From Outlook', contentType: 'text' } });
    await e.emulator.control.resetStats();

    await updateTask(t.db, u.userId, task.id, { title: 'Call the plumber today' });
    expect(await settle(t.db, u.handlers)).toMatchObject({ failed: 0, remaining: 0 });

    const [after] = await remoteCopies(e.emulator, u.mailboxId, task.id);
    expect(after).toMatchObject({ title: 'Call the plumber today', importance: 'high', body: { content: 'From Outlook' } });
    // The PATCH carried the base's etag: the Outlook edit made it stale (412), the pull
    // merged that edit into Planner, and the PATCH then went through with the new etag.
    expect((await e.emulator.control.stats()).requests[TASK_ROUTE.patch]).toEqual({ '200': 1, '412': 1 });
    expect(await findTaskById(t.db, task.id)).toMatchObject({ title: 'Call the plumber today', priority: 'high', notes: 'From Outlook' });
    expect((await syncStateOf(t.db, task.id))!.graph_etag).toBe(after['@odata.etag']);
  });

  it('a Planner edit held back until after a later Outlook edit of the same field does not overwrite it: the later edit wins, logged as a conflict', async () => {
    const u = await pullUser(t.db, e.emulator);
    const task = await createTask(t.db, u.userId, { title: 'Write the report' });
    await drain(t.db, u.handlers);
    const [copy] = await remoteCopies(e.emulator, u.mailboxId, task.id);

    await updateTask(t.db, u.userId, task.id, { title: 'Write the Q3 report' });
    await sleep(20);
    await e.emulator.control.updateTask(u.mailboxId, copy.listId, copy.id, { title: 'Write the annual report' });
    expect(await settle(t.db, u.handlers)).toMatchObject({ failed: 0, remaining: 0 });

    const [after] = await remoteCopies(e.emulator, u.mailboxId, task.id);
    expect(after.title).toBe('Write the annual report');
    expect((await findTaskById(t.db, task.id))!.title).toBe('Write the annual report');
    const conflicts = await t.db.selectFrom('sync_conflicts').selectAll().where('task_id', '=', task.id).execute();
    expect(conflicts).toMatchObject([{ field: 'title', winner: 'remote', local_value: 'Write the Q3 report', remote_value: 'Write the annual report' }]);
  });

  it('update with nothing changed since the last sync makes no Graph write', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const task = await createTask(t.db, u.userId, { title: 'Same' });
    await drain(t.db, u.handlers);
    const patchesBefore = await requestCount(e.emulator, TASK_ROUTE.patch);
    const postsBefore = await requestCount(e.emulator, TASK_ROUTE.post);

    const same = await updateTask(t.db, u.userId, task.id, { title: 'Same' });
    expect(await drain(t.db, u.handlers)).toMatchObject({ succeeded: 1 });

    expect(await requestCount(e.emulator, TASK_ROUTE.patch)).toBe(patchesBefore);
    expect(await requestCount(e.emulator, TASK_ROUTE.post)).toBe(postsBefore);
    expect((await syncStateOf(t.db, task.id))!.synced_version).toBe(same.version);
  });

  it('an edit of a task whose copy is in its list is one Graph round trip: the PATCH, no confirming GET of the list (issue 15 bench a)', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const project = await createProject(t.db, u.userId, { name: 'Errands' });
    const inboxTask = await createTask(t.db, u.userId, { title: 'Post letter' });
    const projectTask = await createTask(t.db, u.userId, { title: 'Buy stamps', project_id: project.id });
    await drain(t.db, u.handlers);
    const before = (await e.emulator.control.stats()).requests;
    // Graph's requests only (the emulator's own /_emulator/stats reads are counted too).
    const total = (r: Record<string, Record<string, number>>) =>
      Object.entries(r).filter(([route]) => route.includes('/v1.0/')).reduce((n, [, byStatus]) => n + Object.values(byStatus).reduce((a, b) => a + b, 0), 0);

    await updateTask(t.db, u.userId, inboxTask.id, { title: 'Post letter today' });
    await updateTask(t.db, u.userId, projectTask.id, { title: 'Buy stamps (10)' });
    expect(await drain(t.db, u.handlers)).toMatchObject({ succeeded: 2, failed: 0 });

    const after = (await e.emulator.control.stats()).requests;
    expect(total(after) - total(before)).toBe(2);
    expect((after[TASK_ROUTE.patch]?.['200'] ?? 0) - (before[TASK_ROUTE.patch]?.['200'] ?? 0)).toBe(2);
  });

  it('fields Planner does not model (categories, reminder, recurrence) survive a Planner edit', async () => {
    const u = await pullUser(t.db, e.emulator);
    const task = await createTask(t.db, u.userId, { title: 'Pay rent', due_date: '2026-05-01' });
    await drain(t.db, u.handlers);
    const [copy] = await remoteCopies(e.emulator, u.mailboxId, task.id);
    const reminder = { dateTime: '2026-04-30T09:00:00.0000000', timeZone: 'UTC' };
    const recurrence = {
      pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 1 },
      range: { type: 'noEnd', startDate: '2026-05-01' },
    };
    await e.emulator.control.updateTask(u.mailboxId, copy.listId, copy.id, {
      categories: ['Bills', 'Red category'],
      isReminderOn: true,
      reminderDateTime: reminder,
      recurrence,
    });

    await updateTask(t.db, u.userId, task.id, { title: 'Pay the rent' });
    expect(await settle(t.db, u.handlers)).toMatchObject({ failed: 0, remaining: 0 });

    const [after] = await remoteCopies(e.emulator, u.mailboxId, task.id);
    expect(after.title).toBe('Pay the rent');
    expect(after.categories).toEqual(['Bills', 'Red category']);
    expect(after.isReminderOn).toBe(true);
    expect((after.reminderDateTime as { dateTime: string }).dateTime).toMatch(/^2026-04-30T09:00:00/);
    expect(after.recurrence).toMatchObject({ pattern: { type: 'absoluteMonthly' } });
  });

  it('a project task goes to its project\'s list; a move creates it in the new list and deletes the old copy', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const garden = await createProject(t.db, u.userId, { name: 'Garden' });
    const house = await createProject(t.db, u.userId, { name: 'House' });
    const task = await createTask(t.db, u.userId, { title: 'Fix fence', project_id: garden.id });
    await drain(t.db, u.handlers);
    const gardenList = (await t.db.selectFrom('project_outlook_lists').selectAll().where('project_id', '=', garden.id).executeTakeFirstOrThrow()).graph_list_id;
    const [first] = await remoteCopies(e.emulator, u.mailboxId, task.id);
    expect(first.listId).toBe(gardenList);
    expect((await remoteList(e.emulator, u.mailboxId, gardenList))!.displayName).toBe('Garden');

    await moveTask(t.db, u.userId, task.id, house.id);
    await drain(t.db, u.handlers);

    const houseList = (await t.db.selectFrom('project_outlook_lists').selectAll().where('project_id', '=', house.id).executeTakeFirstOrThrow()).graph_list_id;
    const copies = await remoteCopies(e.emulator, u.mailboxId, task.id);
    expect(copies).toHaveLength(1);
    expect(copies[0].listId).toBe(houseList);
    expect(copies[0].id).not.toBe(first.id);
    expect(await syncStateOf(t.db, task.id)).toMatchObject({ graph_task_id: copies[0].id, graph_list_id: houseList });

    await moveTask(t.db, u.userId, task.id, null);
    await drain(t.db, u.handlers);
    expect((await remoteCopies(e.emulator, u.mailboxId, task.id)).map((c) => c.listId)).toEqual([u.inboxListId]);
  });

  it('update of a copy deleted in Outlook (404) waits for a full_sync, then recreates it (edit beats delete)', async () => {
    const u = await pullUser(t.db, e.emulator);
    const task = await createTask(t.db, u.userId, { title: 'Keep me' });
    await drain(t.db, u.handlers);
    const [copy] = await remoteCopies(e.emulator, u.mailboxId, task.id);
    await fullSync(t.db, u);
    await e.emulator.control.deleteTask(u.mailboxId, copy.listId, copy.id);

    await updateTask(t.db, u.userId, task.id, { title: 'Keep me, really' });
    const first = await drain(t.db, u.handlers);
    expect(first).toMatchObject({ deferred: 1, failed: 0 });
    expect((await jobsOf(t.db, u.userId)).filter((j) => j.action === 'full_sync' && j.status === 'completed').length).toBeGreaterThanOrEqual(2);

    expect(await settle(t.db, u.handlers)).toMatchObject({ failed: 0, remaining: 0 });
    const copies = await remoteCopies(e.emulator, u.mailboxId, task.id);
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ title: 'Keep me, really' });
    expect(await syncStateOf(t.db, task.id)).toMatchObject({ graph_task_id: copies[0].id, copy_missing_at: null });
    expect((await findTaskById(t.db, task.id))!.deleted_at).toBeNull();
  });

  it('a Planner move of a task moved to another list in Outlook meanwhile: the push finds the moved copy first, one copy ends in the later move\'s list', async () => {
    const u = await pullUser(t.db, e.emulator);
    const garden = await createProject(t.db, u.userId, { name: 'Garden' });
    const errands = await createProject(t.db, u.userId, { name: 'Errands' });
    const task = await createTask(t.db, u.userId, { title: 'Buy seeds' });
    await drain(t.db, u.handlers);
    await fullSync(t.db, u);
    const gardenList = (await mappingOf(t.db, garden.id, u.userId)).graph_list_id;
    const errandsList = (await mappingOf(t.db, errands.id, u.userId)).graph_list_id;
    const [copy] = await remoteCopies(e.emulator, u.mailboxId, task.id);
    await e.emulator.control.moveTask(u.mailboxId, copy.listId, copy.id, gardenList);
    await sleep(20);

    await moveTask(t.db, u.userId, task.id, errands.id);
    expect(await settle(t.db, u.handlers)).toMatchObject({ failed: 0, remaining: 0 });

    const copies = await remoteCopies(e.emulator, u.mailboxId, task.id);
    expect(copies).toHaveLength(1);
    expect(copies[0].listId).toBe(errandsList);
    expect(await findTaskById(t.db, task.id)).toMatchObject({ project_id: errands.id, deleted_at: null });
    expect((await t.db.selectFrom('tasks').select('id').where('user_id', '=', u.userId).where('deleted_at', 'is', null).execute())).toHaveLength(1);
  });

  it('update of a copy moved to another list in Outlook (404): the full_sync re-links the moved copy, which gets the edit; no second copy', async () => {
    const u = await pullUser(t.db, e.emulator);
    const garden = await createProject(t.db, u.userId, { name: 'Garden' });
    const task = await createTask(t.db, u.userId, { title: 'Prune roses', priority: 'low' });
    await createTask(t.db, u.userId, { title: 'Seed', project_id: garden.id });
    await drain(t.db, u.handlers);
    await fullSync(t.db, u);
    const gardenList = (await mappingOf(t.db, garden.id, u.userId)).graph_list_id;
    const [copy] = await remoteCopies(e.emulator, u.mailboxId, task.id);
    await e.emulator.control.moveTask(u.mailboxId, copy.listId, copy.id, gardenList);

    await updateTask(t.db, u.userId, task.id, { title: 'Prune the roses', priority: 'high' });
    const settled = await settle(t.db, u.handlers);
    expect((await jobsOf(t.db, u.userId)).filter((j) => j.status === 'failed')).toEqual([]);
    expect(settled).toMatchObject({ failed: 0, remaining: 0 });

    const copies = await remoteCopies(e.emulator, u.mailboxId, task.id);
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ listId: gardenList, title: 'Prune the roses', importance: 'high' });
    expect(await findTaskById(t.db, task.id)).toMatchObject({ project_id: garden.id, title: 'Prune the roses', priority: 'high', deleted_at: null });
    expect(await syncStateOf(t.db, task.id)).toMatchObject({ graph_task_id: copies[0].id, graph_list_id: gardenList, copy_missing_at: null });
  });

  it('update of a task never pushed creates it', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const task = await createTask(t.db, u.userId, { title: 'Late' });
    await t.db.deleteFrom('task_sync_jobs').where('user_id', '=', u.userId).execute();
    await updateTask(t.db, u.userId, task.id, { notes: 'now synced' });
    await drain(t.db, u.handlers);
    expect(await remoteCopies(e.emulator, u.mailboxId, task.id)).toEqual([expect.objectContaining({ title: 'Late', body: expect.objectContaining({ content: 'now synced' }) })]);
  });

  it('delete: the copy goes from To Do and the sync state is cleared; an already-deleted copy (404) counts as done', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const a = await createTask(t.db, u.userId, { title: 'A' });
    const b = await createTask(t.db, u.userId, { title: 'B' });
    await drain(t.db, u.handlers);
    const [copyB] = await remoteCopies(e.emulator, u.mailboxId, b.id);
    await e.emulator.control.deleteTask(u.mailboxId, copyB.listId, copyB.id);

    await deleteTask(t.db, u.userId, a.id);
    await deleteTask(t.db, u.userId, b.id);
    expect(await drain(t.db, u.handlers)).toMatchObject({ succeeded: 2, failed: 0 });

    expect(await remoteCopies(e.emulator, u.mailboxId, a.id)).toEqual([]);
    expect(await syncStateOf(t.db, a.id)).toBeUndefined();
    expect(await syncStateOf(t.db, b.id)).toBeUndefined();
    const results = (await jobsOf(t.db, u.userId)).filter((j) => j.action === 'delete').map((j) => (j.result as { copy: string }).copy);
    expect(results.sort()).toEqual(['deleted', 'not_found']);
  });

  it('delete uses the ids from the job payload when the sync state row is gone; a restore keeps the copy', async () => {
    const u = await connectedUser(t.db, e.emulator);
    const gone = await createTask(t.db, u.userId, { title: 'Gone' });
    const back = await createTask(t.db, u.userId, { title: 'Back' });
    await drain(t.db, u.handlers);

    await deleteTask(t.db, u.userId, gone.id);
    await t.db.deleteFrom('task_sync_state').where('task_id', '=', gone.id).execute();
    await deleteTask(t.db, u.userId, back.id);
    await restoreTask(t.db, u.userId, back.id);
    await drain(t.db, u.handlers);

    expect(await remoteCopies(e.emulator, u.mailboxId, gone.id)).toEqual([]);
    expect(await remoteCopies(e.emulator, u.mailboxId, back.id)).toHaveLength(1);
    const backJobs = (await jobsOf(t.db, u.userId)).filter((j) => j.task_id === back.id);
    expect(backJobs.map((j) => [j.action, j.status])).toEqual([
      ['create', 'completed'],
      ['delete', 'skipped'],
      ['update', 'completed'],
    ]);
  });

  it('a list deleted in Outlook is confirmed with a GET and re-provisioned, even though Graph still accepts POSTs into it', async () => {
    const u = await connectedUser(t.db, e.emulator);
    await e.emulator.control.setQuirks({ deletedListAcceptsTaskPosts: true });
    try {
      const project = await createProject(t.db, u.userId, { name: 'Trips' });
      await drain(t.db, u.handlers);
      const oldList = (await t.db.selectFrom('project_outlook_lists').selectAll().where('project_id', '=', project.id).executeTakeFirstOrThrow()).graph_list_id;
      await e.emulator.control.deleteList(u.mailboxId, oldList);
      await e.emulator.control.deleteList(u.mailboxId, u.inboxListId);

      const inProject = await createTask(t.db, u.userId, { title: 'Book hotel', project_id: project.id });
      const inInbox = await createTask(t.db, u.userId, { title: 'Renew passport' });
      await drain(t.db, u.handlers);

      const [tripCopy] = await remoteCopies(e.emulator, u.mailboxId, inProject.id);
      const [inboxCopy] = await remoteCopies(e.emulator, u.mailboxId, inInbox.id);
      expect(tripCopy.listId).not.toBe(oldList);
      expect((await remoteList(e.emulator, u.mailboxId, tripCopy.listId))!.displayName).toBe('Trips');
      expect(inboxCopy.listId).not.toBe(u.inboxListId);
      const connection = await t.db.selectFrom('outlook_connections').selectAll().where('user_id', '=', u.userId).executeTakeFirstOrThrow();
      expect(connection.planner_list_id).toBe(inboxCopy.listId);
    } finally {
      await e.emulator.control.setQuirks({ deletedListAcceptsTaskPosts: false });
    }
  });
});
