/**
 * The Inbox moves to another To Do list (issue 16 §5, decision 0060): the setting
 * inbox_list changed between 'planner-inbox' (a list of Planner's own, "Planner Inbox")
 * and 'todo-default' (To Do's built-in "Tasks"). A `project_sync` job without a project,
 * reason 'inbox-list', queued by the settings service:
 *
 *  1. a last pull of the current list: what To Do put there reaches the Inbox first;
 *  2. the target list: "Tasks", or an unclaimed "Planner Inbox", else a new one;
 *  3. the default mapping moves to it (compare-and-swap), the former list is left out
 *     (it never becomes a project);
 *  4. every Inbox task whose copy is in the former list gets an `update` job: the push
 *     engine sees the copy in another list than the Inbox's and moves it (create, then
 *     delete: row push.move), so nothing is left behind or doubled. The new list's own
 *     tasks come in with its first pull (a complete round).
 */
import { findDefaultMapping, forgetLeftOutList, leaveOutLists, listMappedListIds, swapDefaultMappingList } from '../../db/list-mappings-repository';
import { setDefaultListId } from '../../db/connections-repository';
import { linkedTasksOfList } from '../../db/sync-state-repository';
import { findUserSettings } from '../../db/user-settings-repository';
import { enqueueTaskSyncJob, JOB_PRIORITY } from '../../jobs/queue';
import { completed, deferred, skipped, type JobOutcome } from '../../jobs/types';
import type { TodoTaskList } from '../../graph';
import { DEFAULT_LIST_NAME, fetchLiveLists, findReusableList } from '../outlook/list-links';
import { runFullSync } from '../pull/pull-full-sync';
import type { SyncContext } from '../sync-context';

export const INBOX_SWITCH_REASON = 'inbox-list';

export async function switchInboxList(ctx: SyncContext): Promise<JobOutcome> {
  const { db, userId } = ctx;
  const [settings, mapping] = await Promise.all([findUserSettings(db, userId), findDefaultMapping(db, userId)]);
  if (!mapping) return skipped('Outlook is not connected: the choice applies when it connects');
  const live = await fetchLiveLists(ctx.graph);
  const current = live.lists.find((l) => l.id === mapping.graph_list_id);
  const wantsTasks = settings.inbox_list === 'todo-default';
  if (current && (current.wellknownListName === 'defaultList') === wantsTasks) return completed({ listId: current.id, switched: false });
  if (current) await runFullSync(ctx, { lists: [current.id] });
  const claimed = new Set(await listMappedListIds(db, userId));
  const target = wantsTasks ? live.lists.find((l) => l.wellknownListName === 'defaultList') : await plannerInboxList(ctx, live.lists, claimed);
  if (!target) return skipped('this mailbox has no "Tasks" list');
  const moved = await db.transaction().execute(async (tx) => {
    if (!(await swapDefaultMappingList(tx, mapping.id, mapping.graph_list_id, target))) return false;
    await setDefaultListId(tx, userId, target.id);
    await leaveOutLists(tx, userId, [mapping.graph_list_id], 'former-inbox');
    await forgetLeftOutList(tx, userId, target.id);
    return true;
  });
  if (!moved) return deferred(new Date(ctx.now().getTime() + 1000), 'the Inbox\'s list changed meanwhile: trying again');
  const copies = (await linkedTasksOfList(db, userId, mapping.graph_list_id)).filter((t) => t.deleted_at === null);
  for (const copy of copies) {
    await enqueueTaskSyncJob(db, { userId, action: 'update', taskId: copy.task_id, priority: JOB_PRIORITY.bulk, payload: { reason: INBOX_SWITCH_REASON } }, ctx);
  }
  await enqueueTaskSyncJob(db, { userId, action: 'full_sync', payload: { reason: INBOX_SWITCH_REASON } }, ctx);
  ctx.log.info({ from: mapping.graph_list_id, to: target.id, moving: copies.length }, 'the Inbox moved to another To Do list');
  return completed({ listId: target.id, previousListId: mapping.graph_list_id, switched: true, moving: copies.length });
}

async function plannerInboxList(ctx: SyncContext, lists: TodoTaskList[], claimed: Set<string>): Promise<TodoTaskList> {
  return findReusableList(lists, DEFAULT_LIST_NAME, claimed) ?? (await ctx.graph.lists.create(DEFAULT_LIST_NAME));
}
