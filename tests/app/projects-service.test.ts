import { describe, expect, it } from 'vitest';
import {
  createProject,
  deleteProject,
  getProject,
  listProjects,
  NotFoundError,
  renameProject,
  setProjectStatus,
  updateProject,
} from '../../src/server/projects';
import { completeTask, createTask, deleteTask } from '../../src/server/tasks';
import { testEngines, useTestDatabase } from '../helpers/db';
import { countRows, newUserId } from './fixtures';
import { useAppTestEnv } from './harness';

useAppTestEnv();

describe.each(testEngines())('project service on %s', (engine) => {
  const t = useTestDatabase(engine);

  it('creates, renames, closes and reopens a project', async () => {
    const user = newUserId();
    const project = await createProject(t.db, user, { name: '  Launch  ' });
    expect(project).toMatchObject({ name: 'Launch', status: 'Active', is_closed: false });
    expect((await renameProject(t.db, user, project.id, 'Launch v2')).name).toBe('Launch v2');
    expect(await setProjectStatus(t.db, user, project.id, 'Completed')).toMatchObject({ status: 'Completed', is_closed: true });
    expect((await setProjectStatus(t.db, user, project.id, 'Cancelled')).is_closed).toBe(true);
    expect(await updateProject(t.db, user, project.id, { status: 'Active', name: 'Relaunch' })).toMatchObject({
      status: 'Active',
      name: 'Relaunch',
      is_closed: false,
    });
  });

  it('lists projects in creation order with open and total counts (deleted tasks not counted)', async () => {
    const user = newUserId();
    const a = await createProject(t.db, user, { name: 'A' });
    const b = await createProject(t.db, user, { name: 'B' });
    const t1 = await createTask(t.db, user, { title: '1', project_id: a.id });
    await createTask(t.db, user, { title: '2', project_id: a.id });
    const t3 = await createTask(t.db, user, { title: '3', project_id: a.id });
    await createTask(t.db, user, { title: 'inbox' });
    await completeTask(t.db, user, t1.id);
    await deleteTask(t.db, user, t3.id);
    const list = await listProjects(t.db, user);
    expect(list.map((p) => [p.name, p.open_count, p.total_count])).toEqual([
      ['A', 1, 2],
      ['B', 0, 0],
    ]);
    expect((await getProject(t.db, user, b.id)).name).toBe('B');
  });

  it('counts the last upload (a completed push job) as well as the last pull in "synced … ago"', async () => {
    const user = newUserId();
    await t.db.insertInto('outlook_connections').values({ user_id: user, microsoft_account_id: `ms-${user}` }).execute();
    const project = await createProject(t.db, user, { name: 'Synced' });
    const task = await createTask(t.db, user, { title: 'pushed', project_id: project.id });
    const pulledAt = new Date(Date.now() - 3 * 60 * 60_000);
    await t.db
      .insertInto('project_outlook_lists')
      .values({ user_id: user, project_id: project.id, graph_list_id: 'list-1', graph_list_name: 'Synced', last_synced_at: pulledAt })
      .execute();
    expect((await getProject(t.db, user, project.id)).sync?.last_synced_at).toBe(pulledAt.toISOString());
    const pushedAt = new Date(Date.now() - 60_000);
    await t.db
      .updateTable('task_sync_jobs')
      .set({ status: 'completed', completed_at: pushedAt })
      .where('user_id', '=', user)
      .where('task_id', '=', task.id)
      .execute();
    const completed = await t.db.selectFrom('task_sync_jobs').select('id').where('user_id', '=', user).where('status', '=', 'completed').execute();
    expect(completed).toHaveLength(1);
    expect((await getProject(t.db, user, project.id)).sync?.last_synced_at).toBe(pushedAt.toISOString());
    const failedLater = new Date(Date.now() - 1_000);
    await t.db.insertInto('task_sync_jobs').values({ user_id: user, action: 'update', task_id: task.id, project_id: project.id, status: 'failed', updated_at: failedLater }).execute();
    expect((await getProject(t.db, user, project.id)).sync?.last_synced_at).toBe(pushedAt.toISOString());
    const pulledLater = new Date();
    await t.db.updateTable('project_outlook_lists').set({ last_synced_at: pulledLater }).where('user_id', '=', user).execute();
    expect((await getProject(t.db, user, project.id)).sync?.last_synced_at).toBe(pulledLater.toISOString());
  });

  it('deletes a project with its tasks', async () => {
    const user = newUserId();
    const project = await createProject(t.db, user, { name: 'Doomed' });
    await createTask(t.db, user, { title: 'goes too', project_id: project.id });
    await createTask(t.db, user, { title: 'stays' });
    await deleteProject(t.db, user, project.id);
    expect(await listProjects(t.db, user)).toEqual([]);
    expect(await countRows(t.db, 'tasks', user)).toBe(1);
    await expect(getProject(t.db, user, project.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('rejects bad names and statuses and saves nothing', async () => {
    const user = newUserId();
    const project = await createProject(t.db, user, { name: 'Stable' });
    for (const input of [{ name: '' }, { name: ' ' }, { name: 'x'.repeat(201) }, { name: 'ok', status: 'Paused' }, {}]) {
      await expect(createProject(t.db, user, input as never), JSON.stringify(input)).rejects.toThrow();
    }
    await expect(updateProject(t.db, user, project.id, { status: 'Done' as never })).rejects.toThrow('Status must be');
    await expect(updateProject(t.db, user, project.id, {})).rejects.toThrow('Nothing to change');
    expect(await listProjects(t.db, user)).toMatchObject([{ name: 'Stable', status: 'Active' }]);
  });

  it('keeps two users apart', async () => {
    const alice = newUserId();
    const bob = newUserId();
    const project = await createProject(t.db, alice, { name: 'Alice' });
    await expect(getProject(t.db, bob, project.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(renameProject(t.db, bob, project.id, 'Bob')).rejects.toBeInstanceOf(NotFoundError);
    await expect(setProjectStatus(t.db, bob, project.id, 'Cancelled')).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteProject(t.db, bob, project.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await listProjects(t.db, bob)).toEqual([]);
    expect(await listProjects(t.db, alice)).toMatchObject([{ name: 'Alice', status: 'Active' }]);
  });
});
