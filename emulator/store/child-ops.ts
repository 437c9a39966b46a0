/**
 * checklistItems and linkedResources of a task. A change to either counts as a change
 * of the task (new etag and lastModifiedDateTime, delta entry, `updated` notification).
 * Steps keep creation order: Graph has no position property, so nothing reorders them.
 */
import { notFound } from '../errors';
import { newGuid } from '../ids';
import type { Store } from './store';
import { getTask, touchTask } from './task-ops';
import type { ChecklistItemRecord, LinkedResourceRecord } from './types';

type ChecklistInput = Partial<Omit<ChecklistItemRecord, 'id' | 'createdMs'>>;
type LinkedInput = Partial<Omit<LinkedResourceRecord, 'id'>>;

interface TaskRef {
  userId: string;
  listId: string;
  taskId: string;
}

export function addChecklistItem(store: Store, ref: TaskRef, input: ChecklistInput): ChecklistItemRecord {
  const task = getTask(store, ref.userId, ref.listId, ref.taskId);
  const item: ChecklistItemRecord = {
    id: newGuid(),
    displayName: input.displayName ?? '',
    isChecked: input.isChecked ?? false,
    checkedMs: input.isChecked ? (input.checkedMs ?? store.now()) : null,
    createdMs: store.now(),
  };
  task.checklistItems.push(item);
  touchTask(store, ref.userId, task, ['checklistItems']);
  return item;
}

export function getChecklistItem(store: Store, ref: TaskRef, itemId: string): ChecklistItemRecord {
  const item = getTask(store, ref.userId, ref.listId, ref.taskId).checklistItems.find((i) => i.id === itemId);
  if (!item) throw notFound();
  return item;
}

export function updateChecklistItem(store: Store, ref: TaskRef, itemId: string, input: ChecklistInput): ChecklistItemRecord {
  const item = getChecklistItem(store, ref, itemId);
  const wasChecked = item.isChecked;
  Object.assign(item, input);
  // checklistitem-update.md lists checkedDateTime as writable: a value sent is kept; checking
  // without one stamps the time, unchecking clears it.
  if (item.isChecked && ((!wasChecked && input.checkedMs == null) || item.checkedMs === null)) item.checkedMs = store.now();
  if (!item.isChecked) item.checkedMs = null;
  touchTask(store, ref.userId, getTask(store, ref.userId, ref.listId, ref.taskId), ['checklistItems']);
  return item;
}

export function deleteChecklistItem(store: Store, ref: TaskRef, itemId: string): void {
  const task = getTask(store, ref.userId, ref.listId, ref.taskId);
  getChecklistItem(store, ref, itemId);
  task.checklistItems = task.checklistItems.filter((i) => i.id !== itemId);
  touchTask(store, ref.userId, task, ['checklistItems']);
}

export function addLinkedResource(store: Store, ref: TaskRef, input: LinkedInput): LinkedResourceRecord {
  const task = getTask(store, ref.userId, ref.listId, ref.taskId);
  const item: LinkedResourceRecord = {
    id: newGuid(),
    webUrl: input.webUrl ?? null,
    applicationName: input.applicationName ?? null,
    displayName: input.displayName ?? null,
    externalId: input.externalId ?? null,
  };
  task.linkedResources.push(item);
  touchTask(store, ref.userId, task, ['linkedResources']);
  return item;
}

export function getLinkedResource(store: Store, ref: TaskRef, itemId: string): LinkedResourceRecord {
  const item = getTask(store, ref.userId, ref.listId, ref.taskId).linkedResources.find((i) => i.id === itemId);
  if (!item) throw notFound();
  return item;
}

export function updateLinkedResource(store: Store, ref: TaskRef, itemId: string, input: LinkedInput): LinkedResourceRecord {
  const item = getLinkedResource(store, ref, itemId);
  Object.assign(item, input);
  touchTask(store, ref.userId, getTask(store, ref.userId, ref.listId, ref.taskId), ['linkedResources']);
  return item;
}

export function deleteLinkedResource(store: Store, ref: TaskRef, itemId: string): void {
  const task = getTask(store, ref.userId, ref.listId, ref.taskId);
  getLinkedResource(store, ref, itemId);
  task.linkedResources = task.linkedResources.filter((i) => i.id !== itemId);
  touchTask(store, ref.userId, task, ['linkedResources']);
}
