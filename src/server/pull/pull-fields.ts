/** Small conversions shared by the pull: Planner rows and Graph items to the pure sync types. */
import type { Task } from '../../db/schema';
import type { NewTaskFields, TaskFields as RowFields } from '../../db/tasks-repository';
import type { GraphTodoTask, TaskFields } from '../../sync/types';
import { readRemoteTaskMeta } from '../../sync/field-mapping';
import { fromGraphRecurrence } from '../../sync/recurrence';
import { snapshotColumns } from '../../sync/snapshot';

/** A present To Do task as one delta / snapshot round reported it. */
export interface RemoteItem {
  raw: GraphTodoTask;
  graphTaskId: string;
  etag: string | null;
  modifiedAt: string | null;
  /** Our task id from its linkedResource (resolved lazily for ids we do not know). */
  plannerTaskId: string | null;
  /** Every task id our links name, first first (an older version could leave a stale second link). */
  plannerTaskIds: string[];
}

export function remoteItemOf(raw: GraphTodoTask): RemoteItem | null {
  const meta = readRemoteTaskMeta(raw);
  if (!meta.graphTaskId) return null;
  return { raw, graphTaskId: meta.graphTaskId, etag: meta.etag, modifiedAt: meta.modifiedAt, plannerTaskId: meta.plannerTaskId, plannerTaskIds: meta.plannerTaskIds };
}

export function isoOf(value: Date | string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

/** The synced fields of a Planner task row (push and pull read a row the same way). */
export function localFieldsOf(task: Task): TaskFields {
  return {
    title: task.title,
    notes: task.notes,
    due_date: task.due_date,
    priority: task.priority,
    completed: task.completed,
    completed_at: isoOf(task.completed_at),
    status: task.status,
    start_date: task.start_date,
    categories: task.categories ?? [],
    reminder_at: isoOf(task.reminder_at),
    // Stored in the shape Graph uses, so Graph's reader reads it.
    recurrence: fromGraphRecurrence(task.recurrence),
  };
}

/** A plan's field set as a tasks-row patch (completed_at is set by the repository with completed). */
export function rowPatchOf(fields: Partial<TaskFields>): RowFields {
  const patch: RowFields = {};
  if (fields.title !== undefined) patch.title = fields.title;
  if (fields.notes !== undefined) patch.notes = fields.notes;
  if (fields.due_date !== undefined) patch.due_date = fields.due_date;
  if (fields.priority !== undefined) patch.priority = fields.priority;
  if (fields.completed !== undefined) patch.completed = fields.completed;
  if (fields.status !== undefined) patch.status = fields.status;
  if (fields.start_date !== undefined) patch.start_date = fields.start_date;
  if (fields.categories !== undefined) patch.categories = fields.categories;
  if (fields.reminder_at !== undefined) patch.reminder_at = fields.reminder_at;
  if (fields.recurrence !== undefined) patch.recurrence = fields.recurrence;
  return patch;
}

/** A new task row holding a To Do task's fields (a task made in To Do, or rescued from a deleted list). */
export function newTaskOf(userId: string, projectId: string | null, fields: TaskFields): NewTaskFields {
  return {
    userId,
    projectId,
    title: fields.title,
    notes: fields.notes,
    dueDate: fields.due_date,
    priority: fields.priority,
    completed: fields.completed,
    more: { status: fields.status, start_date: fields.start_date, categories: fields.categories, reminder_at: fields.reminder_at, recurrence: fields.recurrence },
  };
}

/** Remote fields with a completion time when completed (Graph may omit it). */
export function withCompletionTime(fields: TaskFields, now: Date): TaskFields {
  if (!fields.completed) return { ...fields, completed_at: null };
  return { ...fields, completed_at: fields.completed_at ?? now.toISOString() };
}

/** A base as savePulledState stores it. */
export function baseColumns(base: TaskFields): { snapshot: unknown; snapshotHash: string } {
  const { snapshot, snapshot_hash } = snapshotColumns(base);
  return { snapshot, snapshotHash: snapshot_hash };
}
