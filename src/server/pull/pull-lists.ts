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
 *  - a list Planner neither maps nor left out is new (decision 0060, table NEW_LIST_TABLE):
 *    a list someone made in To Do becomes a project of its name (origin 'todo') whose
 *    tasks this same run pulls and whose subscription it creates; built-in lists never;
 *    with the setting off, or under a taken name, it is left out for good;
 *  - a dead cursor (DeltaResetError) is dropped and a fresh round read. A fresh
 *    round only lists what exists, so nothing is inferred from a list's absence;
 *    a deleted list is then found by its task delta answering 404.
 */
import { DeltaResetError, isRemoved, type DeltaResult, type TodoTaskList } from '../../graph';
import { insertProjectFromRemote, listProjectNames, renameProjectFromRemote } from '../../db/projects-repository';
import { PROJECT_NAME_MAX_CHARS, planListMetasync } from '../../sync/list-metasync';
import { decideNewList } from '../../sync/plan/lists';
import type { PullContext } from './pull-context';
import { DEFAULT_LIST_NAME, sameListName } from '../outlook/list-links';
import {
  type PulledList,
  activeLists,
  forgetLeftOutList,
  insertMapping,
  knownListIds,
  leaveOutLists,
  setGraphListName,
} from '../../db/list-mappings-repository';
import { readListsCursor, saveListsCursor } from '../../db/connections-repository';
import { findUserSettings } from '../../db/user-settings-repository';

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
  const unmapped: TodoTaskList[] = [];
  for (const item of round.items) {
    const list = byGraphId.get(item.id);
    if (!list) {
      if (isRemoved(item)) await forgetLeftOutList(db, ctx.userId, item.id);
      else if (typeof item.displayName === 'string') unmapped.push(item as TodoTaskList);
      continue;
    }
    if (isRemoved(item)) removedListIds.add(list.graphListId);
    else if (typeof item.displayName === 'string') await applyListName(ctx, list, item.displayName);
  }
  if (unmapped.length > 0) await takeInNewLists(ctx, unmapped);
  return { removedListIds, deltaLink: round.deltaLink };
}

/** Lists the delta reports that no active mapping holds: new ones become projects or are left out (NEW_LIST_TABLE). */
async function takeInNewLists(ctx: PullContext, lists: TodoTaskList[]): Promise<void> {
  const { db, userId } = ctx;
  const [known, settings, projectNames] = await Promise.all([knownListIds(db, userId), findUserSettings(db, userId), listProjectNames(db, userId)]);
  const takenNames = [...projectNames, DEFAULT_LIST_NAME];
  for (const list of lists) {
    const decision = decideNewList({
      known: known.has(list.id),
      builtIn: (list.wellknownListName ?? 'none') !== 'none',
      listsBecomeProjects: settings.lists_become_projects,
      nameTaken: takenNames.some((name) => sameListName(name, list.displayName)),
    });
    if (decision.action === 'leave-out') {
      await leaveOutLists(db, userId, [list.id], decision.rowId === 'list-new.setting-off' ? 'setting-off' : 'name-taken');
    } else if (decision.action === 'adopt-as-project') {
      await adoptList(ctx, list);
      takenNames.push(list.displayName);
    }
  }
}

/** The project and its mapping commit together; a list mapped meanwhile (unique on user + list) adopts nothing. */
async function adoptList(ctx: PullContext, list: TodoTaskList): Promise<void> {
  const name = list.displayName.trim().slice(0, PROJECT_NAME_MAX_CHARS).trim() || 'Untitled list';
  try {
    const project = await ctx.db.transaction().execute(async (tx) => {
      const made = await insertProjectFromRemote(tx, { userId: ctx.userId, name });
      await insertMapping(tx, { user_id: ctx.userId, project_id: made.id, is_default: false, graph_list_id: list.id, graph_list_name: list.displayName });
      return made;
    });
    ctx.summary.projectsAdopted++;
    ctx.log.info({ projectId: project.id, rule: 'list-new.adopt' }, 'a list made in To Do became a project');
  } catch (error) {
    if ((error as { code?: string }).code !== '23505') throw error;
    ctx.log.info({ rule: 'list-new.adopt' }, 'the new list was mapped meanwhile: nothing adopted');
  }
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
