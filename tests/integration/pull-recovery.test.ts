/**
 * full_sync's recovery paths (guide §11, §14 "integration tests covering worker
 * recovery paths and rename flows"): dead delta cursors, lists deleted in Outlook,
 * lists renamed in Outlook, closed projects, the mass-delete guard.
 */
import { describe, expect, it } from 'vitest';
import type { Emulator } from '../../emulator/index';
import type { Db } from '../../src/db/client';
import { createProject } from '../../src/server/projects';
import { enqueueTaskSyncJob } from '../../src/jobs/queue';
import { resumePausedList } from '../../src/server/pull/pull-resume';
import { createTask } from '../../src/server/tasks';
import { testEngines, useTestDatabase } from '../helpers/db';
import { TEST_APP_ENV, useProcessEnv } from '../helpers/process-env';
import { fullSync, lastFullSyncResult, liveTasks, mappingOf, outlook, plannerTasks, pullUser, type PullUser } from './pull-harness';
import { drain, remoteCopies, remoteLists, usePushEmulator } from './push-kit';

/** A project with `n` tasks, pushed to its own list and pulled once. */
async function projectWithTasks(db: Db, emulator: Emulator, u: PullUser, name: string, n: number) {
  const project = await createProject(db, u.userId, { name });
  const tasks = [];
  for (let i = 1; i <= n; i++) tasks.push(await createTask(db, u.userId, { title: `${name} ${i}`, project_id: project.id }));
  await drain(db, u.handlers);
  await fullSync(db, u);
  const listId = (await mappingOf(db, project.id, u.userId)).graph_list_id;
  const graphIds = [];
  for (const task of tasks) graphIds.push((await remoteCopies(emulator, u.mailboxId, task.id))[0].id);
  return { project, tasks, listId, graphIds };
}

