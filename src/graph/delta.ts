/**
 * Delta queries (docs/graph-facts.md §2):
 *  - lists delta: one cursor per user; tasks delta: one cursor per list;
 *  - the whole @odata.deltaLink URL is the cursor; every nextLink is followed;
 *  - tasks delta sends `Prefer: odata.maxpagesize` on every page and never $top;
 *  - 410 / syncStateNotFound / resyncRequired / ResourceNotFound on a stored
 *    link → DeltaResetError (drop the cursor, resync);
 *  - the 400 "Delta query is not supported by this resource" → a paged GET
 *    snapshot of the list instead (mode 'snapshot': no cursor, complete set).
 */
import { DeltaResetError, GraphError, isDeltaResetError } from './errors';
import type { GraphHttp } from './http';
import { collectPages, iteratePages, type Page, type PageRequest } from './paging';
import type { DeltaItem, TodoTask, TodoTaskList } from './types';
import { listPath } from './todo-lists';

export const DEFAULT_DELTA_PAGE_SIZE = 100;
/**
 * A task round carries each task's steps (issue 16): `$expand` goes on the first call
 * only, and the links Graph hands back keep it (docs/graph-facts.md §2).
 */
export const TASK_DELTA_EXPAND = 'checklistItems';

export interface DeltaOptions {
  /** The stored cursor (whole deltaLink URL); absent = start a full round. */
  deltaLink?: string | null;
  /** Prefer: odata.maxpagesize (tasks delta). */
  maxPageSize?: number;
}

export interface DeltaResult<T extends { id: string }> {
  mode: 'delta';
  items: DeltaItem<T>[];
  deltaLink: string;
}

export interface SnapshotResult<T> {
  mode: 'snapshot';
  items: T[];
}

export function isRemoved(item: object): item is { id: string; '@removed': { reason: string } } {
  return '@removed' in item;
}

/** Every change to the user's lists since `deltaLink` (or all lists, first round). */
export async function listsDelta(http: GraphHttp, options: DeltaOptions = {}): Promise<DeltaResult<TodoTaskList>> {
  const first: PageRequest = { url: options.deltaLink || '/me/todo/lists/delta' };
  const { items, deltaLink } = await withDeltaErrors(Boolean(options.deltaLink), () =>
    collectPages<DeltaItem<TodoTaskList>>(http, first),
  );
  return { mode: 'delta', items, deltaLink: requireDeltaLink(deltaLink, 'lists') };
}

/** Pages of one list's task delta round; the last page carries the deltaLink. */
export async function* iterateTaskDelta(
  http: GraphHttp,
  listId: string,
  options: DeltaOptions = {},
): AsyncGenerator<Page<DeltaItem<TodoTask>>> {
  const stored = Boolean(options.deltaLink);
  const first: PageRequest = {
    url: options.deltaLink || `${listPath(listId)}/tasks/delta`,
    ...(options.deltaLink ? {} : { query: { $expand: TASK_DELTA_EXPAND } }),
    headers: { prefer: `odata.maxpagesize=${options.maxPageSize ?? DEFAULT_DELTA_PAGE_SIZE}` },
  };
  const pages = iteratePages<DeltaItem<TodoTask>>(http, first);
  for (;;) {
    const next = await withDeltaErrors(stored, () => pages.next());
    if (next.done) return;
    yield next.value;
  }
}

/** One whole task delta round, or a paged snapshot where delta is not supported. */
export async function taskDelta(
  http: GraphHttp,
  listId: string,
  options: DeltaOptions = {},
): Promise<DeltaResult<TodoTask> | SnapshotResult<TodoTask>> {
  try {
    const items: DeltaItem<TodoTask>[] = [];
    let deltaLink: string | undefined;
    for await (const page of iterateTaskDelta(http, listId, options)) {
      items.push(...page.items);
      deltaLink = page.deltaLink ?? deltaLink;
    }
    return { mode: 'delta', items, deltaLink: requireDeltaLink(deltaLink, 'tasks') };
  } catch (error) {
    if (!isDeltaNotSupported(error)) throw error;
    const { items } = await collectPages<TodoTask>(http, {
      url: `${listPath(listId)}/tasks`,
      query: { $top: options.maxPageSize ?? DEFAULT_DELTA_PAGE_SIZE, $expand: TASK_DELTA_EXPAND },
    });
    return { mode: 'snapshot', items };
  }
}

/** The 400 some mailboxes answer to tasks delta (docs/graph-facts.md §2). */
export function isDeltaNotSupported(error: unknown): boolean {
  return error instanceof GraphError && error.status === 400 && /delta query is not supported/i.test(error.message);
}

async function withDeltaErrors<T>(followingStoredLink: boolean, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (error instanceof GraphError && isDeltaResetError(error, followingStoredLink)) {
      throw new DeltaResetError(`${error.status} ${error.code}: ${error.message}`, error.options.location);
    }
    if (error instanceof GraphError && error.code === 'foreignLink' && followingStoredLink) {
      throw new DeltaResetError('Stored delta link points at another Graph host');
    }
    throw error;
  }
}

function requireDeltaLink(deltaLink: string | undefined, what: string): string {
  if (!deltaLink) throw new GraphError(502, 'missingDeltaLink', `The ${what} delta round ended without an @odata.deltaLink`);
  return deltaLink;
}
