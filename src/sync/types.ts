/**
 * The task fields Planner syncs with Microsoft To Do, named as the `tasks` columns so
 * a plan's field sets apply to a row directly. src/sync imports nothing from src/db,
 * so these mirror src/db/schema.ts by hand.
 */
import type { Recurrence } from './recurrence';

export type Priority = 'low' | 'normal' | 'high';
export type ProjectStatus = 'Active' | 'Completed' | 'Cancelled';
/** To Do's statuses but `completed` (that is the `completed` flag). */
export const TASK_STATUSES = ['notStarted', 'inProgress', 'waitingOnOthers', 'deferred'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export interface TaskFields {
  title: string;
  /** Plain text. */
  notes: string;
  /** 'YYYY-MM-DD' (date-only) or null. */
  due_date: string | null;
  priority: Priority;
  completed: boolean;
  /**
   * ISO-8601 instant or null. Travels with `completed` but is never compared:
   * Graph returns completedDateTime as UTC midnight whatever we wrote.
   */
  completed_at: string | null;
  /** The open status; a completed task keeps the one it had (reopening restores it). */
  status: TaskStatus;
  /** 'YYYY-MM-DD' (date-only, like due_date) or null. */
  start_date: string | null;
  /** To Do's categories (Planner's tags), in the order set; compared as a set. */
  categories: string[];
  /** The reminder's instant, ISO-8601 to the minute, or null for none. */
  reminder_at: string | null;
  /** The repeat, or null. */
  recurrence: Recurrence | null;
}

/** The fields the three-way plan compares (completed_at rides along with completed). */
export const COMPARED_FIELDS = ['title', 'notes', 'due_date', 'priority', 'completed', 'status', 'start_date', 'categories', 'reminder_at', 'recurrence'] as const;
export type ComparedField = (typeof COMPARED_FIELDS)[number];

/** Graph's dateTimeTimeZone. */
export interface GraphDateTimeTimeZone {
  dateTime: string;
  timeZone: string;
}

export type GraphImportance = 'low' | 'normal' | 'high';
export type GraphTaskStatus = 'notStarted' | 'inProgress' | 'completed' | 'waitingOnOthers' | 'deferred';

export interface GraphLinkedResource {
  id?: string;
  webUrl?: string | null;
  applicationName?: string | null;
  displayName?: string | null;
  externalId?: string | null;
}

/**
 * A todoTask as Graph returns it (only what we read; unknown properties are ignored).
 * Delta items may carry only `id` and the changed properties, so everything is optional.
 */
export interface GraphTodoTask {
  id?: string;
  '@odata.etag'?: string;
  '@removed'?: { reason?: string };
  title?: string | null;
  body?: { content?: string | null; contentType?: string | null } | null;
  importance?: string | null;
  status?: string | null;
  dueDateTime?: GraphDateTimeTimeZone | null;
  startDateTime?: GraphDateTimeTimeZone | null;
  reminderDateTime?: GraphDateTimeTimeZone | null;
  isReminderOn?: boolean | null;
  categories?: string[] | null;
  recurrence?: unknown;
  completedDateTime?: GraphDateTimeTimeZone | null;
  lastModifiedDateTime?: string | null;
  linkedResources?: GraphLinkedResource[] | null;
  [other: string]: unknown;
}

/**
 * What we send. Built from a whitelist of the mapped fields; checklist items never
 * appear in it (Graph refuses them in a task PATCH: steps go through their own collection).
 */
export interface GraphTaskPayload {
  title?: string;
  body?: { content: string; contentType: 'text' | 'html' };
  importance?: GraphImportance;
  status?: GraphTaskStatus;
  dueDateTime?: GraphDateTimeTimeZone | null;
  startDateTime?: GraphDateTimeTimeZone | null;
  isReminderOn?: boolean;
  reminderDateTime?: GraphDateTimeTimeZone | null;
  categories?: string[];
  recurrence?: Record<string, unknown> | null;
  completedDateTime?: GraphDateTimeTimeZone | null;
  linkedResources?: GraphLinkedResource[];
}
