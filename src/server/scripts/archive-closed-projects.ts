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
import { sql } from 'kysely';
import { getEnv } from '../../config/env';
import type { Db } from '../../db/client';
import type { ProjectOutlookList } from '../../db/schema';
import { NeedsReconnectError } from '../../graph';
import { outlookDepsFromEnv, type OutlookDeps } from '../outlook';
import { pushContextFor } from '../sync/push-deps';
import { archiveProjectList } from '../sync/push-project';

export interface ArchiveOptions {
  dryRun?: boolean;
  deps?: OutlookDeps;
  appUrl?: string;
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
  const lists = await closedProjectLists(deps.db);
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
    const outcome = options.dryRun ? 'would_archive' : await archiveOne(deps, options.appUrl ?? getEnv().NEXTAUTH_URL, list, summary, log);
    options.onList?.({ index: i + 1, total: lists.length, projectName: list.project_name, listName: list.graph_list_name, outcome });
  }
  if (!options.dryRun) {
    summary.syncStatesRemoved = await removeClosedProjectSyncState(deps.db);
    summary.deadJobsRemoved = await removeDeadJobs(deps.db);
  } else {
    summary.syncStatesRemoved = await countClosedProjectSyncState(deps.db);
    summary.deadJobsRemoved = await countDeadJobs(deps.db);
  }
  return summary;
}

type ClosedList = ProjectOutlookList & { project_name: string };

async function closedProjectLists(db: Db): Promise<ClosedList[]> {
  return db
    .selectFrom('project_outlook_lists as l')
    .innerJoin('projects as p', 'p.id', 'l.project_id')
    .selectAll('l')
    .select('p.name as project_name')
    .where('l.is_active', '=', true)
    .where('p.status', 'in', ['Completed', 'Cancelled'])
    .orderBy('l.user_id')
    .orderBy('p.name')
    .execute();
}

async function archiveOne(deps: OutlookDeps, appUrl: string, list: ClosedList, summary: ArchiveSummary, log: Logger): Promise<ArchiveOutcome> {
  try {
    const pc = await pushContextFor({ outlook: deps, appUrl }, list.user_id, log);
    await archiveProjectList(pc, list);
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

const closedProjectTasks = (db: Db) =>
  db
    .selectFrom('tasks as t')
    .innerJoin('projects as p', 'p.id', 't.project_id')
    .select('t.id')
    .where('p.status', 'in', ['Completed', 'Cancelled']);

/** Sync state of closed projects' tasks whose list is no longer active (nothing will sync them). */
function closedSyncStateQuery(db: Db) {
  return db
    .selectFrom('task_sync_state as s')
    .select('s.task_id')
    .where('s.task_id', 'in', closedProjectTasks(db))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('project_outlook_lists as l').select('l.id').whereRef('l.graph_list_id', '=', 's.graph_list_id').whereRef('l.user_id', '=', 's.user_id').where('l.is_active', '=', true),
        ),
      ),
    );
}

async function removeClosedProjectSyncState(db: Db): Promise<number> {
  const r = await db.deleteFrom('task_sync_state').where('task_id', 'in', closedSyncStateQuery(db)).executeTakeFirst();
  return Number(r.numDeletedRows);
}

async function countClosedProjectSyncState(db: Db): Promise<number> {
  return (await closedSyncStateQuery(db).execute()).length;
}

/** Failed or pending jobs that can never do anything useful. */
const DEAD_JOBS = sql<boolean>`
  status in ('failed', 'pending') and (
    (task_id is not null and not exists (select 1 from public.tasks t where t.id = task_sync_jobs.task_id))
    or task_id in (select t.id from public.tasks t join public.projects p on p.id = t.project_id where p.status in ('Completed', 'Cancelled'))
    or not exists (select 1 from public.outlook_connections c where c.user_id = task_sync_jobs.user_id)
  )`;

async function removeDeadJobs(db: Db): Promise<number> {
  const r = await db.deleteFrom('task_sync_jobs').where(DEAD_JOBS).executeTakeFirst();
  return Number(r.numDeletedRows);
}

async function countDeadJobs(db: Db): Promise<number> {
  const row = await db.selectFrom('task_sync_jobs').select(sql<string>`count(*)`.as('n')).where(DEAD_JOBS).executeTakeFirstOrThrow();
  return Number(row.n);
}