describe.each(testEngines())('full_sync recovery on %s', (engine) => {
  useProcessEnv(TEST_APP_ENV);
  const t = useTestDatabase(engine);
  const e = usePushEmulator();

  it('410 / syncStateNotFound: the cursor is dropped, the list resynced; nothing lost, nothing duplicated', async () => {
    const u = await pullUser(t.db, e.emulator);
    const { tasks, listId, graphIds } = await projectWithTasks(t.db, e.emulator, u, 'Move house', 3);
    const o = outlook(e.emulator, u);
    await o.update(listId, graphIds[0], { title: 'Move house 1 (edited)' });
    await o.create(listId, { title: 'Book the van' });
    await o.remove(listId, graphIds[2]);
    const before = (await mappingOf(t.db, tasks[0].project_id, u.userId)).delta_token;

    await e.emulator.control.expireDeltaLinks(u.mailboxId);
    await fullSync(t.db, u);

    expect(await lastFullSyncResult(t.db, u.userId)).toMatchObject({ listsReset: 2, created: 1, updated: 1, deleted: 1 });
    const titles = (await liveTasks(t.db, u.userId)).map((x) => x.title).sort();
    expect(titles).toEqual(['Book the van', 'Move house 1 (edited)', 'Move house 2']);
    const after = await mappingOf(t.db, tasks[0].project_id, u.userId);
    expect(after.delta_token).not.toBeNull();
    expect(after.delta_token).not.toBe(before);

    await fullSync(t.db, u); // the fresh cursor works and changes nothing
    expect(await lastFullSyncResult(t.db, u.userId)).toMatchObject({ listsReset: 0, created: 0, updated: 0, deleted: 0 });
    expect(await liveTasks(t.db, u.userId)).toHaveLength(3);
  });

  it('a list deleted in Outlook is re-provisioned and the project\'s open tasks pushed into it', async () => {
    const u = await pullUser(t.db, e.emulator);
    const { project, tasks, listId } = await projectWithTasks(t.db, e.emulator, u, 'Kitchen', 2);
    await outlook(e.emulator, u).deleteList(listId);

    await fullSync(t.db, u);
    await drain(t.db, u.handlers);

    const mapping = await mappingOf(t.db, project.id, u.userId);
    expect(mapping.graph_list_id).not.toBe(listId);
    expect(mapping).toMatchObject({ is_active: true, graph_list_name: 'Kitchen' });
    const list = await outlook(e.emulator, u).list(mapping.graph_list_id);
    expect(list?.tasks.map((x) => x.title).sort()).toEqual(['Kitchen 1', 'Kitchen 2']);
    for (const task of tasks) expect(await remoteCopies(e.emulator, u.mailboxId, task.id)).toHaveLength(1);
    expect(await liveTasks(t.db, u.userId)).toHaveLength(2); // Planner lost nothing
    expect(await lastFullSyncResult(t.db, u.userId)).toMatchObject({ listsReprovisioned: 1, deleted: 0 });
  });

  it('a deleted list is found even when Graph answers its delta with an empty 200', async () => {
    const u = await pullUser(t.db, e.emulator);
    const { project, listId } = await projectWithTasks(t.db, e.emulator, u, 'Quirky', 3);
    await e.emulator.control.setQuirks({ deletedListDeltaEmpty: true });
    try {
      await outlook(e.emulator, u).deleteList(listId);
      await t.db.updateTable('project_outlook_lists').set({ delta_token: null }).where('project_id', '=', project.id).execute();
      await t.db.updateTable('outlook_connections').set({ delta_token: null }).where('user_id', '=', u.userId).execute();
      await fullSync(t.db, u);
    } finally {
      await e.emulator.control.setQuirks({ deletedListDeltaEmpty: false });
    }
    expect((await mappingOf(t.db, project.id, u.userId)).graph_list_id).not.toBe(listId);
    expect(await liveTasks(t.db, u.userId)).toHaveLength(3);
  });

  it('the deleted default list is re-provisioned too', async () => {
    const u = await pullUser(t.db, e.emulator);
    await createTask(t.db, u.userId, { title: 'Inbox item' });
    await drain(t.db, u.handlers);
    await fullSync(t.db, u);
    await outlook(e.emulator, u).deleteList(u.inboxListId);

    await fullSync(t.db, u);
    await drain(t.db, u.handlers);

    const connection = await t.db.selectFrom('outlook_connections').select('planner_list_id').where('user_id', '=', u.userId).executeTakeFirstOrThrow();
    expect(connection.planner_list_id).not.toBe(u.inboxListId);
    expect((await mappingOf(t.db, null, u.userId)).graph_list_id).toBe(connection.planner_list_id);
    const list = await outlook(e.emulator, u).list(connection.planner_list_id!);
    expect(list?.tasks.map((x) => x.title)).toEqual(['Inbox item']);
  });

  it('a closed project\'s deleted list is archived, not re-provisioned, and its tasks stay', async () => {
    const u = await pullUser(t.db, e.emulator);
    const { project, listId } = await projectWithTasks(t.db, e.emulator, u, 'Old job', 2);
    await t.db.updateTable('projects').set({ status: 'Completed' }).where('id', '=', project.id).execute(); // no project_sync: its list is still mapped
    await outlook(e.emulator, u).deleteList(listId);
    const listsBefore = (await remoteLists(e.emulator, u.mailboxId)).length;

    await fullSync(t.db, u);

    expect(await mappingOf(t.db, project.id, u.userId)).toMatchObject({ is_active: false, graph_list_id: listId });
    expect((await remoteLists(e.emulator, u.mailboxId)).length).toBe(listsBefore);
    expect(await liveTasks(t.db, u.userId)).toHaveLength(2);
  });

  it('closed projects ignore incoming changes', async () => {
    const u = await pullUser(t.db, e.emulator);
    const { project, listId, graphIds } = await projectWithTasks(t.db, e.emulator, u, 'Archive me', 1);
    await t.db.updateTable('projects').set({ status: 'Cancelled' }).where('id', '=', project.id).execute();
    await outlook(e.emulator, u).update(listId, graphIds[0], { title: 'Changed in Outlook' });
    await outlook(e.emulator, u).create(listId, { title: 'New in Outlook' });

    await fullSync(t.db, u);

    expect((await plannerTasks(t.db, u.userId)).map((x) => x.title)).toEqual(['Archive me 1']);
  });

  it('a list renamed in Outlook renames the project when its name still equals the old list name', async () => {
    const u = await pullUser(t.db, e.emulator);
    const { project, listId } = await projectWithTasks(t.db, e.emulator, u, 'Holiday', 1);

    await outlook(e.emulator, u).renameList(listId, 'Holiday 2026');
    await fullSync(t.db, u);

    const renamed = await t.db.selectFrom('projects').select('name').where('id', '=', project.id).executeTakeFirstOrThrow();
    expect(renamed.name).toBe('Holiday 2026');
    expect((await mappingOf(t.db, project.id, u.userId)).graph_list_name).toBe('Holiday 2026');
    const pushes = await t.db.selectFrom('task_sync_jobs').select('action').where('user_id', '=', u.userId).where('status', '=', 'pending').execute();
    expect(pushes).toEqual([]); // no rename pushed back
  });

  it('a list renamed in Outlook leaves a project whose name already differs alone', async () => {
    const u = await pullUser(t.db, e.emulator);
    const { project, listId } = await projectWithTasks(t.db, e.emulator, u, 'Books', 1);
    await t.db.updateTable('projects').set({ name: 'Reading list' }).where('id', '=', project.id).execute(); // named differently in Planner

    await outlook(e.emulator, u).renameList(listId, 'Books 2026');
    await fullSync(t.db, u);

    const kept = await t.db.selectFrom('projects').select('name').where('id', '=', project.id).executeTakeFirstOrThrow();
    expect(kept.name).toBe('Reading list');
    expect((await mappingOf(t.db, project.id, u.userId)).graph_list_name).toBe('Books 2026');
  });

  it('the mass-delete guard pauses a list that suddenly comes back empty, and resumes when a person confirms', async () => {
    const u = await pullUser(t.db, e.emulator);
    const { project, listId, graphIds } = await projectWithTasks(t.db, e.emulator, u, 'Wedding', 4);
    for (const id of graphIds) await outlook(e.emulator, u).remove(listId, id);

    await fullSync(t.db, u);

    const paused = await mappingOf(t.db, project.id, u.userId);
    expect(paused.sync_paused_at).not.toBeNull();
    expect(paused.sync_paused_reason).toMatch(/^list-empty: /);
    expect(await liveTasks(t.db, u.userId)).toHaveLength(4);
    expect(await lastFullSyncResult(t.db, u.userId)).toMatchObject({ listsPaused: 1, deleted: 0 });

    await fullSync(t.db, u); // stays paused: nothing is applied
    expect(await liveTasks(t.db, u.userId)).toHaveLength(4);

    await enqueueTaskSyncJob(t.db, { userId: u.userId, action: 'full_sync' }); // e.g. a webhook's, not run yet

    expect(await resumePausedList(t.db, u.userId, listId)).toBe('added_to_queued_sync'); // the confirmation rides on it
    await drain(t.db, u.handlers);
    expect(await liveTasks(t.db, u.userId)).toHaveLength(0);
    expect((await mappingOf(t.db, project.id, u.userId)).sync_paused_at).toBeNull();
  });

  it('resuming a paused list queues the confirming full_sync when none is queued', async () => {
    const u = await pullUser(t.db, e.emulator);
    const { project, listId, graphIds } = await projectWithTasks(t.db, e.emulator, u, 'Party', 3);
    expect(await resumePausedList(t.db, u.userId, listId)).toBe('not_paused');
    for (const id of graphIds) await outlook(e.emulator, u).remove(listId, id);
    await fullSync(t.db, u);

    expect(await resumePausedList(t.db, u.userId, listId)).toBe('queued');
    await drain(t.db, u.handlers);

    expect(await liveTasks(t.db, u.userId)).toHaveLength(0);
    expect((await mappingOf(t.db, project.id, u.userId)).sync_paused_at).toBeNull();
  });

  it('the guard also pauses a reset round that would delete most of a list', async () => {
    const u = await pullUser(t.db, e.emulator);
    const { project, listId, graphIds } = await projectWithTasks(t.db, e.emulator, u, 'Bulk', 8);
    for (const id of graphIds.slice(0, 6)) await outlook(e.emulator, u).remove(listId, id);
    await e.emulator.control.expireDeltaLinks(u.mailboxId);

    await fullSync(t.db, u);

    expect((await mappingOf(t.db, project.id, u.userId)).sync_paused_reason).toMatch(/^reset-mass-delete: /);
    expect(await liveTasks(t.db, u.userId)).toHaveLength(8);
  });
});
