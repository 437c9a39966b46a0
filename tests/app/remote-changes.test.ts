/** The pull side's repository entry points: they change rows without queueing jobs or bumping versions. */
import { describe, expect, it } from 'vitest';
import { renameProjectFromRemote } from '../../src/db/projects-repository';
import { applyRemoteTaskChange, deleteTaskFromRemote, insertTaskFromRemote } from '../../src/db/tasks-repository';
import { createProject } from '../../src/server/projects';
import { createTask, listTasks, updateTask } from '../../src/server/tasks';
import { testEngines, useTestDatabase } from '../helpers/db';
import { connectOutlook, jobsOf, newUserId } from './fixtures';
import { useAppTestEnv } from './harness';

useAppTestEnv();

describe.each(testEngines())('remote changes on %s', (engine) => {
  const t = useTestDatabase(engine);

  it('apply, insert, delete and rename from Outlook without echoing a job', async () => {
    const user = newUserId();
    await connectOutlook(t.db, user);
    const project = await createProject(t.db, user, { name: 'Local name' });
    const task = await createTask(t.db, user, { title: 'Local', project_id: project.id });
    const before = (await jobsOf(t.db, user)).length;

    const changed = await applyRemoteTaskChange(t.db, task.id, { title: 'From Outlook', completed: true, due_date: '2025-07-01' });
    expect(changed).toMatchObject({ title: 'From Outlook', completed: true, due_date: '2025-07-01', version: 1 });
    expect(changed!.completed_at).not.toBeNull();
    const inserted = await insertTaskFromRemote(t.db, { userId: user, projectId: project.id, title: 'Made in To Do', priority: 'high' });
    expect(inserted).toMatchObject({ version: 1, priority: 'high' });
    expect((await renameProjectFromRemote(t.db, project.id, 'Renamed in To Do'))!.name).toBe('Renamed in To Do');
    await deleteTaskFromRemote(t.db, inserted.id);

    expect((await jobsOf(t.db, user)).length).toBe(before);
    expect((await listTasks(t.db, user, { project: project.id })).map((x) => x.title)).toEqual(['From Outlook']);
  });

  it('skips a remote change when the task moved on locally (expectedVersion)', async () => {
    const user = newUserId();
    const task = await createTask(t.db, user, { title: 'v1' });
    await updateTask(t.db, user, task.id, { title: 'local v2' });
    expect(await applyRemoteTaskChange(t.db, task.id, { title: 'remote' }, { expectedVersion: 1 })).toBeUndefined();
    expect((await applyRemoteTaskChange(t.db, task.id, { title: 'remote' }, { expectedVersion: 2 }))!.title).toBe('remote');
  });
});
