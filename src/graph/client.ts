/**
 * createGraphClient: everything the sync needs from Microsoft Graph To Do, over
 * one GraphHttp (base URL, token source and mailbox limit injected). Each group
 * delegates to a small module; nothing here touches a database.
 */
import { sendBatch, type BatchOptions, type BatchRequest } from './batch';
import {
  createChecklistItem,
  deleteChecklistItem,
  listChecklistItems,
  patchChecklistItem,
  type ChecklistItemInput,
} from './checklist-items';
import { iterateTaskDelta, listsDelta, taskDelta, type DeltaOptions } from './delta';
import { createGraphHttp, type GraphHttp, type GraphHttpOptions } from './http';
import { createLinkedResource, findTaskByLinkedExternalId, listLinkedResources, updateLinkedResource, type LinkedResourceInput } from './linked-resources';
import { getMe } from './me';
import { createSubscription, deleteSubscription, renewSubscription } from './subscriptions';
import { createTodoList, deleteTodoList, getTodoList, listTodoLists, renameTodoList } from './todo-lists';
import {
  createTask,
  deleteTask,
  getTask,
  iterateTasks,
  listTasks,
  patchTask,
  type ListTasksOptions,
  type WriteOptions,
} from './todo-tasks';
import type { SubscriptionInput, TodoTaskInput } from './types';

export type GraphClientOptions = GraphHttpOptions;

export function createGraphClient(options: GraphClientOptions) {
  const http = createGraphHttp(options);
  return graphClientOver(http);
}

/** The client over an existing GraphHttp (tests, or sharing one limiter). */
export function graphClientOver(http: GraphHttp) {
  return {
    http,
    me: () => getMe(http),
    lists: {
      list: () => listTodoLists(http),
      get: (listId: string) => getTodoList(http, listId),
      create: (displayName: string) => createTodoList(http, displayName),
      rename: (listId: string, displayName: string) => renameTodoList(http, listId, displayName),
      delete: (listId: string) => deleteTodoList(http, listId),
      delta: (options?: DeltaOptions) => listsDelta(http, options),
    },
    tasks: {
      get: (listId: string, taskId: string, options?: { expand?: string }) => getTask(http, listId, taskId, options),
      list: (listId: string, options?: ListTasksOptions) => listTasks(http, listId, options),
      iterate: (listId: string, options?: ListTasksOptions) => iterateTasks(http, listId, options),
      create: (listId: string, task: TodoTaskInput) => createTask(http, listId, task),
      patch: (listId: string, taskId: string, changes: TodoTaskInput, options?: WriteOptions) =>
        patchTask(http, listId, taskId, changes, options),
      delete: (listId: string, taskId: string, options?: WriteOptions) => deleteTask(http, listId, taskId, options),
      delta: (listId: string, options?: DeltaOptions) => taskDelta(http, listId, options),
      iterateDelta: (listId: string, options?: DeltaOptions) => iterateTaskDelta(http, listId, options),
    },
    linkedResources: {
      create: (listId: string, taskId: string, resource: LinkedResourceInput) => createLinkedResource(http, listId, taskId, resource),
      update: (listId: string, taskId: string, resourceId: string, changes: Partial<LinkedResourceInput>) =>
        updateLinkedResource(http, listId, taskId, resourceId, changes),
      list: (listId: string, taskId: string) => listLinkedResources(http, listId, taskId),
      findTask: (listId: string, externalId: string) => findTaskByLinkedExternalId(http, listId, externalId),
    },
    checklistItems: {
      list: (listId: string, taskId: string) => listChecklistItems(http, listId, taskId),
      create: (listId: string, taskId: string, item: ChecklistItemInput & { displayName: string }) =>
        createChecklistItem(http, listId, taskId, item),
      patch: (listId: string, taskId: string, itemId: string, changes: ChecklistItemInput) =>
        patchChecklistItem(http, listId, taskId, itemId, changes),
      delete: (listId: string, taskId: string, itemId: string) => deleteChecklistItem(http, listId, taskId, itemId),
    },
    subscriptions: {
      create: (input: SubscriptionInput) => createSubscription(http, input),
      renew: (subscriptionId: string, expirationDateTime: Date | string) => renewSubscription(http, subscriptionId, expirationDateTime),
      delete: (subscriptionId: string) => deleteSubscription(http, subscriptionId),
    },
    batch: (requests: BatchRequest[], options?: BatchOptions) => sendBatch(http, requests, options),
  };
}

export type GraphClient = ReturnType<typeof graphClientOver>;
