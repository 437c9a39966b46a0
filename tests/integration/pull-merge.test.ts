/**
 * The three-way merge end to end (issue 7 §2): both-sides edits merge field by field
 * with the conflict logged and undoable; an edit beats a delete on either side; a
 * task moved between lists in To Do keeps its identity in Planner.
 */
import { describe, expect, it } from 'vitest';
import { createProject } from '../../src/server/projects';
import { keepConflict, listConflicts, undoConflict } from '../../src/server/conflicts/conflicts-service';
import { createTask, deleteTask, updateTask } from '../../src/server/tasks';
import { testEngines, useTestDatabase } from '../helpers/db';
import { TEST_APP_ENV, useProcessEnv } from '../helpers/process-env';
import { fullSync, lastFullSyncResult, liveTasks, mappingOf, outlook, plannerTasks, pullUser, stateByGraphId, type PullUser } from './pull-harness';
import { drain, remoteCopies, sleep, usePushEmulator } from './push-kit';
import type { Db } from '../../src/db/client';
import type { Emulator } from '../../emulator/index';

/** A Planner task pushed to To Do and pulled once: its Graph id. */
async function syncedTask(db: Db, emulator: Emulator, u: PullUser, input: Parameters<typeof createTask>[2]) {
  const task = await createTask(db, u.userId, input);
  await drain(db, u.handlers);
  await fullSync(db, u);
  const [copy] = await remoteCopies(emulator, u.mailboxId, task.id);
  return { task, graphId: copy.id, listId: copy.listId };
}

