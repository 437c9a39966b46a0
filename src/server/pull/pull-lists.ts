/**
 * The lists half of full_sync (guide §6.4, §11; graph-facts §2): one lists delta
 * round on the user's cursor (outlook_connections.delta_token, the whole
 * deltaLink). To Do has no subscription for lists, so this is how Planner hears
 * of renamed and deleted lists.
 *
 *  - renamed → planListMetasync: graph_list_name follows Outlook; the project is
 *    renamed only while its name still equals the old list name; closed projects
 *    ignore it;
 *  - @removed → the list is gone: returned to the caller, which re-provisions it
 *    (or archives the mapping of a closed project);
 *  - a list Planner does not map is ignored (decision 0027: Planner projects make
 *    lists, never the reverse);
 *  - a dead cursor (DeltaResetError) is dropped and a fresh round read. A fresh
 *    round only lists what exists, so nothing is inferred from a list's absence;
 *    a deleted list is then found by its task delta answering 404.
 */
import { DeltaResetError, isRemoved, type DeltaResult, type TodoTaskList } from '../../graph';
import { renameProjectFromRemote } from '../../db/projects-repository';
import { planListMetasync } from '../../sync/list-metasync';
import type { PullContext } from './pull-context';
import { type PulledList, activeLists, setGraphListName } from '../../db/list-mappings-repository';
import { readListsCursor, saveListsCursor } from '../../db/connections-repository';

export interface ListsRound {
  /** graph_list_id of mapped lists that lists delta reported @removed. */
  removedListIds: Set<string>;
  /** The cursor to save; null when the round was not read (a pull aimed at some lists, between lists deltas). */
  deltaLink: string | null;
}

/** Reads the lists delta and applies renames. The cursor is saved by `saveListsRound` after the run. */
export async function pullListChanges(ctx: PullContext): Promise<ListsRound> {
  const db = ctx.db;
  const round = await readListsDelta(ctx, await readListsCursor(db, ctx.userId));
  const byGraphId = new Map((await activeLists(db, ctx.userId)).map((l) => [l.graphListId, l]));
  const removedListIds = new Set<string>();
  for (const item of round.items) {
    const list = byGraphId.get(item.id);
    if (!list) continue;
    if (isRemoved(item)) removedListIds.add(list.graphListId);
    else if (typeof item.displayName === 'string') await applyListName(ctx, list, item.displayName);
  }
  return { removedListIds, deltaLink: round.deltaLink };
}

export async function saveListsRound(ctx: PullContext, round: ListsRound): Promise<void> {
  if (round.deltaLink !== null) await saveListsCursor(ctx.db, ctx.userId, round.deltaLink);
}

async function readListsDelta(ctx: PullContext, cursor: string | null): Promise<DeltaResult<TodoTaskList>> {
  try {
    return await ctx.graph.lists.delta({ deltaLink: cursor });
  } catch (error) {
    if (!(error instanceof DeltaResetError) || !cursor) throw error;
    ctx.log.warn({ reason: error.message }, 'lists delta cursor reset: reading a fresh round');
    await saveListsCursor(ctx.db, ctx.userId, null);
    return ctx.graph.lists.delta();
  }
}

/** guide §11 "List rename in Outlook", through the pure metasync table. */
async function applyListName(ctx: PullContext, list: PulledList, remoteName: string): Promise<void> {
  const actions = planListMetasync({ baseListName: list.graphListName, remoteListName: remoteName, project: list.project });
  const db = ctx.db;
  for (const action of actions) {
    if (action.kind === 'set-graph-list-name') {
      await setGraphListName(db, list.id, action.name);
      ctx.summary.listsRenamed++;
    } else if (action.kind === 'rename-project' && list.projectId) {
      await renameProjectFromRemote(db, list.projectId, action.name);
      ctx.summary.projectsRenamed++;
      ctx.log.info({ projectId: list.projectId }, 'project renamed to follow its To Do list');
    }
  }
}
