/**
 * Planner task fields ↔ Graph todoTask (decisions 0017, 0055). Payloads are built from a
 * whitelist of the mapped fields; what Planner does not model (attachments, linked
 * resources other than ours) never appears in them and stays as the user set it.
 * Steps (checklistItems) go through their own collection: src/sync/steps-plan.ts.
 */
import { bodyToText, textToHtml } from './body-text';
import { fromGraphDueDate, fromGraphInstant, toGraphDueDate, toGraphInstant } from './due-date';
import { normaliseCategories, reminderMinute } from './normalise';
import { fromGraphRecurrence, toGraphRecurrence } from './recurrence';
import {
  TASK_STATUSES,
  type ComparedField,
  type GraphLinkedResource,
  type GraphTaskPayload,
  type GraphTodoTask,
  type Priority,
  type TaskFields,
  type TaskStatus,
} from './types';

export const TITLE_MAX_CHARS = 400;
export const NOTES_MAX_CHARS = 20_000;
export const UNTITLED_TASK = 'Untitled task';
/** applicationName of the linkedResource that points back at the Planner task. */
export const PLANNER_APPLICATION_NAME = 'Planner';

export interface WriteOptions {
  /** The user's IANA zone; due dates are written as local midnight there ('UTC' when absent). */
  timeZone?: string | null;
  /** Body format to write; 'text' unless Graph turns out to insist on HTML. */
  bodyFormat?: 'text' | 'html';
}

export interface PlannerLink {
  /** Our task id; how a create retried after a crash, or a task moved between lists, is recognised. */
  externalId: string;
  /** The Planner page of the task. */
  webUrl: string;
  displayName?: string;
}

export interface ReadOptions {
  /** The user's IANA zone, used to read due dates Graph shifted to UTC. */
  timeZone?: string | null;
  /**
   * Values for properties a PARTIAL item lacks (delta updates may carry only what changed,
   * docs/graph-facts.md §2). A full item (see isFullTodoTask) never falls back: Graph omits
   * `dueDateTime` and `completedDateTime` when they have no value, so there "absent" means
   * "none", and a due date cleared in Outlook reads as cleared.
   */
  fallback?: TaskFields;
}

/**
 * True when the item is a whole todoTask rather than a partial delta update. Graph sends
 * `createdDateTime` in every full representation, and it never changes, so a partial
 * update (only `id`, the etag and the changed properties) never carries it.
 */
export function isFullTodoTask(task: GraphTodoTask): boolean {
  return Object.prototype.hasOwnProperty.call(task, 'createdDateTime');
}

const DEFAULT_FIELDS: TaskFields = {
  title: UNTITLED_TASK,
  notes: '',
  due_date: null,
  priority: 'normal',
  completed: false,
  completed_at: null,
  status: 'notStarted',
  start_date: null,
  categories: [],
  reminder_at: null,
  recurrence: null,
};

/** A task's fields with nothing set but a title (tests, new tasks). */
export function taskFieldsWith(fields: Partial<TaskFields> & Pick<TaskFields, 'title'>): TaskFields {
  return { ...DEFAULT_FIELDS, ...fields };
}

/** Full payload for `POST /me/todo/lists/{id}/tasks`; `link` adds the linkedResource back to Planner. */
export function toGraphTask(fields: TaskFields, options: WriteOptions & { link?: PlannerLink } = {}): GraphTaskPayload {
  const payload = toGraphPatch(fields, options);
  if (!fields.completed) payload.status = fields.status;
  if (payload.dueDateTime === null) delete payload.dueDateTime;
  if (payload.startDateTime === null) delete payload.startDateTime;
  if (payload.recurrence === null) delete payload.recurrence;
  if (payload.categories?.length === 0) delete payload.categories;
  if (payload.isReminderOn === false) delete payload.isReminderOn;
  if (options.link) payload.linkedResources = [plannerLinkedResource(options.link)];
  return payload;
}

/**
 * What a PATCH of the `changed` fields of `fields` carries. Some fields ride with others:
 * `completed_at` and the open `status` with `completed` (un-completing restores the status
 * the task had); a `status` change of a task still completed is held back (Graph's status
 * would reopen it); the `recurrence` with a due date of a repeating task (toGraphPatches
 * writes them in the order that keeps Graph from splitting the series, decision 0056).
 */
