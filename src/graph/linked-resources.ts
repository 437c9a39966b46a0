/**
 * linkedResources: the link from a To Do task back to its Planner task. Its
 * `externalId` (our task id) is how a retried create finds the task it already
 * made instead of making a second one.
 */
import type { GraphHttp } from './http';
import { collectPages } from './paging';
import { iterateTasks, taskPath } from './todo-tasks';
import type { LinkedResource, TodoTask } from './types';

export type LinkedResourceInput = Omit<LinkedResource, 'id'>;

export async function createLinkedResource(
  http: GraphHttp,
  listId: string,
  taskId: string,
  resource: LinkedResourceInput,
): Promise<LinkedResource> {
  return (await http.send<LinkedResource>({ method: 'POST', url: `${taskPath(listId, taskId)}/linkedResources`, body: resource })).body;
}

export async function updateLinkedResource(
  http: GraphHttp,
  listId: string,
  taskId: string,
  resourceId: string,
  changes: Partial<LinkedResourceInput>,
): Promise<LinkedResource> {
  return (await http.send<LinkedResource>({ method: 'PATCH', url: `${taskPath(listId, taskId)}/linkedResources/${encodeURIComponent(resourceId)}`, body: changes })).body;
}

export async function listLinkedResources(http: GraphHttp, listId: string, taskId: string): Promise<LinkedResource[]> {
  return (await collectPages<LinkedResource>(http, { url: `${taskPath(listId, taskId)}/linkedResources` })).items;
}

/**
 * The task of `listId` carrying a linkedResource with this externalId, or null.
 * Pages through the list with $expand=linkedResources (Graph documents no
 * filter on linkedResources), stopping at the first match.
 */
export async function findTaskByLinkedExternalId(http: GraphHttp, listId: string, externalId: string): Promise<TodoTask | null> {
  for await (const page of iterateTasks(http, listId, { expand: 'linkedResources' })) {
    const match = page.items.find((task) => task.linkedResources?.some((r) => r.externalId === externalId));
    if (match) return match;
  }
  return null;
}
