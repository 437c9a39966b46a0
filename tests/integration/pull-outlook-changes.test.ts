/**
 * Guide §12 "vice versa": what a user does in Outlook (To Do) reaches Planner through
 * full_sync — create, edit, complete, delete — and a second sync changes nothing and
 * writes nothing to Microsoft (echo suppression).
 */
import { describe, expect, it } from 'vitest';
import { createProject } from '../../src/server/projects';
import { createTask, updateTask } from '../../src/server/tasks';
import { parseTaskSnapshot } from '../../src/sync/snapshot';
import { testEngines, useTestDatabase } from '../helpers/db';
import { TEST_APP_ENV, useProcessEnv } from '../helpers/process-env';
import { dueOn, fullSync, graphWrites, lastFullSyncResult, liveTasks, mappingOf, outlook, plannerTasks, pullUser, stateByGraphId } from './pull-harness';
import { drain, remoteCopies, usePushEmulator } from './push-kit';

describe.each(testEngines())('To Do → Planner on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useTestDatabase(engine);
  const e = usePushEmulator();

  it('a task created in the default list becomes an Inbox task, once, linked back to Planner', async () => {
    const u = await pullUser(t.db, e.emulator);
    const o = outlook(e.emulator, u);
    const made = await o.create(u.inboxListId, { title: 'Call the plumber', body: { content: 'Before Friday', contentType: 'text' }, importance: 'high', dueDateTime: dueOn('2026-04-10') });

    expect(await fullSync(t.db, u)).toMatchObject({ failed: 0 });
    await fullSync(t.db, u);

    const tasks = await liveTasks(t.db, u.userId);
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ project_id: null, title: 'Call the plumber', notes: 'Before Friday', priority: 'high', due_date: '2026-04-10', completed: false });
    const state = await stateByGraphId(t.db, u.userId, made.id);
    expect(state).toMatchObject({ task_id: tasks[0].id, graph_list_id: u.inboxListId, last_sync_direction: 'pull' });
    expect(parseTaskSnapshot(state!.snapshot)).toMatchObject({ title: 'Call the plumber', due_date: '2026-04-10' });
    expect(await remoteCopies(e.emulator, u.mailboxId, tasks[0].id)).toHaveLength(1);
  });

  it('a task created in a project list lands in that project', async () => {
    const u = await pullUser(t.db, e.emulator);
    const project = await createProject(t.db, u.userId, { name: 'Garden' });
    await createTask(t.db, u.userId, { title: 'Seed', project_id: project.id });
    await drain(t.db, u.handlers);
    const listId = (await mappingOf(t.db, project.id, u.userId)).graph_list_id;

    await outlook(e.emulator, u).create(listId, { title: 'Mulch the beds' });
    await fullSync(t.db, u);

    const tasks = await liveTasks(t.db, u.userId);
    expect(tasks.map((x) => [x.title, x.project_id])).toEqual([
      ['Seed', project.id],
      ['Mulch the beds', project.id],
    ]);
  });

  it('edits, completion and deletion in Outlook reach Planner without queueing any push', async () => {
    const u = await pullUser(t.db, e.emulator);
    const o = outlook(e.emulator, u);
    const task = await createTask(t.db, u.userId, { title: 'Paint fence', priority: 'low' });
    await drain(t.db, u.handlers);
    await fullSync(t.db, u);
    const graphId = (await stateByGraphId(t.db, u.userId, (await remoteCopies(e.emulator, u.mailboxId, task.id))[0].id))!.graph_task_id!;

    await o.update(u.inboxListId, graphId, { title: 'Paint the fence white', importance: 'high', dueDateTime: dueOn('2026-05-02') });
    await fullSync(t.db, u);
    expect((await liveTasks(t.db, u.userId))[0]).toMatchObject({ id: task.id, title: 'Paint the fence white', priority: 'high', due_date: '2026-05-02' });

    await o.complete(u.inboxListId, graphId);
    await fullSync(t.db, u);
    const done = (await liveTasks(t.db, u.userId))[0];
    expect(done.completed).toBe(true);
    expect(done.completed_at).not.toBeNull();

    await o.remove(u.inboxListId, graphId);
    await fullSync(t.db, u);
    const [gone] = await plannerTasks(t.db, u.userId);
    expect(gone.deleted_at).not.toBeNull();
    expect(await stateByGraphId(t.db, u.userId, graphId)).toBeUndefined();

    const pushes = await t.db.selectFrom('task_sync_jobs').select('action').where('user_id', '=', u.userId).where('action', '!=', 'full_sync').execute();
    expect(pushes.map((j) => j.action)).toEqual(['create']); // only Planner's own create
  });

  it('partial delta items (only the changed properties) keep every other field', async () => {
    const u = await pullUser(t.db, e.emulator);
    const task = await createTask(t.db, u.userId, { title: 'Tax return', notes: 'Receipts in the blue folder', due_date: '2026-04-30', priority: 'high' });
    await drain(t.db, u.handlers);
    await fullSync(t.db, u);
    const [copy] = await remoteCopies(e.emulator, u.mailboxId, task.id);
    await e.emulator.control.setQuirks({ partialDeltaUpdates: true });
    try {
      await outlook(e.emulator, u).update(u.inboxListId, copy.id, { title: 'Tax return 2025' });
      await fullSync(t.db, u);
    } finally {
      await e.emulator.control.setQuirks({ partialDeltaUpdates: false });
    }
    expect((await liveTasks(t.db, u.userId))[0]).toMatchObject({ title: 'Tax return 2025', notes: 'Receipts in the blue folder', due_date: '2026-04-30', priority: 'high' });
    expect(await lastFullSyncResult(t.db, u.userId)).toMatchObject({ updated: 1, pushedBack: 0, conflicts: 0 });
  });

  it.each([
    ['full items', false],
    ['partial delta items', true],
  ])('a due date cleared in Outlook is cleared in Planner (%s)', async (_label, partial) => {
    const u = await pullUser(t.db, e.emulator);
    const task = await createTask(t.db, u.userId, { title: 'Renew passport', due_date: '2026-06-15' });
    await drain(t.db, u.handlers);
    await fullSync(t.db, u);
    const [copy] = await remoteCopies(e.emulator, u.mailboxId, task.id);
    await e.emulator.control.setQuirks({ partialDeltaUpdates: partial });
    try {
      await outlook(e.emulator, u).update(u.inboxListId, copy.id, { dueDateTime: null });
      await fullSync(t.db, u);
    } finally {
      await e.emulator.control.setQuirks({ partialDeltaUpdates: false });
    }
    expect((await liveTasks(t.db, u.userId))[0]).toMatchObject({ id: task.id, title: 'Renew passport', due_date: null });
    expect(parseTaskSnapshot((await stateByGraphId(t.db, u.userId, copy.id))!.snapshot)).toMatchObject({ due_date: null });
    expect(await lastFullSyncResult(t.db, u.userId)).toMatchObject({ updated: 1, pushedBack: 0 });
  });

  it('echo suppression: after a sync, a second sync changes nothing and makes no Graph writes', async () => {
    const u = await pullUser(t.db, e.emulator);
    const o = outlook(e.emulator, u);
    const mine = await createTask(t.db, u.userId, { title: 'From Planner', notes: 'Line one\nLine two', due_date: '2026-06-01' });
    await drain(t.db, u.handlers);
    await updateTask(t.db, u.userId, mine.id, { priority: 'high' });
    await drain(t.db, u.handlers);
    await o.create(u.inboxListId, { title: 'From Outlook', dueDateTime: dueOn('2026-06-02') });
    await fullSync(t.db, u);
    const before = await plannerTasks(t.db, u.userId);

    await e.emulator.control.resetStats();
    await fullSync(t.db, u);

    expect(await graphWrites(e.emulator)).toBe(0);
    expect(await lastFullSyncResult(t.db, u.userId)).toMatchObject({ created: 0, updated: 0, deleted: 0, conflicts: 0, pushedBack: 0 });
    const after = await plannerTasks(t.db, u.userId);
    expect(after.map((x) => [x.id, x.title, x.version, String(x.updated_at)])).toEqual(before.map((x) => [x.id, x.title, x.version, String(x.updated_at)]));
  });
});
