/** To Do tasks of one list. Writes take an optional `ifMatch` etag. */
import type { GraphHttp } from './http';
import { deleteTolerant, listPath } from './todo-lists';
import { collectPages, iteratePages, type Page } from './paging';
import type { TodoTask, TodoTaskInput } from './types';

export const taskPath = (listId: string, taskId: string) => `${listPath(listId)}/tasks/${encodeURIComponent(taskId)}`;

export interface WriteOptions {
  /** Sends If-Match: a mismatch answers 412 (GraphError) where Graph enforces it. */
  ifMatch?: string;
}

export interface ListTasksOptions {
  pageSize?: number;
  /** e.g. 'linkedResources' or 'checklistItems'. */
  expand?: string;
  filter?: string;
}

export async function getTask(http: GraphHttp, listId: string, taskId: string, options: { expand?: string } = {}): Promise<TodoTask> {
  return (await http.send<TodoTask>({ method: 'GET', url: taskPath(listId, taskId), query: { $expand: options.expand } })).body;
}

/** Pages of the list's tasks ($top + nextLink). */
export function iterateTasks(http: GraphHttp, listId: string, options: ListTasksOptions = {}): AsyncGenerator<Page<TodoTask>> {
  return iteratePages<TodoTask>(http, { url: `${listPath(listId)}/tasks`, query: tasksQuery(options) });
}

export async function listTasks(http: GraphHttp, listId: string, options: ListTasksOptions = {}): Promise<TodoTask[]> {
  return (await collectPages<TodoTask>(http, { url: `${listPath(listId)}/tasks`, query: tasksQuery(options) })).items;
}

export async function createTask(http: GraphHttp, listId: string, task: TodoTaskInput): Promise<TodoTask> {
  return (await http.send<TodoTask>({ method: 'POST', url: `${listPath(listId)}/tasks`, body: task })).body;
}

export async function patchTask(http: GraphHttp, listId: string, taskId: string, changes: TodoTaskInput, options: WriteOptions = {}): Promise<TodoTask> {
  return (
    await http.send<TodoTask>({ method: 'PATCH', url: taskPath(listId, taskId), body: changes, headers: ifMatchHeader(options) })
  ).body;
}

/** Deletes a task; 'not_found' (404) counts as done. */
export async function deleteTask(http: GraphHttp, listId: string, taskId: string, options: WriteOptions = {}): Promise<'deleted' | 'not_found'> {
  return deleteTolerant(http, taskPath(listId, taskId), ifMatchHeader(options));
}

function tasksQuery(options: ListTasksOptions) {
  return { $top: options.pageSize ?? 100, $expand: options.expand, $filter: options.filter };
}

export function ifMatchHeader(options: WriteOptions): Record<string, string> | undefined {
  return options.ifMatch ? { 'if-match': options.ifMatch } : undefined;
}
