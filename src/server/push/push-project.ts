/**
 * The `project_sync` job (guide §6.5, §11; decision 0024): a project's To Do list
 * follows the project.
 *
 *   closed (Completed/Cancelled) with an active list → archive it: delete its Graph
 *       subscription and the list in Outlook, mapping is_active = false, forget its
 *       tasks' sync state (their jobs complete as skipped from now on)
 *   closed without a list                           → skipped
 *   open                                             → ensureProjectList (provisions
 *       the list of a new or reopened project, re-provisions one deleted in Outlook),
 *       apply the list-name metasync (a Planner rename renames the list), then push
 *       the open tasks that have no copy in the list, one bulk slice per job
 */
import type { ProjectOutlookList } from '../../db/schema';
import { findProjectById, findProjectListLink, renameProjectFromRemote } from '../../db/projects-repository';
import { deleteSyncStatesOfList } from '../../db/sync-state-repository';
import { completed, skipped, type JobOutcome } from '../../jobs/types';
import { planListMetasync, type ListMetasyncAction } from '../../sync/list-metasync';
import { isProjectClosed } from '../../sync/project-lifecycle';
import { runFullSync } from '../pull/pull-full-sync';
import type { SyncContext } from '../sync-context';
import { resolveTaskList } from './push-lists';
import { pushOpenTasksSlice } from './push-open-tasks';
import { INBOX_SWITCH_REASON, switchInboxList } from './push-inbox-switch';
import { deactivateList, setGraphListName } from '../../db/list-mappings-repository';

export interface ProjectSyncInput {
  projectId: string | null;
  /** payload.reason: 'create' | 'rename' | 'status' | 'push-open-tasks' | 'inbox-list' (the Inbox moves to another list). */
  reason?: string;
  deadline?: Date;
}

/** Reasons that mean the project was named in Planner, so its name goes to Outlook. */
const PLANNER_NAMED = new Set(['create', 'rename']);

export async function syncProjectList(ctx: SyncContext, input: ProjectSyncInput): Promise<JobOutcome> {
  if (input.projectId === null && input.reason === INBOX_SWITCH_REASON) return switchInboxList(ctx);
  if (input.projectId === null) return pushInboxTasks(ctx, input);
  const project = await findProjectById(ctx.db, input.projectId);
  if (!project || project.user_id !== ctx.userId) return skipped('project no longer exists');
  const mapping = await findProjectListLink(ctx.db, project.id);
  if (isProjectClosed(project.status)) {
    if (!mapping?.is_active) return skipped(`project is ${project.status}: it has no To Do list`);
    return completed({ archived: await archiveProjectList(ctx, mapping) });
  }
  const target = await resolveTaskList(ctx, project.id);
  if (target.kind !== 'list') return skipped(target.kind === 'closed' ? `project is ${target.projectStatus}` : 'project no longer exists');
  const renames = await applyListMetasync(ctx, project.id, input.reason, target.liveName);
  const pushed = await pushOpenTasksSlice(ctx, { projectId: project.id, listId: target.listId, deadline: input.deadline });
  return completed({ listId: target.listId, provisioned: target.provisioned, renames, pushed });
}

/** project_sync without a project: push the Inbox's unsynced open tasks to the default list. */
async function pushInboxTasks(ctx: SyncContext, input: ProjectSyncInput): Promise<JobOutcome> {
  const target = await resolveTaskList(ctx, null);
  if (target.kind !== 'list') return skipped('no default list');
  const pushed = await pushOpenTasksSlice(ctx, { projectId: null, listId: target.listId, deadline: input.deadline });
  return completed({ listId: target.listId, pushed });
}

/**
 * Archives a closed project's list. First a last pull of it (what Outlook put in the
 * list before the close, e.g. a task moved into it there, lands in the project instead
 * of being deleted with the list). Then the subscription (a notification for a deleted
 * list is useless), the list (404 = already gone) and the rows. Returns the list id.
 */
export async function archiveProjectList(ctx: SyncContext, mapping: ProjectOutlookList): Promise<string> {
  if (mapping.project_id) {
    await runFullSync(ctx, { closingProjectId: mapping.project_id });
  }
  if (mapping.subscription_id) await ctx.graph.subscriptions.delete(mapping.subscription_id);
  const list = await ctx.graph.lists.delete(mapping.graph_list_id);
  const forgotten = await ctx.db.transaction().execute(async (tx) => {
    await deactivateList(tx, mapping.id);
    return deleteSyncStatesOfList(tx, ctx.userId, mapping.graph_list_id);
  });
  ctx.log.info({ projectId: mapping.project_id, listId: mapping.graph_list_id, list, forgottenTasks: forgotten }, 'closed project: To Do list archived');
  return mapping.graph_list_id;
}

/**
 * Brings the list name, its base and the project name in step (list-metasync.ts). The
 * list's name in Outlook comes from the GET that just confirmed the list, when there was one.
 */
async function applyListMetasync(ctx: SyncContext, projectId: string, reason: string | undefined, liveName: string | null): Promise<ListMetasyncAction[]> {
  const mapping = await findProjectListLink(ctx.db, projectId);
  const project = await findProjectById(ctx.db, projectId);
  if (!mapping || !project) return [];
  const remoteListName = liveName ?? (await ctx.graph.lists.get(mapping.graph_list_id)).displayName;
  const actions = planListMetasync({
    baseListName: mapping.graph_list_name,
    remoteListName,
    project: { name: project.name, status: project.status },
    plannerRename: PLANNER_NAMED.has(reason ?? ''),
  });
  for (const action of actions) await applyMetasyncAction(ctx, mapping, action);
  return actions;
}

async function applyMetasyncAction(ctx: SyncContext, mapping: ProjectOutlookList, action: ListMetasyncAction): Promise<void> {
  const db = ctx.db;
  if (action.kind === 'rename-remote-list') await ctx.graph.lists.rename(mapping.graph_list_id, action.name);
  else if (action.kind === 'set-graph-list-name') {
    await setGraphListName(db, mapping.id, action.name);
  } else if (mapping.project_id) await renameProjectFromRemote(db, mapping.project_id, action.name);
}
