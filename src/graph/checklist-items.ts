/** checklistItems of a task (Graph rejects them inside a task PATCH; they carry no ETag). */
import type { GraphHttp } from './http';
import { collectPages } from './paging';
import { deleteTolerant } from './todo-lists';
import { taskPath } from './todo-tasks';
import type { ChecklistItem } from './types';

export type ChecklistItemInput = Partial<Omit<ChecklistItem, 'id' | 'createdDateTime'>>;

const itemsPath = (listId: string, taskId: string) => `${taskPath(listId, taskId)}/checklistItems`;

export async function listChecklistItems(http: GraphHttp, listId: string, taskId: string): Promise<ChecklistItem[]> {
  return (await collectPages<ChecklistItem>(http, { url: itemsPath(listId, taskId) })).items;
}

export async function createChecklistItem(http: GraphHttp, listId: string, taskId: string, item: ChecklistItemInput & { displayName: string }): Promise<ChecklistItem> {
  return (await http.send<ChecklistItem>({ method: 'POST', url: itemsPath(listId, taskId), body: item })).body;
}

export async function patchChecklistItem(http: GraphHttp, listId: string, taskId: string, itemId: string, changes: ChecklistItemInput): Promise<ChecklistItem> {
  const url = `${itemsPath(listId, taskId)}/${encodeURIComponent(itemId)}`;
  return (await http.send<ChecklistItem>({ method: 'PATCH', url, body: changes })).body;
}

export async function deleteChecklistItem(http: GraphHttp, listId: string, taskId: string, itemId: string): Promise<'deleted' | 'not_found'> {
  return deleteTolerant(http, `${itemsPath(listId, taskId)}/${encodeURIComponent(itemId)}`);
}
