/**
 * SQL of the guide's operator scripts (src/server/maintenance: backfill-task-sync,
 * archive-closed-projects): sweeps across tasks, projects, mappings, sync state
 * and the queue. The scripts decide what to do with the rows; this module finds,
 * counts and deletes them.
 */
import { sql } from 'kysely';
import type { Executor } from './client';
import type { ProjectOutlookList } from './schema';

export type ClosedProjectList = ProjectOutlookList & { project_name: string };

/** Active mappings of Completed or Cancelled projects: lists to archive. */
export async function listActiveListsOfClosedProjects(ex: Executor): Promise<ClosedProjectList[]> {
  return ex
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

const closedProjectTasks = (ex: Executor) =>
  ex
    .selectFrom('tasks as t')
    .innerJoin('projects as p', 'p.id', 't.project_id')
    .select('t.id')
    .where('p.status', 'in', ['Completed', 'Cancelled']);

/** Sync state of closed projects' tasks whose list is no longer active (nothing will sync them). */
function closedSyncStateQuery(ex: Executor) {
  return ex
    .selectFrom('task_sync_state as s')
    .select('s.task_id')
    .where('s.task_id', 'in', closedProjectTasks(ex))
    .where((eb) =>
      eb.not(
        eb.exists(
          eb.selectFrom('project_outlook_lists as l').select('l.id').whereRef('l.graph_list_id', '=', 's.graph_list_id').whereRef('l.user_id', '=', 's.user_id').where('l.is_active', '=', true),
        ),
      ),
    );
}

export async function deleteClosedProjectSyncStates(ex: Executor): Promise<number> {
  const r = await ex.deleteFrom('task_sync_state').where('task_id', 'in', closedSyncStateQuery(ex)).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function countClosedProjectSyncStates(ex: Executor): Promise<number> {
  return (await closedSyncStateQuery(ex).execute()).length;
}

/** Failed or pending jobs that can never do anything useful. */
const DEAD_JOBS = sql<boolean>`
  status in ('failed', 'pending') and (
    (task_id is not null and not exists (select 1 from public.tasks t where t.id = task_sync_jobs.task_id))
    or task_id in (select t.id from public.tasks t join public.projects p on p.id = t.project_id where p.status in ('Completed', 'Cancelled'))
    or not exists (select 1 from public.outlook_connections c where c.user_id = task_sync_jobs.user_id)
  )`;

export async function deleteDeadJobs(ex: Executor): Promise<number> {
  const r = await ex.deleteFrom('task_sync_jobs').where(DEAD_JOBS).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function countDeadJobs(ex: Executor): Promise<number> {
  const row = await ex.selectFrom('task_sync_jobs').select(sql<string>`count(*)`.as('n')).where(DEAD_JOBS).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether `userId` is known at all: an account, or tasks (a user made before accounts existed). */
export async function isKnownUser(ex: Executor, userId: string): Promise<boolean> {
  const user = await ex.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst();
  if (user) return true;
  const task = await ex.selectFrom('tasks').select('id').where('user_id', '=', userId).limit(1).executeTakeFirst();
  return task !== undefined;
}

/** Live tasks of the Inbox and open projects without a To Do copy, in list order. */
export async function listTasksWithoutCopy(ex: Executor, userId: string): Promise<{ id: string; title: string; project_id: string | null }[]> {
  return ex
    .selectFrom('tasks as t')
    .leftJoin('projects as p', 'p.id', 't.project_id')
    .leftJoin('task_sync_state as s', 's.task_id', 't.id')
    .select(['t.id', 't.title', 't.project_id'])
    .where('t.user_id', '=', userId)
    .where('t.deleted_at', 'is', null)
    .where((eb) => eb.or([eb('t.project_id', 'is', null), eb('p.status', '=', 'Active')]))
    .where((eb) => eb.or([eb('s.task_id', 'is', null), eb('s.graph_task_id', 'is', null)]))
    .orderBy('t.project_id')
    .orderBy('t.position')
    .execute();
}

/** Live tasks of the user's projects that are not Active. */
export async function countTasksOfClosedProjects(ex: Executor, userId: string): Promise<number> {
  const row = await ex
    .selectFrom('tasks as t')
    .innerJoin('projects as p', 'p.id', 't.project_id')
    .select(sql<string>`count(*)`.as('n'))
    .where('t.user_id', '=', userId)
    .where('t.deleted_at', 'is', null)
    .where('p.status', '!=', 'Active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** A create or update of this task is already waiting or running. */
export async function hasQueuedPushOfTask(ex: Executor, taskId: string): Promise<boolean> {
  const row = await ex
    .selectFrom('task_sync_jobs')
    .select('id')
    .where('task_id', '=', taskId)
    .where('action', 'in', ['create', 'update'])
    .where('status', 'in', ['pending', 'processing'])
    .executeTakeFirst();
  return row !== undefined;
}
