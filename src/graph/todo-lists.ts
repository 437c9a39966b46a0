/**
 * To Do lists. Never infer a deletion from `listTodoLists` (it can come back
 * incomplete): list discovery and deletion go through lists delta.
 */
import type { GraphHttp } from './http';
import { collectPages } from './paging';
import type { TodoTaskList } from './types';

export const listPath = (listId: string) => `/me/todo/lists/${encodeURIComponent(listId)}`;

export async function listTodoLists(http: GraphHttp): Promise<TodoTaskList[]> {
  return (await collectPages<TodoTaskList>(http, { url: '/me/todo/lists' })).items;
}

export async function getTodoList(http: GraphHttp, listId: string): Promise<TodoTaskList> {
  return (await http.send<TodoTaskList>({ method: 'GET', url: listPath(listId) })).body;
}

export async function createTodoList(http: GraphHttp, displayName: string): Promise<TodoTaskList> {
  return (await http.send<TodoTaskList>({ method: 'POST', url: '/me/todo/lists', body: { displayName } })).body;
}

export async function renameTodoList(http: GraphHttp, listId: string, displayName: string): Promise<TodoTaskList> {
  return (await http.send<TodoTaskList>({ method: 'PATCH', url: listPath(listId), body: { displayName } })).body;
}

/** Deletes a list; 'not_found' when it was already gone. */
export async function deleteTodoList(http: GraphHttp, listId: string): Promise<'deleted' | 'not_found'> {
  return deleteTolerant(http, listPath(listId));
}

/** DELETE where 404 counts as done. */
export async function deleteTolerant(http: GraphHttp, url: string, headers?: Record<string, string>): Promise<'deleted' | 'not_found'> {
  try {
    await http.send({ method: 'DELETE', url, headers });
    return 'deleted';
  } catch (error) {
    if ((error as { status?: number }).status === 404) return 'not_found';
    throw error;
  }
}
