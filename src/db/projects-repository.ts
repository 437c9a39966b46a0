/**
 * SQL for projects. Nothing here enqueues sync jobs: the services in
 * src/server/projects wrap these in a transaction with enqueueTaskSyncJob.
 *
 * The *FromRemote functions are for the pull side of the Outlook sync: they
 * apply a change that came FROM Microsoft To Do, so they never enqueue a job
 * (nothing echoes back) and take no user scope (the worker runs as the service).
 */
import { sql } from 'kysely';
import type { Executor } from './client';
import type { Project, ProjectOrigin, ProjectOutlookList, ProjectStatus } from './schema';

export interface ProjectWithCounts extends Project {
  open_count: number;
  total_count: number;
}

export interface ProjectChanges {
  name?: string;
  status?: ProjectStatus;
  position?: number;
}

export async function insertProject(
  ex: Executor,
  input: { userId: string; name: string; status?: ProjectStatus; origin?: ProjectOrigin },
): Promise<Project> {
  return ex
    .insertInto('projects')
    .values({
      user_id: input.userId,
      name: input.name,
      ...(input.status ? { status: input.status } : {}),
      ...(input.origin ? { origin: input.origin } : {}),
      position: sql<number>`coalesce((select max(position) from projects where user_id = ${input.userId}), 0) + 1`,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The user's project, or undefined (also when it belongs to someone else). */
export async function findProject(ex: Executor, userId: string, projectId: string): Promise<Project | undefined> {
  return ex
    .selectFrom('projects')
    .selectAll()
    .where('id', '=', projectId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
}

/** Worker/admin lookup by id alone (no user scope). */
export async function findProjectById(ex: Executor, projectId: string): Promise<Project | undefined> {
  return ex.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirst();
}

export async function updateProjectRow(
  ex: Executor,
  userId: string,
  projectId: string,
  changes: ProjectChanges,
): Promise<Project | undefined> {
  return ex
    .updateTable('projects')
    .set(changes)
    .where('id', '=', projectId)
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirst();
}

/** Deletes the project; its tasks go with it (tasks.project_id ON DELETE CASCADE). */
export async function deleteProjectRow(ex: Executor, userId: string, projectId: string): Promise<Project | undefined> {
  return ex
    .deleteFrom('projects')
    .where('id', '=', projectId)
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirst();
}

/** All of a user's projects in display order, with open and total (non-deleted) task counts. */
export async function listProjectsWithCounts(ex: Executor, userId: string): Promise<ProjectWithCounts[]> {
  const rows = await ex
    .selectFrom('projects as p')
    .leftJoin('tasks as t', (join) => join.onRef('t.project_id', '=', 'p.id').on('t.deleted_at', 'is', null))
    .selectAll('p')
    .select([
      sql<string>`count(t.id) filter (where not t.completed)`.as('open_count'),
      sql<string>`count(t.id)`.as('total_count'),
    ])
    .where('p.user_id', '=', userId)
    .groupBy('p.id')
    .orderBy('p.position')
    .orderBy('p.created_at')
    .execute();
  return rows.map((r) => ({ ...r, open_count: Number(r.open_count), total_count: Number(r.total_count) }));
}

/** The To Do list a project is linked to (project_outlook_lists), if any. */
export async function findProjectListLink(ex: Executor, projectId: string): Promise<ProjectOutlookList | undefined> {
  return ex.selectFrom('project_outlook_lists').selectAll().where('project_id', '=', projectId).executeTakeFirst();
}

/** The list links of all of a user's projects, keyed by project id. */
export async function listProjectListLinks(ex: Executor, userId: string): Promise<Map<string, ProjectOutlookList>> {
  const rows = await ex
    .selectFrom('project_outlook_lists')
    .selectAll()
    .where('user_id', '=', userId)
    .where('project_id', 'is not', null)
    .execute();
  return new Map(rows.map((r) => [r.project_id!, r]));
}

/**
 * When each project last sent a change to To Do: the newest completed push job
 * (task create/update/delete, list create/rename/status) per project.
 */
export async function listLastUploads(ex: Executor, userId: string): Promise<Map<string, Date>> {
  const rows = await ex
    .selectFrom('task_sync_jobs')
    .select(['project_id', (eb) => eb.fn.max('completed_at').as('last_upload_at')])
    .where('user_id', '=', userId)
    .where('status', '=', 'completed')
    .where('action', 'in', ['create', 'update', 'delete', 'project_sync'])
    .where('project_id', 'is not', null)
    .groupBy('project_id')
    .execute();
  return new Map(rows.filter((r) => r.last_upload_at).map((r) => [r.project_id!, new Date(r.last_upload_at as Date | string)]));
}

/**
 * Pull side: the project's To Do list was renamed in Outlook. Renames the project
 * WITHOUT enqueueing a job. Returns the updated row (undefined if it is gone).
 */
export async function renameProjectFromRemote(ex: Executor, projectId: string, name: string): Promise<Project | undefined> {
  return ex.updateTable('projects').set({ name }).where('id', '=', projectId).returningAll().executeTakeFirst();
}

/** Pull side: a list someone created in To Do becomes a project (origin 'todo'), WITHOUT enqueueing. */
export async function insertProjectFromRemote(ex: Executor, input: { userId: string; name: string }): Promise<Project> {
  return insertProject(ex, { ...input, origin: 'todo' });
}

/** Pull side: the project's list was deleted in To Do and the project follows it (closed), WITHOUT enqueueing. */
export async function closeProjectFromRemote(ex: Executor, projectId: string, status: Exclude<ProjectStatus, 'Active'>): Promise<void> {
  await ex.updateTable('projects').set({ status }).where('id', '=', projectId).where('status', '=', 'Active').execute();
}

/** Names of the user's projects, any status (a new To Do list of one of these names is left out). */
export async function listProjectNames(ex: Executor, userId: string): Promise<string[]> {
  const rows = await ex.selectFrom('projects').select('name').where('user_id', '=', userId).execute();
  return rows.map((r) => r.name);
}

/** Whether the user has connected Outlook (sync jobs and sync status apply only then). */
export async function hasOutlookConnection(ex: Executor, userId: string): Promise<boolean> {
  const row = await ex.selectFrom('outlook_connections').select('id').where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}

/** Open tasks in the Inbox (no project), for the navigation badge. */
export async function countOpenInboxTasks(ex: Executor, userId: string): Promise<number> {
  const row = await ex
    .selectFrom('tasks')
    .select(sql<string>`count(*)`.as('n'))
    .where('user_id', '=', userId)
    .where('project_id', 'is', null)
    .where('completed', '=', false)
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The user's Active projects, in board order: the ones that get a To Do list on connect. */
export async function listActiveProjectNames(ex: Executor, userId: string): Promise<{ id: string; name: string }[]> {
  return ex
    .selectFrom('projects')
    .select(['id', 'name'])
    .where('user_id', '=', userId)
    .where('status', '=', 'Active')
    .orderBy('position')
    .orderBy('created_at')
    .execute();
}

/** Locks a project row for the rest of the transaction (serialises list provisioning). */
export async function lockProjectRow(ex: Executor, projectId: string): Promise<void> {
  await sql`select id from public.projects where id = ${projectId} for update`.execute(ex);
}
