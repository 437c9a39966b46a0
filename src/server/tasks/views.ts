/** How a task is shown to its owner (UI and JSON API). */
import type { Priority, Task } from '../../db/schema';
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
  position: number;
  version: number;
  created_at: string;
  updated_at: string;
  /** Present once the user has connected Outlook. */
  sync?: TaskSync;
}

function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return value instanceof Date ? value.toISOString() : new Date(value).toISOString();
}

export function toTaskView(task: Task, sync?: TaskSync): TaskView {
  return {
    id: task.id,
    project_id: task.project_id,
    title: task.title,
    notes: task.notes,
    due_date: task.due_date,
    priority: task.priority,
    completed: task.completed,
    completed_at: iso(task.completed_at),
    position: task.position,
    version: task.version,
    created_at: iso(task.created_at)!,
    updated_at: iso(task.updated_at)!,
    ...(sync ? { sync } : {}),
  };
}
