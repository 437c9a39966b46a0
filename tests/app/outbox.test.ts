/**
 * The sync outbox: every change and its enqueueTaskSyncJob commit or roll back
 * together; pending updates coalesce; nothing is queued without a connection.
 */
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { createProject, deleteProject, listProjects, renameProject, setProjectStatus } from '../../src/server/projects';
import { completeTask, createTask, deleteTask, listTasks, moveTask, reorderTask, restoreTask, updateTask } from '../../src/server/tasks';
import { testEngines, useTestDatabase } from '../helpers/db';
import { connectOutlook, countRows, jobsOf, newUserId } from './fixtures';
import { useAppTestEnv } from './harness';

useAppTestEnv();

describe.each(testEngines())('sync outbox on %s', (engine) => {
  const t = useTestDatabase(engine);

  it('queues nothing for a user without an Outlook connection', async () => {
    const user = newUserId();
    const project = await createProject(t.db, user, { name: 'Quiet' });
    const task = await createTask(t.db, user, { title: 'No sync', project_id: project.id });
    await updateTask(t.db, user, task.id, { title: 'Still none' });
    await deleteTask(t.db, user, task.id);
    await deleteProject(t.db, user, project.id);
    expect(await jobsOf(t.db, user)).toHaveLength(0);
    expect((await listTasks(t.db, user))[0]?.sync).toBeUndefined();
  });

  it('leaves exactly one job per committed change, with the right action and ids', async () => {
    const user = newUserId();
    await connectOutlook(t.db, user);
    const project = await createProject(t.db, user, { name: 'Synced' });
    const task = await createTask(t.db, user, { title: 'Pushed', project_id: project.id });
    const jobs = await jobsOf(t.db, user);
    expect(jobs.map((j) => [j.action, j.project_id, j.task_id, j.status])).toEqual([
      ['project_sync', project.id, null, 'pending'],
      ['create', project.id, task.id, 'pending'],
    ]);
  });

  it('coalesces pending updates of one task into one job', async () => {
    const user = newUserId();
    await connectOutlook(t.db, user);
    const task = await createTask(t.db, user, { title: 'Busy' });
    await updateTask(t.db, user, task.id, { title: 'Busier' });
    await updateTask(t.db, user, task.id, { notes: 'more' });
    await completeTask(t.db, user, task.id);
    const updates = (await jobsOf(t.db, user)).filter((j) => j.action === 'update');
    expect(updates).toHaveLength(1);
    expect(updates[0].task_id).toBe(task.id);
  });

  it('queues a fresh update for an edit made while a push of the task is in flight (version moved on)', async () => {
    const user = newUserId();
    await connectOutlook(t.db, user);
    const task = await createTask(t.db, user, { title: 'In flight' });
    const v2 = await updateTask(t.db, user, task.id, { title: 'Edit 1' });
    // A worker claims the update (as claim_task_sync_jobs does) and pushes version 2...
    await t.db.updateTable('task_sync_jobs').set({ status: 'processing' }).where('task_id', '=', task.id).where('action', '=', 'update').execute();
    const v3 = await updateTask(t.db, user, task.id, { title: 'Edit 2' });
    expect(v3.version).toBe(v2.version + 1);
    const updates = (await jobsOf(t.db, user)).filter((j) => j.action === 'update');
    expect(updates.map((j) => j.status)).toEqual(['processing', 'pending']);
  });

  it('maps each change to its action: move/complete/restore → update, delete → delete with Graph ids, reorder → none', async () => {
    const user = newUserId();
    await connectOutlook(t.db, user);
    const project = await createProject(t.db, user, { name: 'P' });
    const task = await createTask(t.db, user, { title: 'Life' });
    await t.db
      .insertInto('task_sync_state')
      .values({ user_id: user, task_id: task.id, graph_task_id: 'graph-task-1', graph_list_id: 'graph-list-1', synced_version: 1 })
      .execute();
    await t.db.updateTable('task_sync_jobs').set({ status: 'completed' }).where('user_id', '=', user).execute();
    await reorderTask(t.db, user, task.id, { after_id: null });
    expect((await jobsOf(t.db, user)).filter((j) => j.status === 'pending')).toHaveLength(0);
    await moveTask(t.db, user, task.id, project.id);
    let pending = (await jobsOf(t.db, user)).filter((j) => j.status === 'pending');
    expect(pending.map((j) => [j.action, j.payload])).toEqual([['update', { moved: true, fromProjectId: null }]]);
    await t.db.updateTable('task_sync_jobs').set({ status: 'completed' }).where('user_id', '=', user).execute();
    await deleteTask(t.db, user, task.id);
    pending = (await jobsOf(t.db, user)).filter((j) => j.status === 'pending');
    expect(pending.map((j) => [j.action, j.payload])).toEqual([['delete', { graphTaskId: 'graph-task-1', graphListId: 'graph-list-1' }]]);
    await restoreTask(t.db, user, task.id);
    pending = (await jobsOf(t.db, user)).filter((j) => j.status === 'pending');
    expect(pending.map((j) => j.action)).toEqual(['delete', 'update']);
  });

  it('queues project_sync for create, rename and status change, and project_delete with the list id', async () => {
    const user = newUserId();
    await connectOutlook(t.db, user);
    const project = await createProject(t.db, user, { name: 'Old' });
    await renameProject(t.db, user, project.id, 'New');
    await renameProject(t.db, user, project.id, 'New'); // no change, no job
    await setProjectStatus(t.db, user, project.id, 'Completed');
    await t.db
      .insertInto('project_outlook_lists')
      .values({ user_id: user, project_id: project.id, graph_list_id: 'list-9', graph_list_name: 'New' })
      .execute();
    await deleteProject(t.db, user, project.id);
    const jobs = await jobsOf(t.db, user);
    expect(jobs.map((j) => [j.action, j.payload])).toEqual([
      ['project_sync', { reason: 'create' }],
      ['project_sync', { reason: 'rename' }],
      ['project_sync', { reason: 'status' }],
      ['project_delete', { graphListId: 'list-9', listName: 'New', projectName: 'New' }],
    ]);
    expect(jobs.every((j) => j.project_id === project.id)).toBe(true);
  });

  it('rolls back the job with the change: a change that fails at commit leaves neither row nor job', async () => {
    const user = newUserId();
    await connectOutlook(t.db, user);
    // A deferred constraint trigger fails the transaction at COMMIT, after the job was enqueued.
    await sql`create or replace function test_reject_title() returns trigger language plpgsql as $$
      begin raise exception 'rejected at commit'; end $$`.execute(t.db);
    await sql`create constraint trigger test_reject_title after insert or update on tasks
      deferrable initially deferred for each row when (new.title = 'explode') execute function test_reject_title()`.execute(t.db);
    try {
      await expect(createTask(t.db, user, { title: 'explode' })).rejects.toThrow('rejected at commit');
      expect(await countRows(t.db, 'tasks', user)).toBe(0);
      expect(await jobsOf(t.db, user)).toHaveLength(0);
      const task = await createTask(t.db, user, { title: 'fine' });
      await expect(updateTask(t.db, user, task.id, { title: 'explode' })).rejects.toThrow('rejected at commit');
      expect((await jobsOf(t.db, user)).map((j) => j.action)).toEqual(['create']);
      expect((await listTasks(t.db, user))[0]).toMatchObject({ title: 'fine', version: 1 });
    } finally {
      await sql`drop trigger test_reject_title on tasks`.execute(t.db);
    }
  });

  it('rolls back the change with the job: a job that cannot be saved leaves no task', async () => {
    const user = newUserId();
    await connectOutlook(t.db, user);
    await sql`create or replace function test_reject_job() returns trigger language plpgsql as $$
      begin raise exception 'queue unavailable'; end $$`.execute(t.db);
    await sql`create trigger test_reject_job before insert on task_sync_jobs for each row execute function test_reject_job()`.execute(t.db);
    try {
      await expect(createTask(t.db, user, { title: 'orphan?' })).rejects.toThrow('queue unavailable');
      await expect(createProject(t.db, user, { name: 'orphan?' })).rejects.toThrow('queue unavailable');
      expect(await countRows(t.db, 'tasks', user)).toBe(0);
      expect(await countRows(t.db, 'projects', user)).toBe(0);
    } finally {
      await sql`drop trigger test_reject_job on task_sync_jobs`.execute(t.db);
    }
  });

  it('shows per-task sync status from jobs and sync state, and per-project list links', async () => {
    const user = newUserId();
    await connectOutlook(t.db, user);
    const project = await createProject(t.db, user, { name: 'Linked' });
    const [, synced, failed] = [
      await createTask(t.db, user, { title: 'pending', project_id: project.id }),
      await createTask(t.db, user, { title: 'synced', project_id: project.id }),
      await createTask(t.db, user, { title: 'failed', project_id: project.id }),
    ];
    await t.db.updateTable('task_sync_jobs').set({ status: 'completed' }).where('task_id', '=', synced.id).execute();
    await t.db
      .insertInto('task_sync_state')
      .values({ user_id: user, task_id: synced.id, graph_task_id: 'g-s', synced_version: synced.version })
      .execute();
    await t.db
      .updateTable('task_sync_jobs')
      .set({ status: 'failed', last_error: 'Graph said 400' })
      .where('task_id', '=', failed.id)
      .execute();
    await t.db
      .insertInto('project_outlook_lists')
      .values({ user_id: user, project_id: project.id, graph_list_id: 'L', graph_list_name: 'Linked', last_synced_at: new Date('2025-01-02T03:04:05Z') })
      .execute();
    const byTitle = Object.fromEntries((await listTasks(t.db, user, { project: project.id })).map((x) => [x.title, x.sync]));
    expect(byTitle).toEqual({
      pending: { status: 'pending', error: null },
      synced: { status: 'synced', error: null },
      failed: { status: 'failed', error: 'Graph said 400' },
    });
    const [view] = await listProjects(t.db, user);
    expect(view.sync).toEqual({ linked: true, list_name: 'Linked', last_synced_at: '2025-01-02T03:04:05.000Z', paused: false });
  });
});
