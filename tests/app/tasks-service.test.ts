import { describe, expect, it } from 'vitest';
import { createProject } from '../../src/server/projects';
import { InvalidInputError, NotFoundError } from '../../src/server/projects/errors';
import {
  completeTask,
  createTask,
  deleteTask,
  getTask,
  listTasks,
  moveTask,
  reorderTask,
  restoreTask,
  updateTask,
} from '../../src/server/tasks';
import { testEngines, useTestDatabase } from '../helpers/db';
import { countRows, newUserId } from './fixtures';
import { useAppTestEnv } from './harness';

useAppTestEnv();

describe.each(testEngines())('task service on %s', (engine) => {
  const t = useTestDatabase(engine);

  it('creates Inbox and project tasks with defaults, trimmed titles and the end-of-list position', async () => {
    const user = newUserId();
    const project = await createProject(t.db, user, { name: 'Garden' });
    const a = await createTask(t.db, user, { title: '  Buy seeds  ' });
    const b = await createTask(t.db, user, { title: 'Dig beds', project_id: project.id, due_date: '2025-04-01', priority: 'high' });
    const c = await createTask(t.db, user, { title: 'Water', project_id: project.id, notes: 'Every morning' });
    expect(a).toMatchObject({ title: 'Buy seeds', project_id: null, priority: 'normal', completed: false, notes: '', version: 1 });
    expect(b).toMatchObject({ project_id: project.id, due_date: '2025-04-01', priority: 'high' });
    expect(c.position).toBeGreaterThan(b.position);
    expect((await listTasks(t.db, user)).map((x) => x.title)).toEqual(['Buy seeds']);
    expect((await listTasks(t.db, user, { project: project.id })).map((x) => x.title)).toEqual(['Dig beds', 'Water']);
  });

  it('edits every field, completes (stamping completed_at) and reopens', async () => {
    const user = newUserId();
    const task = await createTask(t.db, user, { title: 'Draft' });
    const edited = await updateTask(t.db, user, task.id, { title: 'Final', notes: 'n', due_date: '2025-12-31', priority: 'low' });
    expect(edited).toMatchObject({ title: 'Final', notes: 'n', due_date: '2025-12-31', priority: 'low', completed_at: null });
    const done = await completeTask(t.db, user, task.id);
    expect(done.completed).toBe(true);
    expect(done.completed_at).not.toBeNull();
    const cleared = await updateTask(t.db, user, task.id, { due_date: null, completed: false });
    expect(cleared).toMatchObject({ due_date: null, completed: false, completed_at: null });
  });

  it('filters open and completed tasks', async () => {
    const user = newUserId();
    const open = await createTask(t.db, user, { title: 'Open one' });
    const done = await createTask(t.db, user, { title: 'Done one' });
    await completeTask(t.db, user, done.id);
    expect((await listTasks(t.db, user, { status: 'open' })).map((x) => x.id)).toEqual([open.id]);
    expect((await listTasks(t.db, user, { status: 'completed' })).map((x) => x.id)).toEqual([done.id]);
    expect((await listTasks(t.db, user, { status: 'all' })).map((x) => x.id)).toEqual([open.id, done.id]);
  });

  it('moves a task to another project (to the end of that list) and back to the Inbox', async () => {
    const user = newUserId();
    const project = await createProject(t.db, user, { name: 'Work' });
    const existing = await createTask(t.db, user, { title: 'Already there', project_id: project.id });
    const task = await createTask(t.db, user, { title: 'Mover' });
    const moved = await moveTask(t.db, user, task.id, project.id);
    expect(moved.project_id).toBe(project.id);
    expect(moved.position).toBeGreaterThan(existing.position);
    expect((await moveTask(t.db, user, task.id, null)).project_id).toBeNull();
  });

  it('reorders within a list: to the top, after a task, to the end', async () => {
    const user = newUserId();
    const ids: string[] = [];
    for (const title of ['A', 'B', 'C', 'D']) ids.push((await createTask(t.db, user, { title })).id);
    const titles = async () => (await listTasks(t.db, user)).map((x) => x.title);
    await reorderTask(t.db, user, ids[3], { after_id: null });
    expect(await titles()).toEqual(['D', 'A', 'B', 'C']);
    await reorderTask(t.db, user, ids[0], { after_id: ids[1] });
    expect(await titles()).toEqual(['D', 'B', 'A', 'C']);
    await reorderTask(t.db, user, ids[3], { after_id: ids[2] });
    expect(await titles()).toEqual(['B', 'A', 'C', 'D']);
    // Many moves into the same gap exhaust float precision; the list is renumbered.
    for (let i = 0; i < 60; i++) await reorderTask(t.db, user, ids[i % 2 === 0 ? 2 : 3], { after_id: ids[1] });
    expect(await titles()).toEqual(['B', 'D', 'C', 'A']);
    await expect(reorderTask(t.db, user, ids[0], { after_id: newUserId() })).rejects.toBeInstanceOf(InvalidInputError);
  });

  it('deletes softly and restores (undo) to the same place', async () => {
    const user = newUserId();
    const a = await createTask(t.db, user, { title: 'A' });
    const b = await createTask(t.db, user, { title: 'B' });
    await createTask(t.db, user, { title: 'C' });
    await deleteTask(t.db, user, b.id);
    expect((await listTasks(t.db, user)).map((x) => x.title)).toEqual(['A', 'C']);
    await expect(getTask(t.db, user, b.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateTask(t.db, user, b.id, { title: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    const row = await t.db.selectFrom('tasks').select('deleted_at').where('id', '=', b.id).executeTakeFirstOrThrow();
    expect(row.deleted_at).not.toBeNull();
    await restoreTask(t.db, user, b.id);
    expect((await listTasks(t.db, user)).map((x) => x.title)).toEqual(['A', 'B', 'C']);
    await expect(restoreTask(t.db, user, a.id)).rejects.toMatchObject({ code: 'not_deleted' });
  });

  it('bumps the version on every edit, move, completion, delete and restore, but not on reorder', async () => {
    const user = newUserId();
    const project = await createProject(t.db, user, { name: 'V' });
    const task = await createTask(t.db, user, { title: 'Versioned' });
    const other = await createTask(t.db, user, { title: 'Other' });
    expect(task.version).toBe(1);
    expect((await updateTask(t.db, user, task.id, { title: 'v2' })).version).toBe(2);
    expect((await completeTask(t.db, user, task.id)).version).toBe(3);
    expect((await moveTask(t.db, user, task.id, project.id)).version).toBe(4);
    expect((await deleteTask(t.db, user, task.id)).version).toBe(5);
    expect((await restoreTask(t.db, user, task.id)).version).toBe(6);
    expect((await reorderTask(t.db, user, other.id, { after_id: null })).version).toBe(1);
  });

  it('rejects bad input with a field and saves nothing', async () => {
    const user = newUserId();
    const task = await createTask(t.db, user, { title: 'Keep me' });
    const cases: [unknown, string][] = [
      [{ title: '' }, 'title'],
      [{ title: '   ' }, 'title'],
      [{ title: 'x'.repeat(401) }, 'title'],
      [{ title: 'ok', due_date: '2025-02-30' }, 'due_date'],
      [{ title: 'ok', due_date: '31/12/2025' }, 'due_date'],
      [{ title: 'ok', priority: 'urgent' }, 'priority'],
      [{ title: 'ok', notes: 'n'.repeat(20_001) }, 'notes'],
      [{ title: 'ok', project_id: 'not-a-uuid' }, 'project_id'],
      [{ title: 'ok', colour: 'red' }, ''],
    ];
    for (const [input, field] of cases) {
      const error = await createTask(t.db, user, input as never).then(
        () => undefined,
        (e: unknown) => e as { issues?: { path: PropertyKey[] }[] },
      );
      expect(error, JSON.stringify(input)).toBeDefined();
      expect(error!.issues?.[0].path.join('.') ?? '', JSON.stringify(input)).toBe(field);
    }
    await expect(createTask(t.db, user, { title: 'ok', project_id: newUserId() })).rejects.toMatchObject({
      code: 'unknown_project',
      field: 'project_id',
    });
    await expect(updateTask(t.db, user, task.id, { title: '' })).rejects.toThrow();
    await expect(updateTask(t.db, user, task.id, {})).rejects.toThrow('Nothing to change');
    await expect(updateTask(t.db, user, 'nope', { title: 'x' })).rejects.toBeInstanceOf(NotFoundError);
    expect(await countRows(t.db, 'tasks', user)).toBe(1);
    expect((await getTask(t.db, user, task.id)).title).toBe('Keep me');
  });

  it('keeps two users apart: no reading, changing, moving into or listing the other’s data', async () => {
    const alice = newUserId();
    const bob = newUserId();
    const aliceProject = await createProject(t.db, alice, { name: 'Alice only' });
    const aliceTask = await createTask(t.db, alice, { title: 'Secret', project_id: aliceProject.id });
    await createTask(t.db, bob, { title: 'Bob inbox' });
    await expect(getTask(t.db, bob, aliceTask.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(updateTask(t.db, bob, aliceTask.id, { title: 'Hacked' })).rejects.toBeInstanceOf(NotFoundError);
    await expect(deleteTask(t.db, bob, aliceTask.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(reorderTask(t.db, bob, aliceTask.id, { after_id: null })).rejects.toBeInstanceOf(NotFoundError);
    await expect(listTasks(t.db, bob, { project: aliceProject.id })).rejects.toBeInstanceOf(NotFoundError);
    await expect(createTask(t.db, bob, { title: 'Into Alice', project_id: aliceProject.id })).rejects.toMatchObject({
      code: 'unknown_project',
    });
    const bobTask = (await listTasks(t.db, bob))[0];
    await expect(moveTask(t.db, bob, bobTask.id, aliceProject.id)).rejects.toMatchObject({ code: 'unknown_project' });
    expect((await listTasks(t.db, bob, { project: 'all' })).map((x) => x.title)).toEqual(['Bob inbox']);
    expect((await getTask(t.db, alice, aliceTask.id)).title).toBe('Secret');
  });
});
