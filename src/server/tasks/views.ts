/** How a task is shown to its owner (UI and JSON API). */
import type { Priority, Task, TaskStatus, TaskStep } from '../../db/schema';
import { localMinuteOf } from '../../sync/due-date';
import { describeRecurrence, fromGraphRecurrence, nextOccurrence, type Recurrence } from '../../sync/recurrence';
import type { TaskSync } from './sync-status';

export interface TaskView {
  id: string;
  project_id: string | null;
  title: string;
  notes: string;
  /** 'YYYY-MM-DD' or null. */
  due_date: string | null;
  priority: Priority;
  completed: boolean;
  completed_at: string | null;
  /** The open status (a completed task keeps the one it had). */
  status: TaskStatus;
  /** 'YYYY-MM-DD' or null. */
  start_date: string | null;
  /** Tags (To Do's categories). */
  categories: string[];
  /** The reminder's instant (ISO) or null… */
  reminder_at: string | null;
  /** …and the same as a wall time in the user's time zone ('YYYY-MM-DDTHH:MM'). */
  reminder_local: string | null;
  recurrence: Recurrence | null;
  /** The repeat in plain language ("Every 2 weeks on Mon, Thu"), or null. */
  recurrence_summary: string | null;
  /** The repeat's next day after the due date, or null. */
  next_occurrence: string | null;
  /** Subtasks (To Do's steps), in order. */
  steps: TaskStep[];
  position: number;
  version: number;
  created_at: string;
  updated_at: string;
  /** Present once the user has connected Outlook. */
  sync?: TaskSync;
  /** After completing a repeating task: the copy that records the occurrence done, and the task's next day. */
  completed_occurrence?: { id: string; next_due_date: string };
}

function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

export function toTaskView(task: Task, sync?: TaskSync, timeZone?: string | null): TaskView {
  const recurrence = fromGraphRecurrence(task.recurrence);
  const reminder = iso(task.reminder_at);
  return {
    id: task.id,
    project_id: task.project_id,
    title: task.title,
    notes: task.notes,
    due_date: task.due_date,
    priority: task.priority,
    completed: task.completed,
    completed_at: iso(task.completed_at),
    status: task.status,
    start_date: task.start_date,
    categories: task.categories ?? [],
    reminder_at: reminder,
    reminder_local: reminder ? localMinuteOf(reminder, timeZone ?? 'UTC') : null,
    recurrence,
    recurrence_summary: recurrence ? describeRecurrence(recurrence) : null,
    next_occurrence: recurrence && task.due_date ? nextOccurrence(recurrence, task.due_date) : null,
    steps: task.steps ?? [],
    position: task.position,
    version: task.version,
    created_at: iso(task.created_at)!,
    updated_at: iso(task.updated_at)!,
    ...(sync ? { sync } : {}),
  };
}
