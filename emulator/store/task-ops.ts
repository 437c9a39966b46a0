/**
 * Task operations on a mailbox, shared by the Graph routes, the control API and the
 * Outlook page so that every path bumps etags, feeds delta and fires notifications.
 */
import { GraphHttpError, notFound } from '../errors';
import { newEtag, newGraphId, newGuid } from '../ids';
import { nextOccurrenceMs } from './recurrence';
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
    checklistItems: (patch.checklistItems ?? []).map((item) => ({ ...item, id: newGuid(), createdMs: now })),
    linkedResources: (patch.linkedResources ?? []).map((item) => ({ ...nullLinked(), ...item, id: newGuid() })),
    etag: newEtag(),
    seq,
    createdSeq: seq,
    fieldSeq: Object.fromEntries(TASK_PROPS.map((p) => [p, seq])),
  };
  if (task.status === 'completed') task.completedMs = completionMs(store, patch.fields.completedMs ?? now);
  list.tasks[task.id] = task;
  if (list.deletedMs === null) emitTask(store, userId, task, 'created');
  return task;
}

export function updateTask(store: Store, userId: string, listId: string, taskId: string, patch: TaskPatch, ifMatch?: string | null): TaskRecord {
  const task = getTask(store, userId, listId, taskId);
  if (ifMatch && ifMatch !== '*' && ifMatch !== task.etag) {
    throw new GraphHttpError(412, 'ErrorIrresolvableConflict', 'The change key in the request does not match the current change key of the item.');
  }
  const wasCompleted = task.status === 'completed';
  Object.assign(task, patch.fields);
  const props = [...patch.props];
  if (patch.fields.status !== undefined) props.push(...applyStatusChange(store, task, wasCompleted, patch));
  if (patch.fields.body !== undefined) {
    task.bodyLastModifiedMs = store.now();
    props.push('bodyLastModifiedDateTime');
  }
  touchTask(store, userId, task, props);
  if (!wasCompleted && task.status === 'completed' && task.recurrence && store.quirks.recurringCompletionCreatesCopy) {
    rollRecurringTaskForward(store, userId, listId, task);
  }
  return task;
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

/** docs/graph-facts.md §9.2: completing a recurring task keeps its id, rolls it forward and adds a completed copy. */
function rollRecurringTaskForward(store: Store, userId: string, listId: string, task: TaskRecord): void {
  createTask(store, userId, listId, {
    fields: { ...pickFields(task), recurrence: null, status: 'completed' },
    props: [],
    checklistItems: task.checklistItems.map(({ displayName, isChecked, checkedMs }) => ({ displayName, isChecked, checkedMs })),
  });
  task.status = 'notStarted';
  task.completedMs = null;
  task.dueMs = nextOccurrenceMs(task.dueMs ?? utcMidnight(store.now()), task.recurrence ?? {});
  touchTask(store, userId, task, ['status', 'completedDateTime', 'dueDateTime']);
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
