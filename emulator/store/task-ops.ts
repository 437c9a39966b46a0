/**
 * Task operations on a mailbox, shared by the Graph routes, the control API and the
 * Outlook page so that every path bumps etags, feeds delta and fires notifications.
 */
import { GraphHttpError, notFound } from '../errors';
import { newEtag, newGraphId, newGuid } from '../ids';
import { firstDue, nextDue, shiftDays } from './recurrence';
import type { Store } from './store';
import type { TaskPatch } from './task-input';
import { utcMidnight } from './time-zones';
import type { ListRecord, TaskFields, TaskRecord } from './types';

const DEFAULT_FIELDS: TaskFields = {
  title: '',
  body: { content: '', contentType: 'text' },
  importance: 'normal',
  status: 'notStarted',
  isReminderOn: false,
  categories: [],
  dueMs: null,
  startMs: null,
  reminderMs: null,
  completedMs: null,
  recurrence: null,
};

const TASK_PROPS = ['title', 'body', 'importance', 'status', 'isReminderOn', 'categories', 'dueDateTime', 'startDateTime',
  'reminderDateTime', 'completedDateTime', 'recurrence', 'checklistItems', 'linkedResources', 'bodyLastModifiedDateTime'];

export function getTask(store: Store, userId: string, listId: string, taskId: string): TaskRecord {
  const task = store.list(userId, listId).tasks[taskId];
  if (!task) throw notFound();
  return task;
}

export function createTask(store: Store, userId: string, listId: string, patch: TaskPatch): TaskRecord {
  const quirkAccepts = store.quirks.deletedListAcceptsTaskPosts;
  const list = store.list(userId, listId, quirkAccepts);
  const mailbox = store.mailbox(userId);
  const now = store.now();
  const seq = store.nextSeq(mailbox);
  const fields = { ...DEFAULT_FIELDS, ...patch.fields };
  const task: TaskRecord = {
    ...fields,
    id: newGraphId(),
    listId,
    hasAttachments: false,
    createdMs: now,
    lastModifiedMs: now,
    bodyLastModifiedMs: now,
    checklistItems: (patch.checklistItems ?? []).map((item) => ({
      ...item, checkedMs: item.isChecked ? (item.checkedMs ?? now) : null, id: newGuid(), createdMs: now,
    })),
    linkedResources: (patch.linkedResources ?? []).map((item) => ({ ...nullLinked(), ...item, id: newGuid() })),
    etag: newEtag(),
    seq,
    createdSeq: seq,
    fieldSeq: Object.fromEntries(TASK_PROPS.map((p) => [p, seq])),
  };
  if (task.status === 'completed') task.completedMs = completionMs(store, patch.fields.completedMs ?? now);
  ensureRecurringDue(task);
  list.tasks[task.id] = task;
  if (list.deletedMs === null) emitTask(store, userId, task, 'created');
  return task;
}

/** What a task PATCH did besides changing the task: the copies recurring tasks make. */
export interface UpdateResult {
  task: TaskRecord;
  /** Completing a recurring task: the completed occurrence (quirk recurringCompletionCreatesCopy). */
  completedCopy: TaskRecord | null;
  /** A due date written on a recurring task: the new task holding it (quirk recurringDueDateWriteSplitsSeries). */
  splitTask: TaskRecord | null;
}

export function updateTask(store: Store, userId: string, listId: string, taskId: string, patch: TaskPatch, ifMatch?: string | null): TaskRecord {
  return applyTaskUpdate(store, userId, listId, taskId, patch, { ifMatch }).task;
}

export interface UpdateOptions {
  ifMatch?: string | null;
  /**
   * A person editing in the To Do app rather than a Graph PATCH: moving the due date of a
   * recurring task moves the series (the split is what Graph writes do, docs/graph-facts.md §9.2).
   */
  inApp?: boolean;
}

