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
import { findUserSettings } from '../../db/user-settings-repository';
import { enqueueTaskSyncJob } from '../../jobs/queue';
import { completeOccurrence } from '../../sync/repeat-completion';
import { localFieldsOf, newTaskOf } from '../pull/pull-fields';
import { resolveDetails, resolveSteps, todayIn } from './task-details';
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
  const { time_zone } = await findUserSettings(tx, userId);
  if (!(await hasOutlookConnection(tx, userId))) return tasks.map((t) => toTaskView(t, undefined, time_zone));
  const rows = await listTaskSyncRows(
    tx,
    tasks.map((t) => t.id),
  );
  return tasks.map((t) => toTaskView(t, deriveTaskSync({ version: t.version, ...rows.get(t.id) }), time_zone));
}

export async function listTasks(db: Db, userId: string, query: ListTasksQuery = {}): Promise<TaskView[]> {
  const { project, status, tag, work_status, started_by } = listTasksQuery.parse(query);
  const scope: ListScope = project === 'inbox' || project === 'all' ? project : { projectId: project };
  return withUserScope(db, userId, async (tx) => {
    if (typeof scope === 'object' && !(await findProject(tx, userId, scope.projectId))) throw new NotFoundError('project');
    const filter = { tag, workStatus: work_status, startedBy: started_by };
    return withSync(tx, userId, await listTaskRows(tx, userId, { scope, completion: status, filter }));
  });
}

export async function getTask(db: Db, userId: string, taskId: string): Promise<TaskView> {
  return withUserScope(db, userId, async (tx) => (await withSync(tx, userId, [await requireTask(tx, userId, taskId)]))[0]);
}

export async function createTask(db: Db, userId: string, input: CreateTaskInput): Promise<TaskView> {
  const values = createTaskInput.parse(input);
  return withUserScope(db, userId, async (tx) => {
    await checkProjectRef(tx, userId, values.project_id);
    const { time_zone } = await findUserSettings(tx, userId);
    const details = resolveDetails(values, null, time_zone, new Date());
    const task = await insertTask(tx, {
      userId,
      projectId: values.project_id ?? null,
      title: values.title,
      notes: values.notes,
      dueDate: details.due_date !== undefined ? details.due_date : values.due_date,
      priority: values.priority,
      completed: values.completed,
      more: {
        status: values.status,
        start_date: values.start_date,
        categories: values.categories,
        reminder_at: details.reminder_at,
        recurrence: details.recurrence,
        steps: values.steps ? resolveSteps(values.steps, [], new Date()) : undefined,
      },
    });
    await enqueueTaskSyncJob(tx, { userId, action: 'create', taskId: task.id, projectId: task.project_id });
    return toTaskView(task, undefined, time_zone);
  });
}

export async function updateTask(db: Db, userId: string, taskId: string, input: UpdateTaskInput): Promise<TaskView> {
  const { reminder_at: _reminder, recurrence: _recurrence, steps, ...fields } = updateTaskInput.parse(input);
  return withUserScope(db, userId, async (tx) => {
    const before = await requireTask(tx, userId, taskId);
    await checkProjectRef(tx, userId, fields.project_id);
    const moved = fields.project_id !== undefined && fields.project_id !== before.project_id;
    if (!moved) delete fields.project_id;
    const { time_zone } = await findUserSettings(tx, userId);
    const now = new Date();
    const patch = {
      ...fields,
      ...resolveDetails(updateTaskInput.parse(input), before, time_zone, now),
      ...(steps ? { steps: resolveSteps(steps, before.steps ?? [], now) } : {}),
    };
    const occurrence = patch.completed === true && !before.completed ? await completeRepeatingTask(tx, userId, before, patch, todayIn(time_zone, now), now) : null;
    const task = (await updateTaskRow(tx, userId, before.id, occurrence ? { ...patch, ...occurrence.seriesPatch } : patch))!;
    const payload = moved ? { moved: true, fromProjectId: before.project_id } : {};
    await enqueueTaskSyncJob(tx, { userId, action: 'update', taskId: task.id, projectId: task.project_id, payload });
    const view = toTaskView(task, undefined, time_zone);
    return occurrence ? { ...view, completed_occurrence: { id: occurrence.copyId, next_due_date: task.due_date! } } : view;
  });
}

/**
 * Completing a repeating task (issue 16 §3): the occurrence done becomes a completed copy
 * (created and pushed like any new task), and the task rolls on to the series' next day
 * instead of being completed. Null when there is nothing to roll (a one-off task, or the
 * series' last occurrence, which is simply completed).
 */
async function completeRepeatingTask(
  tx: Tx,
  userId: string,
  before: Task,
  patch: Parameters<typeof updateTaskRow>[3],
  today: string,
  now: Date,
): Promise<{ copyId: string; seriesPatch: Parameters<typeof updateTaskRow>[3] } | null> {
  const fields = { ...localFieldsOf(before), ...(patch as object), completed: false };
  const roll = completeOccurrence(fields, today, now.toISOString());
  if (!roll) return null;
  const copy = await insertTask(tx, { ...newTaskOf(userId, before.project_id, roll.occurrence), more: { ...newTaskOf(userId, null, roll.occurrence).more, steps: before.steps } });
  await enqueueTaskSyncJob(tx, { userId, action: 'create', taskId: copy.id, projectId: copy.project_id, payload: { reason: 'repeat_occurrence_done' } });
  const steps = (before.steps ?? []).map((s) => ({ ...s, checked: false, checked_at: null }));
  return { copyId: copy.id, seriesPatch: { ...roll.series, completed: false, steps } };
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