describe.each(testEngines())('merging To Do and Planner on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useTestDatabase(engine);
  const e = usePushEmulator();

  it('both sides edited: each field merges on its own, the title conflict goes to the later edit and is logged', async () => {
    const u = await pullUser(t.db, e.emulator);
    const { task, graphId } = await syncedTask(t.db, e.emulator, u, { title: 'Plan trip', notes: 'Old notes', priority: 'normal' });

    await updateTask(t.db, u.userId, task.id, { title: 'Plan the trip (Planner)', notes: 'Book hotel' }); // not pushed yet
    await sleep(20);
    await outlook(e.emulator, u).update(u.inboxListId, graphId, { title: 'Plan trip to Rome', importance: 'high' });
    await t.db.deleteFrom('task_sync_jobs').where('task_id', '=', task.id).where('status', '=', 'pending').execute();

    await fullSync(t.db, u);

    const [merged] = await liveTasks(t.db, u.userId);
    expect(merged).toMatchObject({ title: 'Plan trip to Rome', notes: 'Book hotel', priority: 'high' });
    expect(await lastFullSyncResult(t.db, u.userId)).toMatchObject({ conflicts: 1, pushedBack: 1, updated: 1 });
    const [copy] = await remoteCopies(e.emulator, u.mailboxId, task.id);
    expect(copy).toMatchObject({ title: 'Plan trip to Rome', importance: 'high', body: { content: 'Book hotel' } });

    const conflicts = await listConflicts(t.db, u.userId);
    expect(conflicts).toEqual([
      expect.objectContaining({ taskId: task.id, field: 'title', winner: 'outlook', keptValue: 'Plan trip to Rome', lostValue: 'Plan the trip (Planner)', baseValue: 'Plan trip', resolution: null }),
    ]);
  });

  it('the later Planner edit wins a conflict and is pushed; undo brings the Outlook value back on both sides', async () => {
    const u = await pullUser(t.db, e.emulator);
    const { task, graphId } = await syncedTask(t.db, e.emulator, u, { title: 'Water plants', due_date: '2026-07-01' });

    await outlook(e.emulator, u).update(u.inboxListId, graphId, { dueDateTime: { dateTime: '2026-07-05T00:00:00.0000000', timeZone: 'UTC' } });
    await sleep(20);
    await updateTask(t.db, u.userId, task.id, { due_date: '2026-07-09' });
    await t.db.deleteFrom('task_sync_jobs').where('task_id', '=', task.id).where('status', '=', 'pending').execute();

    await fullSync(t.db, u);
    expect((await liveTasks(t.db, u.userId))[0].due_date).toBe('2026-07-09');
    expect(((await remoteCopies(e.emulator, u.mailboxId, task.id))[0].dueDateTime as { dateTime: string }).dateTime).toMatch(/^2026-07-09/);
    const [conflict] = await listConflicts(t.db, u.userId, { openOnly: true });
    expect(conflict).toMatchObject({ field: 'due_date', winner: 'planner', keptValue: '2026-07-09', lostValue: '2026-07-05' });

    await undoConflict(t.db, u.userId, conflict.id);
    await drain(t.db, u.handlers);
    await fullSync(t.db, u);

    expect((await liveTasks(t.db, u.userId))[0].due_date).toBe('2026-07-05');
    expect(((await remoteCopies(e.emulator, u.mailboxId, task.id))[0].dueDateTime as { dateTime: string }).dateTime).toMatch(/^2026-07-05/);
    expect(await listConflicts(t.db, u.userId, { openOnly: true })).toEqual([]);
    expect((await listConflicts(t.db, u.userId))[0].resolution).toBe('undone');
  });

  it('keeping a conflict closes it without touching the task', async () => {
    const u = await pullUser(t.db, e.emulator);
    const { task, graphId } = await syncedTask(t.db, e.emulator, u, { title: 'Keep me' });
    await updateTask(t.db, u.userId, task.id, { title: 'Keep me (P)' });
    await t.db.deleteFrom('task_sync_jobs').where('task_id', '=', task.id).where('status', '=', 'pending').execute();
    await sleep(20);
    await outlook(e.emulator, u).update(u.inboxListId, graphId, { title: 'Keep me (O)' });
    await fullSync(t.db, u);
    const [conflict] = await listConflicts(t.db, u.userId);

    await keepConflict(t.db, u.userId, conflict.id);

    expect((await listConflicts(t.db, u.userId))[0].resolution).toBe('kept');
    expect((await liveTasks(t.db, u.userId))[0].title).toBe('Keep me (O)');
  });

  it('an Outlook edit beats a Planner delete: the task comes back and its delete job is dropped', async () => {
    const u = await pullUser(t.db, e.emulator);
    const { task, graphId } = await syncedTask(t.db, e.emulator, u, { title: 'Renew passport' });
    await deleteTask(t.db, u.userId, task.id);
    // Its delete job has not run yet (say the worker is busy) when the Outlook edit is pulled.
    await t.db.updateTable('task_sync_jobs').set({ scheduled_at: new Date(Date.now() + 3_600_000) }).where('task_id', '=', task.id).where('action', '=', 'delete').execute();
    await outlook(e.emulator, u).update(u.inboxListId, graphId, { title: 'Renew passport before June' });

    await fullSync(t.db, u);

    const [back] = await liveTasks(t.db, u.userId);
    expect(back).toMatchObject({ id: task.id, title: 'Renew passport before June', deleted_at: null });
    expect(await remoteCopies(e.emulator, u.mailboxId, task.id)).toHaveLength(1);
    const deleteJob = await t.db.selectFrom('task_sync_jobs').select('status').where('task_id', '=', task.id).where('action', '=', 'delete').executeTakeFirstOrThrow();
    expect(deleteJob.status).toBe('skipped');
  });

  it('what an edit kept against a deletion is in the conflict log, and Undo carries the deletion out (decision 0047)', async () => {
    const u = await pullUser(t.db, e.emulator);
    const { task, graphId } = await syncedTask(t.db, e.emulator, u, { title: 'Water plants' });
    await deleteTask(t.db, u.userId, task.id);
    await t.db.updateTable('task_sync_jobs').set({ scheduled_at: new Date(Date.now() + 3_600_000) }).where('task_id', '=', task.id).where('action', '=', 'delete').execute();
    await outlook(e.emulator, u).update(u.inboxListId, graphId, { title: 'Water plants daily' });
    await fullSync(t.db, u);

    const [logged] = await listConflicts(t.db, u.userId);
    expect(logged).toMatchObject({ taskId: task.id, field: 'deleted', winner: 'outlook', keptValue: false, lostValue: true, resolution: null });
    await undoConflict(t.db, u.userId, logged.id);
    await drain(t.db, u.handlers);
    expect(await liveTasks(t.db, u.userId)).toEqual([]);
    expect(await remoteCopies(e.emulator, u.mailboxId, task.id)).toEqual([]);

    // The other way round: a Planner edit kept against an Outlook deletion.
    const other = await syncedTask(t.db, e.emulator, u, { title: 'Oil chain' });
    await updateTask(t.db, u.userId, other.task.id, { notes: 'Front too' });
    await t.db.deleteFrom('task_sync_jobs').where('task_id', '=', other.task.id).where('status', '=', 'pending').execute();
    await outlook(e.emulator, u).remove(u.inboxListId, other.graphId);
    await fullSync(t.db, u);
    const second = (await listConflicts(t.db, u.userId)).find((c) => c.taskId === other.task.id);
    expect(second).toMatchObject({ field: 'deleted', winner: 'planner', keptValue: false, lostValue: true });
  });

  it('a Planner edit beats an Outlook delete: the task is created again in To Do', async () => {
    const u = await pullUser(t.db, e.emulator);
    const { task, graphId } = await syncedTask(t.db, e.emulator, u, { title: 'Fix bike' });
    await updateTask(t.db, u.userId, task.id, { notes: 'Rear brake' });
    await t.db.deleteFrom('task_sync_jobs').where('task_id', '=', task.id).where('status', '=', 'pending').execute();
    await outlook(e.emulator, u).remove(u.inboxListId, graphId);

    await fullSync(t.db, u);
    await drain(t.db, u.handlers);

    expect((await liveTasks(t.db, u.userId)).map((x) => x.id)).toEqual([task.id]);
    const copies = await remoteCopies(e.emulator, u.mailboxId, task.id);
    expect(copies).toHaveLength(1);
    expect(copies[0].id).not.toBe(graphId);
    expect(copies[0]).toMatchObject({ title: 'Fix bike', body: { content: 'Rear brake' } });
  });

  it('a task moved between lists in To Do moves between projects in Planner and keeps its identity', async () => {
    const u = await pullUser(t.db, e.emulator);
    const project = await createProject(t.db, u.userId, { name: 'Errands' });
    await drain(t.db, u.handlers);
    const projectListId = (await mappingOf(t.db, project.id, u.userId)).graph_list_id;
    const { task, graphId } = await syncedTask(t.db, e.emulator, u, { title: 'Post the parcel' });
    const fromOutlook = await outlook(e.emulator, u).create(u.inboxListId, { title: 'Made in Outlook' });
    await fullSync(t.db, u);
    const outlookTaskId = (await stateByGraphId(t.db, u.userId, fromOutlook.id))!.task_id;

    const moved = await outlook(e.emulator, u).move(u.inboxListId, graphId, projectListId);
    const moved2 = await outlook(e.emulator, u).move(u.inboxListId, fromOutlook.id, projectListId);
    await fullSync(t.db, u);

    const all = await plannerTasks(t.db, u.userId);
    expect(all).toHaveLength(2);
    expect(all.map((x) => [x.id, x.project_id, x.deleted_at])).toEqual(
      expect.arrayContaining([
        [task.id, project.id, null],
        [outlookTaskId, project.id, null],
      ]),
    );
    expect(await stateByGraphId(t.db, u.userId, moved.id)).toMatchObject({ task_id: task.id, graph_list_id: projectListId });
    expect(await stateByGraphId(t.db, u.userId, moved2.id)).toMatchObject({ task_id: outlookTaskId, graph_list_id: projectListId });
    expect(await lastFullSyncResult(t.db, u.userId)).toMatchObject({ moved: 2, deleted: 0, created: 0 });
  });
});