export function applyTaskUpdate(store: Store, userId: string, listId: string, taskId: string, patch: TaskPatch, options: UpdateOptions = {}): UpdateResult {
  const task = getTask(store, userId, listId, taskId);
  const { ifMatch } = options;
  if (ifMatch && ifMatch !== '*' && ifMatch !== task.etag) {
    throw new GraphHttpError(412, 'ErrorIrresolvableConflict', 'The change key in the request does not match the current change key of the item.');
  }
  const wasCompleted = task.status === 'completed';
  const splitTask = !options.inApp && splitsSeries(store, task, patch) ? splitOffDueDate(store, userId, task, patch) : null;
  const fields = { ...patch.fields };
  if (splitTask) delete fields.dueMs;
  Object.assign(task, fields);
  const props = [...patch.props];
  if (splitTask) props.push(...moveOn(task));
  if (patch.props.includes('recurrence') || patch.props.includes('dueDateTime')) props.push(...ensureRecurringDue(task));
  if (patch.fields.body !== undefined) {
    task.bodyLastModifiedMs = store.now();
    props.push('bodyLastModifiedDateTime');
  }
  let completedCopy: TaskRecord | null = null;
  const completing = !wasCompleted && task.status === 'completed';
  if (completing && task.recurrence && store.quirks.recurringCompletionCreatesCopy && task.dueMs !== null && nextDue(task.dueMs, task.recurrence)) {
    completedCopy = copyCompletedOccurrence(store, userId, task, patch);
    task.status = 'notStarted';
    task.completedMs = null;
    props.push('status', 'completedDateTime', ...moveOn(task));
  } else if (patch.fields.status !== undefined) {
    props.push(...applyStatusChange(store, task, wasCompleted, patch));
  }
  touchTask(store, userId, task, props);
  return { task, completedCopy, splitTask };
}

export function deleteTask(store: Store, userId: string, listId: string, taskId: string): void {
  const task = getTask(store, userId, listId, taskId);
  const mailbox = store.mailbox(userId);
  const seq = store.nextSeq(mailbox);
  delete store.list(userId, listId).tasks[taskId];
  mailbox.tombstones.push({ kind: 'task', id: taskId, listId, seq, reason: 'deleted' });
  emitTask(store, userId, { ...task, etag: task.etag }, 'deleted');
}

/** Outlook moves a task by recreating it: the id changes (docs/graph-facts.md §1, todotask.md `id`). */
export function moveTask(store: Store, userId: string, fromListId: string, taskId: string, toListId: string): TaskRecord {
  const task = getTask(store, userId, fromListId, taskId);
  const target: ListRecord = store.list(userId, toListId);
  deleteTask(store, userId, fromListId, taskId);
  const mailbox = store.mailbox(userId);
  const seq = store.nextSeq(mailbox);
  const moved: TaskRecord = {
    ...structuredClone(task),
    id: newGraphId(),
    listId: toListId,
    lastModifiedMs: store.now(),
    etag: newEtag(),
    seq,
    createdSeq: seq,
    fieldSeq: Object.fromEntries(TASK_PROPS.map((p) => [p, seq])),
  };
  target.tasks[moved.id] = moved;
  emitTask(store, userId, moved, 'created');
  return moved;
}

/** Bumps etag, lastModifiedDateTime and delta sequence; fires an `updated` change. */
export function touchTask(store: Store, userId: string, task: TaskRecord, props: string[]): void {
  const seq = store.nextSeq(store.mailbox(userId));
  task.seq = seq;
  task.etag = newEtag();
  task.lastModifiedMs = store.now();
  for (const p of props) task.fieldSeq[p] = seq;
  emitTask(store, userId, task, 'updated');
}

function applyStatusChange(store: Store, task: TaskRecord, wasCompleted: boolean, patch: TaskPatch): string[] {
  if (task.status === 'completed' && !wasCompleted) {
    task.completedMs = completionMs(store, patch.fields.completedMs ?? store.now());
    return ['completedDateTime'];
  }
  if (task.status !== 'completed' && wasCompleted) {
    task.completedMs = null;
    return ['completedDateTime'];
  }
  return [];
}

function completionMs(store: Store, ms: number): number {
  return store.quirks.completedDateTimeUtcMidnight ? utcMidnight(ms) : ms;
}

/**
 * docs/graph-facts.md §9.2 (ms-todo, measured): completing a recurring task keeps its id for
 * the series and creates a new task for the completed occurrence: `completed`, the old due
 * date, and the recurrence still on it. Steps and linked resources are copied too [inferred:
 * Exchange clones the item]. Called only while the series has a next occurrence.
 */
