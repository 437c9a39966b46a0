/**
 * What one full_sync knows while applying changes: the context, the user's active
 * lists by Graph id, and the status of projects (cached: closed projects ignore
 * incoming changes, guide §6.5).
 */
import type { ProjectStatus } from '../../db/schema';
import { findProjectById } from '../../db/projects-repository';
import { acceptsIncomingChanges } from '../../sync/project-lifecycle';
import type { PullContext } from './pull-context';
import { type PulledList } from '../../db/list-mappings-repository';

export interface PullRun {
  ctx: PullContext;
  listsByGraphId: Map<string, PulledList>;
  /** Does a task in this project (null = Inbox) take changes from To Do? */
  acceptsChanges(projectId: string | null): Promise<boolean>;
  /** The project a To Do list stands for (null = Inbox); undefined when the list is not mapped. */
  projectOfList(graphListId: string | null): string | null | undefined;
}

export function createPullRun(ctx: PullContext, lists: PulledList[]): PullRun {
  const listsByGraphId = new Map(lists.map((l) => [l.graphListId, l]));
  const statuses = new Map<string, ProjectStatus | null>();
  return {
    ctx,
    listsByGraphId,
    async acceptsChanges(projectId) {
      if (projectId === null || projectId === ctx.options.closingProjectId) return true;
      if (!statuses.has(projectId)) {
        const project = await findProjectById(ctx.db, projectId);
        statuses.set(projectId, project?.status ?? null);
      }
      const status = statuses.get(projectId);
      return status !== null && status !== undefined && acceptsIncomingChanges(status);
    },
    projectOfList(graphListId) {
      if (graphListId === null) return undefined;
      const list = listsByGraphId.get(graphListId);
      return list ? list.projectId : undefined;
    },
  };
}
