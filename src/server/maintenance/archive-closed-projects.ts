/**
 * archiveClosedProjects (guide §8 `scripts/archive-closed-projects.mjs`): for every
 * Completed/Cancelled project that still has a live To Do list, delete the list in
 * Microsoft (and its subscription), mark the mapping inactive and forget its tasks'
 * sync state — the push engine's archiveProjectList, the same as a project_sync
 * does. Then remove leftover per-task sync state of closed projects and clean dead
 * queue entries: failed or pending jobs of closed projects' tasks, of tasks that no
 * longer exist, and of users who are no longer connected.
 * A user whose connection needs reconnecting is skipped and reported.
 */
import type { Logger } from 'pino';
import { getEnv } from '../../config/env';
import type { Db } from '../../db/client';
import {
  countClosedProjectSyncStates,
  countDeadJobs,
  deleteClosedProjectSyncStates,
  deleteDeadJobs,
  listActiveListsOfClosedProjects,
  type ClosedProjectList,
} from '../../db/maintenance-repository';
import { NeedsReconnectError } from '../../graph';
import { outlookDepsFromEnv, type OutlookDeps } from '../outlook';
import { archiveProjectList } from '../push/push-project';
import { syncContextFor } from '../sync-context';

export interface ArchiveOptions {
  dryRun?: boolean;
  /** The Outlook deps (tests); default: the environment's. */
  deps?: OutlookDeps;
  onList?: (event: { index: number; total: number; projectName: string; listName: string; outcome: ArchiveOutcome }) => void;
}

export type ArchiveOutcome = 'archived' | 'would_archive' | 'needs_reconnect' | 'failed';

export interface ArchiveSummary {
  dryRun: boolean;
  closedProjectLists: number;
  listsArchived: number;
  usersNeedingReconnect: number;
  failed: number;
  syncStatesRemoved: number;
  deadJobsRemoved: number;
  errors: { projectId: string; error: string }[];
}

export async function archiveClosedProjects(db: Db, options: ArchiveOptions = {}): Promise<ArchiveSummary> {
  const deps = options.deps ?? outlookDepsFromEnv(getEnv(), db);
  const lists = await listActiveListsOfClosedProjects(deps.db);
  const summary: ArchiveSummary = {
    dryRun: Boolean(options.dryRun),
    closedProjectLists: lists.length,
    listsArchived: 0,
    usersNeedingReconnect: 0,
    failed: 0,
    syncStatesRemoved: 0,
    deadJobsRemoved: 0,
    errors: [],
  };
  const log = deps.log.child({ step: 'archive_closed_projects' });
  for (const [i, list] of lists.entries()) {
    const outcome = options.dryRun ? 'would_archive' : await archiveOne(deps, list, summary, log);
    options.onList?.({ index: i + 1, total: lists.length, projectName: list.project_name, listName: list.graph_list_name, outcome });
  }
  if (!options.dryRun) {
    summary.syncStatesRemoved = await deleteClosedProjectSyncStates(deps.db);
    summary.deadJobsRemoved = await deleteDeadJobs(deps.db);
  } else {
    summary.syncStatesRemoved = await countClosedProjectSyncStates(deps.db);
    summary.deadJobsRemoved = await countDeadJobs(deps.db);
  }
  return summary;
}

async function archiveOne(deps: OutlookDeps, list: ClosedProjectList, summary: ArchiveSummary, log: Logger): Promise<ArchiveOutcome> {
  try {
    await archiveProjectList(await syncContextFor(deps, list.user_id, log), list);
    summary.listsArchived++;
    return 'archived';
  } catch (error) {
    if (error instanceof NeedsReconnectError) {
      summary.usersNeedingReconnect++;
      return 'needs_reconnect';
    }
    summary.failed++;
    summary.errors.push({ projectId: list.project_id!, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) });
    return 'failed';
  }
}