function copyCompletedOccurrence(store: Store, userId: string, task: TaskRecord, patch: TaskPatch): TaskRecord {
  return cloneTask(store, userId, task, {
    status: 'completed',
    completedMs: completionMs(store, patch.fields.completedMs ?? store.now()),
  });
}

/**
 * The split quirk applies to a PATCH that changes the due date of a recurring task, unless
 * the same body clears the recurrence (ms-todo's way round it: `{recurrence: null,
 * dueDateTime}` and then `{recurrence}`). Sending the recurrence again does not avoid it.
 */
function splitsSeries(store: Store, task: TaskRecord, patch: TaskPatch): boolean {
  if (!store.quirks.recurringDueDateWriteSplitsSeries || !task.recurrence) return false;
  if (!patch.props.includes('dueDateTime') || patch.fields.dueMs == null || patch.fields.dueMs === task.dueMs) return false;
  return !(patch.props.includes('recurrence') && patch.fields.recurrence === null);
}

/** The new open task that takes the due date asked for (and the rest of the PATCH): new id, recurring, not started. */
function splitOffDueDate(store: Store, userId: string, task: TaskRecord, patch: TaskPatch): TaskRecord {
  return cloneTask(store, userId, task, { ...patch.fields, status: 'notStarted', completedMs: null });
}

/** Moves a recurring task to its next occurrence (reminder along, same wall-clock time); the changed properties. */
function moveOn(task: TaskRecord): string[] {
  if (!task.recurrence || task.dueMs === null) return [];
  const next = nextDue(task.dueMs, task.recurrence);
  if (!next) return [];
  task.dueMs = next.dueMs;
  const props = ['dueDateTime'];
  if (task.reminderMs !== null) {
    // Wunderlist, To Do's predecessor: a reminder "will automatically re-occur and adjust" [inferred for To Do].
    task.reminderMs = shiftDays(task.reminderMs, next.days, task.recurrence.range.recurrenceTimeZone);
    props.push('reminderDateTime');
  }
  return props;
}

/**
 * To Do gives every recurring task a due date (docs/graph-facts.md §9.2): one without, or with
 * one before its range starts, gets the first occurrence from `range.startDate`.
 */
function ensureRecurringDue(task: TaskRecord): string[] {
  if (!task.recurrence) return [];
  const due = firstDue(task.recurrence, task.dueMs);
  if (due === null) return [];
  task.dueMs = due;
  return ['dueDateTime'];
}

/** A new task in the same list made from `source` (new id, created now), steps and linked resources copied. */
function cloneTask(store: Store, userId: string, source: TaskRecord, overrides: Partial<TaskFields>): TaskRecord {
  const mailbox = store.mailbox(userId);
  const now = store.now();
  const seq = store.nextSeq(mailbox);
  const copy: TaskRecord = {
    ...pickFields(source),
    ...structuredClone(overrides),
    id: newGraphId(),
    listId: source.listId,
    hasAttachments: source.hasAttachments,
    createdMs: now,
    lastModifiedMs: now,
    bodyLastModifiedMs: source.bodyLastModifiedMs,
    checklistItems: source.checklistItems.map((item) => ({ ...item, id: newGuid() })),
    linkedResources: source.linkedResources.map((item) => ({ ...item, id: newGuid() })),
    etag: newEtag(),
    seq,
    createdSeq: seq,
    fieldSeq: Object.fromEntries(TASK_PROPS.map((p) => [p, seq])),
  };
  ensureRecurringDue(copy);
  store.list(userId, source.listId, true).tasks[copy.id] = copy;
  emitTask(store, userId, copy, 'created');
  return copy;
}

function emitTask(store: Store, userId: string, task: TaskRecord, changeType: 'created' | 'updated' | 'deleted'): void {
  store.emit({ userId, kind: 'task', listId: task.listId, taskId: task.id, changeType, etag: task.etag });
}

function pickFields(task: TaskRecord): TaskFields {
  const out = {} as Record<string, unknown>;
  for (const key of Object.keys(DEFAULT_FIELDS)) out[key] = structuredClone(task[key as keyof TaskFields]);
  return out as unknown as TaskFields;
}

function nullLinked() {
  return { webUrl: null, applicationName: null, displayName: null, externalId: null };
}
