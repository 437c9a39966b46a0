/**
 * The task fields Planner syncs with Microsoft To Do, named as the `tasks` columns so
 * a plan's field sets apply to a row directly. src/sync imports nothing from src/db,
 * so these mirror src/db/schema.ts by hand.
 */
export type Priority = 'low' | 'normal' | 'high';
export type ProjectStatus = 'Active' | 'Completed' | 'Cancelled';

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
}

/** The fields the three-way plan compares (completed_at rides along with completed). */
export const COMPARED_FIELDS = ['title', 'notes', 'due_date', 'priority', 'completed'] as const;
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
  completedDateTime?: GraphDateTimeTimeZone | null;
  lastModifiedDateTime?: string | null;
  linkedResources?: GraphLinkedResource[] | null;
  [other: string]: unknown;
}

/**
 * What we send. Built from a whitelist, so categories, reminders, recurrence,
 * startDateTime and checklist items can never appear in it.
 */
export interface GraphTaskPayload {
  title?: string;
  body?: { content: string; contentType: 'text' | 'html' };
  importance?: GraphImportance;
  status?: GraphTaskStatus;
  dueDateTime?: GraphDateTimeTimeZone | null;
  completedDateTime?: GraphDateTimeTimeZone | null;
  linkedResources?: GraphLinkedResource[];
}