export function pickPatch(fields: TaskFields, changed: readonly ComparedField[]): Partial<TaskFields> {
  const picked: Partial<TaskFields> = {};
  const put = <K extends keyof TaskFields>(key: K) => {
    picked[key] = fields[key];
  };
  for (const key of changed) if (key !== 'status' || !fields.completed) put(key);
  if (changed.includes('completed')) {
    put('completed_at');
    if (!fields.completed) put('status');
  }
  if (changed.includes('due_date') && fields.recurrence) put('recurrence');
  return picked;
}

/**
 * PATCH body holding only the given (changed) fields; build `changed` with pickPatch.
 * `status` is sent only when completion or the open status changed, so a status set in
 * To Do survives other edits. `completed_at` alone is never sent; with `completed: true`
 * it becomes completedDateTime.
 */
export function toGraphPatch(changed: Partial<TaskFields>, options: WriteOptions = {}): GraphTaskPayload {
  const payload: GraphTaskPayload = {};
  if (changed.title !== undefined) payload.title = changed.title;
  if (changed.notes !== undefined) payload.body = toGraphBody(changed.notes, options.bodyFormat ?? 'text');
  if (changed.due_date !== undefined) {
    payload.dueDateTime = changed.due_date === null ? null : toGraphDueDate(changed.due_date, options.timeZone);
  }
  if (changed.start_date !== undefined) {
    payload.startDateTime = changed.start_date === null ? null : toGraphDueDate(changed.start_date, options.timeZone);
  }
  if (changed.priority !== undefined) payload.importance = changed.priority;
  if (changed.categories !== undefined) payload.categories = normaliseCategoriesInOrder(changed.categories);
  if (changed.reminder_at !== undefined) {
    const at = reminderMinute(changed.reminder_at);
    payload.isReminderOn = at !== null;
    // In UTC: a local wall time in the hour a zone repeats (fall back) would name two instants.
    if (at) payload.reminderDateTime = toGraphInstant(at);
  }
  if (changed.recurrence !== undefined) {
    payload.recurrence = changed.recurrence ? toGraphRecurrence(changed.recurrence, options.timeZone) : null;
  }
  if (changed.completed === true) {
    payload.status = 'completed';
    if (changed.completed_at) payload.completedDateTime = toGraphInstant(changed.completed_at);
  } else if (changed.completed === false) {
    payload.status = changed.status ?? 'notStarted';
  } else if (changed.status !== undefined) {
    payload.status = changed.status;
  }
  return payload;
}

/**
 * The PATCHes that write `changed`, in order: one, except for a new due date of a
 * repeating task. Graph splits a series whose due date is written while it repeats (it
 * rolls the task on and makes a new task for the date asked, even with the recurrence in
 * the same body: ms-todo's measurements, docs/graph-facts.md §9.2), so the due date goes
 * out with the repeat cleared, and the repeat comes back in a second PATCH.
 */
export function toGraphPatches(changed: Partial<TaskFields>, options: WriteOptions = {}): GraphTaskPayload[] {
  const payload = toGraphPatch(changed, options);
  if (payload.dueDateTime === undefined || !payload.recurrence) return [payload];
  return [{ ...payload, recurrence: null }, { recurrence: payload.recurrence }];
}

/** Categories as written: blanks and repeats dropped, the person's order kept. */
function normaliseCategoriesInOrder(categories: readonly string[]): string[] {
  const kept = new Set(normaliseCategories(categories));
  return [...new Set(categories.map((c) => c.trim()))].filter((c) => kept.has(c));
}

/**
 * Normalised Planner fields of a todoTask. HTML bodies are read as text; a blank title
 * becomes UNTITLED_TASK; title and notes are cut to Planner's column limits; any status
 * other than 'completed' reads as not completed. A partial item's absent properties come from
 * `fallback`; a full item's absent properties are empty.
 */
export function fromGraphTask(task: GraphTodoTask, options: ReadOptions = {}): TaskFields {
  const base = options.fallback && !isFullTodoTask(task) ? options.fallback : DEFAULT_FIELDS;
  const has = (key: string) => Object.prototype.hasOwnProperty.call(task, key);
  const completed = has('status') ? task.status === 'completed' : base.completed;
  return {
    title: has('title') ? readTitle(task.title) : base.title,
    notes: has('body') ? bodyToText(task.body).slice(0, NOTES_MAX_CHARS) : base.notes,
    due_date: has('dueDateTime') ? fromGraphDueDate(task.dueDateTime, options.timeZone) : base.due_date,
    priority: has('importance') ? readPriority(task.importance) : base.priority,
    completed,
    completed_at: readCompletedAt(task, completed, has('completedDateTime'), base),
    // A completed task's open status is not in Graph (its status says 'completed'): the one we knew.
    status: has('status') && !completed ? readStatus(task.status) : (options.fallback ?? base).status,
    start_date: has('startDateTime') ? fromGraphDueDate(task.startDateTime, options.timeZone) : base.start_date,
    categories: has('categories') ? readCategories(task.categories) : base.categories,
    reminder_at: has('isReminderOn') || has('reminderDateTime') ? readReminder(task, base) : base.reminder_at,
    recurrence: has('recurrence') ? fromGraphRecurrence(task.recurrence) : base.recurrence,
  };
}

