/**
 * The `project_delete` job (guide §6.5): the project and its tasks are gone from
 * Planner, so its To Do list goes too: the list's Graph subscription, the list
 * itself (404 = already gone), the mapping row and its tasks' sync state. The ids
 * come from the job payload, since the project row (and with it the mapping's
 * project_id) is already gone. The default list is never deleted.
 */
import { deleteSyncStatesOfList } from '../../db/sync-state-repository';
import { completed, type JobOutcome } from '../../jobs/types';
import type { PushContext } from './push-deps';

export interface ProjectDeleteInput {
  projectId: string | null;
  /** payload.graphListId: the project's list when it was deleted, if it had one. */
  graphListId: string | null;
}

export async function deleteProjectList(pc: PushContext, input: ProjectDeleteInput): Promise<JobOutcome> {
  const db = pc.deps.outlook.db;
  const mapping = await findMapping(pc, input);
  const listId = mapping?.graph_list_id ?? input.graphListId;
  if (!listId) return completed({ list: 'none' });
  if (mapping?.is_default) return completed({ list: 'default list kept' });
  if (mapping?.subscription_id) await pc.graph.subscriptions.delete(mapping.subscription_id);
  const list = mapping?.is_active === false ? 'archived before' : await pc.graph.lists.delete(listId);
  const forgotten = await db.transaction().execute(async (tx) => {
    if (mapping) await tx.deleteFrom('project_outlook_lists').where('id', '=', mapping.id).execute();
    return deleteSyncStatesOfList(tx, pc.userId, listId);
  });
  pc.log.info({ projectId: input.projectId, listId, list, forgottenTasks: forgotten }, 'deleted project: To Do list removed');
  return completed({ listId, list, forgottenTasks: forgotten });
}

/** The mapping by the payload's list id, else by project id (a project deleted before its row lost the link). */
async function findMapping(pc: PushContext, input: ProjectDeleteInput) {
  const db = pc.deps.outlook.db;
  if (input.graphListId) {
    return db
      .selectFrom('project_outlook_lists')
      .selectAll()
      .where('user_id', '=', pc.userId)
      .where('graph_list_id', '=', input.graphListId)
      .executeTakeFirst();
  }
  if (!input.projectId) return undefined;
  return db.selectFrom('project_outlook_lists').selectAll().where('project_id', '=', input.projectId).executeTakeFirst();
}
