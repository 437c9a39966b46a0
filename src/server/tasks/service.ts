/**
 * Tasks: create, update (title, notes, due date, priority, completed, move), delete
 * (soft) and restore (undo), reorder, list. Every change runs in one transaction
 * (under the user's row-level-security scope) together with its sync job:
 * create → 'create'; edit, move, complete, restore → 'update' (pending updates of
 * a task coalesce); delete → 'delete' carrying the Graph ids known for the task.
 * Reordering changes no synced field (To Do has no task order): no job.
 */
import type { Db, Tx } from '../../db/client';
import { findProject, hasOutlookConnection } from '../../db/projects-repository';
import { withUserScope } from '../../db/rls';
import {
  findTask,
  findTaskGraphIds,
  insertTask,
  listTaskRows,
  listTaskSyncRows,
  restoreTaskRow,
  softDeleteTaskRow,
  updateTaskRow,
  type ListScope,
} from '../../db/tasks-repository';
import type { Task } from '../../db/schema';
import { enqueueTaskSyncJob } from '../../jobs/queue';
import { InvalidInputError, NotFoundError } from '../projects/errors';
import { uuid } from '../projects/schemas';
import { placeTaskAfter } from './reorder';
import { createTaskInput, listTasksQuery, reorderTaskInput, updateTaskInput } from './schemas';
import type { CreateTaskInput, ListTasksQuery, ReorderTaskInput, UpdateTaskInput } from './schemas';
import { deriveTaskSync } from './sync-status';
import { toTaskView, type TaskView } from './views';

export function parseTaskId(id: unknown): string {
  const parsed = uuid.safeParse(id);
  if (!parsed.success) throw new NotFoundError('task');
  return parsed.data;
}

async function requireTask(tx: Tx, userId: string, taskId: string, options?: { includeDeleted?: boolean }): Promise<Task> {
  const task = await findTask(tx, userId, parseTaskId(taskId), options);
  if (!task) throw new NotFoundError('task');
  return task;
}

/** A project id from input must name one of the user's own projects. */
async function checkProjectRef(tx: Tx, userId: string, projectId: string | null | undefined): Promise<void> {
  if (!projectId) return;
  if (!(await findProject(tx, userId, projectId))) {
    throw new InvalidInputError('unknown_project', 'No such project', 'project_id');
  }
}

async function withSync(tx: Tx, userId: string, tasks: Task[]): Promise<TaskView[]> {
  if (!(await hasOutlookConnection(tx, userId))) return tasks.map((t) => toTaskView(t));
  const rows = await listTaskSyncRows(
    tx,
    tasks.map((t) => t.id),
  );
  return tasks.map((t) => toTaskView(t, deriveTaskSync({ version: t.version, ...rows.get(t.id) })));
}

export async function listTasks(db: Db, userId: string, query: ListTasksQuery = {}): Promise<TaskView[]> {
  const { project, status } = listTasksQuery.parse(query);
  const scope: ListScope = project === 'inbox' || project === 'all' ? project : { projectId: project };
  return withUserScope(db, userId, async (tx) => {
    if (typeof scope === 'object' && !(await findProject(tx, userId, scope.projectId))) throw new NotFoundError('project');
    return withSync(tx, userId, await listTaskRows(tx, userId, { scope, completion: status }));
  });
}

export async function getTask(db: Db, userId: string, taskId: string): Promise<TaskView> {
  return withUserScope(db, userId, async (tx) => (await withSync(tx, userId, [await requireTask(tx, userId, taskId)]))[0]);
}

export async function createTask(db: Db, userId: string, input: CreateTaskInput): Promise<TaskView> {
  const values = createTaskInput.parse(input);
  return withUserScope(db, userId, async (tx) => {
    await checkProjectRef(tx, userId, values.project_id);
    const task = await insertTask(tx, {
      userId,
      projectId: values.project_id ?? null,
      title: values.title,
      notes: values.notes,
      dueDate: values.due_date,
      priority: values.priority,
      completed: values.completed,
    });
    await enqueueTaskSyncJob(tx, { userId, action: 'create', taskId: task.id, projectId: task.project_id });
    return toTaskView(task);
  });
}

export async function updateTask(db: Db, userId: string, taskId: string, input: UpdateTaskInput): Promise<TaskView> {
  const fields = updateTaskInput.parse(input);
  return withUserScope(db, userId, async (tx) => {
    const before = await requireTask(tx, userId, taskId);
    await checkProjectRef(tx, userId, fields.project_id);
    const moved = fields.project_id !== undefined && fields.project_id !== before.project_id;
    if (!moved) delete fields.project_id;
    const task = (await updateTaskRow(tx, userId, before.id, fields))!;
    const payload = moved ? { moved: true, fromProjectId: before.project_id } : {};
    await enqueueTaskSyncJob(tx, { userId, action: 'update', taskId: task.id, projectId: task.project_id, payload });
    return toTaskView(task);
  });
}

export function completeTask(db: Db, userId: string, taskId: string, completed = true): Promise<TaskView> {
  return updateTask(db, userId, taskId, { completed });
}

export function moveTask(db: Db, userId: string, taskId: string, projectId: string | null): Promise<TaskView> {
  return updateTask(db, userId, taskId, { project_id: projectId });
}

/** Soft delete (deleted_at): restoreTask undoes it. */
export async function deleteTask(db: Db, userId: string, taskId: string): Promise<TaskView> {
  return withUserScope(db, userId, async (tx) => {
    const before = await requireTask(tx, userId, taskId);
    const task = (await softDeleteTaskRow(tx, userId, before.id))!;
    const graph = await findTaskGraphIds(tx, task.id);
    const payload = graph ? { graphTaskId: graph.graphTaskId, graphListId: graph.graphListId } : {};
    await enqueueTaskSyncJob(tx, { userId, action: 'delete', taskId: task.id, projectId: task.project_id, payload });
    return toTaskView(task);
  });
}

/** Undo of deleteTask. */
export async function restoreTask(db: Db, userId: string, taskId: string): Promise<TaskView> {
  return withUserScope(db, userId, async (tx) => {
    const before = await requireTask(tx, userId, taskId, { includeDeleted: true });
    const task = await restoreTaskRow(tx, userId, before.id);
    if (!task) throw new InvalidInputError('not_deleted', 'This task is not deleted');
    await enqueueTaskSyncJob(tx, { userId, action: 'update', taskId: task.id, projectId: task.project_id, payload: { restored: true } });
    return toTaskView(task);
  });
}

/** Moves the task right after `after_id` in its list (null = to the top). */
export async function reorderTask(db: Db, userId: string, taskId: string, input: ReorderTaskInput): Promise<TaskView> {
  const { after_id } = reorderTaskInput.parse(input);
  return withUserScope(db, userId, async (tx) => {
    const task = await requireTask(tx, userId, taskId);
    return toTaskView(await placeTaskAfter(tx, userId, task, after_id));
  });
}