function readStatus(status: string | null | undefined): TaskStatus {
  return (TASK_STATUSES as readonly string[]).includes(status ?? '') ? (status as TaskStatus) : 'notStarted';
}

function readCategories(categories: unknown): string[] {
  return Array.isArray(categories) ? categories.filter((c): c is string => typeof c === 'string' && c.trim() !== '').map((c) => c.trim()) : [];
}

/** isReminderOn decides; a partial item with only the time keeps the on/off we knew. */
function readReminder(task: GraphTodoTask, base: TaskFields): string | null {
  const on = typeof task.isReminderOn === 'boolean' ? task.isReminderOn : base.reminder_at !== null;
  if (!on) return null;
  if (!Object.prototype.hasOwnProperty.call(task, 'reminderDateTime')) return base.reminder_at;
  return reminderMinute(fromGraphInstant(task.reminderDateTime));
}

/** Our links among a todoTask's linkedResources (normally one), in Graph's order. */
export function readPlannerLinks(task: GraphTodoTask): (GraphLinkedResource & { externalId: string })[] {
  return (task.linkedResources ?? []).filter(
    (r): r is GraphLinkedResource & { externalId: string } =>
      r.applicationName === PLANNER_APPLICATION_NAME && typeof r.externalId === 'string' && r.externalId !== '',
  );
}

/** The Planner task id in a todoTask's linkedResources (our first link), or null. */
export function readPlannerTaskId(task: GraphTodoTask): string | null {
  return readPlannerLinks(task)[0]?.externalId ?? null;
}

/** The linkedResource we attach to a task we create. */
export function plannerLinkedResource(link: PlannerLink): GraphLinkedResource {
  return {
    webUrl: link.webUrl,
    applicationName: PLANNER_APPLICATION_NAME,
    displayName: link.displayName ?? PLANNER_APPLICATION_NAME,
    externalId: link.externalId,
  };
}

function toGraphBody(notes: string, format: 'text' | 'html'): { content: string; contentType: 'text' | 'html' } {
  return format === 'html' ? { content: textToHtml(notes), contentType: 'html' } : { content: notes, contentType: 'text' };
}

function readTitle(title: string | null | undefined): string {
  const trimmed = (title ?? '').trim();
  return trimmed === '' ? UNTITLED_TASK : trimmed.slice(0, TITLE_MAX_CHARS);
}

function readPriority(importance: string | null | undefined): Priority {
  return importance === 'low' || importance === 'high' ? importance : 'normal';
}

function readCompletedAt(task: GraphTodoTask, completed: boolean, hasValue: boolean, base: TaskFields): string | null {
  if (!completed) return null;
  if (hasValue) return fromGraphInstant(task.completedDateTime);
  return base.completed ? base.completed_at : null;
}

export interface RemoteTaskMeta {
  graphTaskId: string | null;
  etag: string | null;
  /** lastModifiedDateTime, ISO-8601. */
  modifiedAt: string | null;
  /** Set for a delta `@removed` item: 'deleted' (permanent), 'changed' (restorable) or Graph's word. */
  removed: string | null;
  /** Our task id from the linkedResource, when the task came from Planner. */
  plannerTaskId: string | null;
  /** Every Planner task id our links name (more than one only where an older version added a second link). */
  plannerTaskIds: string[];
}

/** Identity, version and removal of a todoTask or delta item, beside its fields. */
export function readRemoteTaskMeta(task: GraphTodoTask): RemoteTaskMeta {
  const removed = task['@removed'];
  return {
    graphTaskId: typeof task.id === 'string' ? task.id : null,
    etag: typeof task['@odata.etag'] === 'string' ? task['@odata.etag'] : null,
    modifiedAt: typeof task.lastModifiedDateTime === 'string' ? task.lastModifiedDateTime : null,
    removed: removed ? (typeof removed.reason === 'string' ? removed.reason : 'deleted') : null,
    plannerTaskId: readPlannerTaskId(task),
    plannerTaskIds: readPlannerLinks(task).map((l) => l.externalId),
  };
}
