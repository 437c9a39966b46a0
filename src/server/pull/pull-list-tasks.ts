/**
 * Reads one list's task changes (graph-facts §2): the stored whole deltaLink
 * (project_outlook_lists.delta_token), Prefer: odata.maxpagesize and every
 * nextLink are the Graph client's business; it also falls back to a paged GET
 * when the mailbox answers "Delta query is not supported".
 *
 *  - DeltaResetError (410, syncStateNotFound, resyncRequired, ResourceNotFound on
 *    the stored link) → the cursor is dropped and a complete round is read;
 *  - 404 → the list is gone (deleted in Outlook);
 *  - a complete round that comes back empty while tasks are linked to the list is
 *    confirmed with a GET of the list (Graph may answer a deleted list's delta
 *    with an empty 200).
 */
import { DeltaResetError, GraphError, isRemoved, type DeltaItem, type TodoTask } from '../../graph';
import { listExists } from '../outlook';
import type { PullContext } from './pull-context';
import { remoteItemOf, type RemoteItem } from './pull-fields';
import { linkedTasksOfList } from '../../db/sync-state-repository';
import { type PulledList, saveTaskCursor } from '../../db/list-mappings-repository';

export interface ListChanges {
  kind: 'changes';
  list: PulledList;
  /** 'delta' = changes since the cursor; 'complete' = every task of the list (first round, reset or snapshot). */
  mode: 'delta' | 'complete';
  /** The cursor came back dead and was dropped. */
  reset: boolean;
  present: RemoteItem[];
  removedIds: string[];
  /** The cursor to save once applied (null: no cursor, e.g. the paged-GET fallback). */
  deltaLink: string | null;
}

export type ListFetch = ListChanges | { kind: 'gone'; list: PulledList };

export async function fetchListChanges(ctx: PullContext, list: PulledList): Promise<ListFetch> {
  try {
    return await readRound(ctx, list, list.deltaLink, false);
  } catch (error) {
    if (error instanceof DeltaResetError && list.deltaLink) return readAfterReset(ctx, list, error);
    if (isNotFound(error)) return { kind: 'gone', list };
    throw error;
  }
}

async function readAfterReset(ctx: PullContext, list: PulledList, error: DeltaResetError): Promise<ListFetch> {
  ctx.log.warn({ listId: list.graphListId, reason: error.message }, 'task delta cursor reset: resyncing the list');
  ctx.summary.listsReset++;
  await saveTaskCursor(ctx.db, list.id, null);
  try {
    return await readRound(ctx, list, null, true);
  } catch (second) {
    if (isNotFound(second) || second instanceof DeltaResetError) return { kind: 'gone', list };
    throw second;
  }
}

async function readRound(ctx: PullContext, list: PulledList, deltaLink: string | null, reset: boolean): Promise<ListFetch> {
  const round = await ctx.graph.tasks.delta(list.graphListId, { deltaLink });
  const complete = !deltaLink || round.mode === 'snapshot';
  const items = round.items as DeltaItem<TodoTask>[];
  const changes: ListChanges = {
    kind: 'changes',
    list,
    mode: complete ? 'complete' : 'delta',
    reset,
    present: presentItems(items),
    removedIds: items.filter((i) => isRemoved(i)).map((i) => i.id),
    deltaLink: round.mode === 'delta' ? round.deltaLink : null,
  };
  if (complete && changes.present.length === 0 && (await hasLinkedTasks(ctx, list)) && !(await listExists(ctx.graph, list.graphListId))) {
    return { kind: 'gone', list };
  }
  return changes;
}

function presentItems(items: DeltaItem<TodoTask>[]): RemoteItem[] {
  const byId = new Map<string, RemoteItem>();
  for (const raw of items) {
    if (isRemoved(raw)) continue;
    const item = remoteItemOf(raw);
    if (item) byId.set(item.graphTaskId, item); // a replayed item: the later one wins
  }
  return [...byId.values()];
}

async function hasLinkedTasks(ctx: PullContext, list: PulledList): Promise<boolean> {
  return (await linkedTasksOfList(ctx.db, ctx.userId, list.graphListId)).some((t) => t.deleted_at === null);
}

function isNotFound(error: unknown): boolean {
  return error instanceof GraphError && error.status === 404;
}
