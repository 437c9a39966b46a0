/**
 * SQL for tasks. Nothing here enqueues sync jobs: the services in src/server/tasks
 * wrap these in one transaction with enqueueTaskSyncJob.
 *
 * Local edits go through updateTaskRow / softDeleteTaskRow / restoreTaskRow, which
 * bump tasks.version (dirty tracking: a push records the version it carried).
 *
 * The *FromRemote functions are for the pull side of the Outlook sync: they apply
 * a change that came FROM Microsoft To Do, never enqueue a job (nothing echoes
 * back), do NOT bump version (the remote state is already in sync) and take no
 * user scope (the worker runs as the service). Callers record task_sync_state.
 */
import { sql, type SelectQueryBuilder } from 'kysely';
import type { Executor } from './client';
import type { DB, Priority, Task, TaskStatus, TaskStep } from './schema';

export interface TaskFields {
  title?: string;
  notes?: string;
  due_date?: string | null;
  priority?: Priority;
  completed?: boolean;
  project_id?: string | null;
  status?: TaskStatus;
  start_date?: string | null;
  categories?: string[];
  reminder_at?: string | null;
  /** A Recurrence (src/sync/recurrence.ts) or null. */
  recurrence?: object | null;
  steps?: TaskStep[];
}

/** Columns of `fields` as Kysely sets them: jsonb values as JSON text (node-postgres would send an array as a Postgres array). */
function columnsOf(fields: TaskFields) {
  const { steps, recurrence, ...rest } = fields;
  return {
    ...rest,
    ...(steps !== undefined ? { steps: JSON.stringify(steps) } : {}),
    ...(recurrence !== undefined ? { recurrence: recurrence === null ? null : JSON.stringify(recurrence) } : {}),
  };
}

export interface NewTaskFields {
  userId: string;
  projectId: string | null;
  title: string;
  notes?: string;
  dueDate?: string | null;
  priority?: Priority;
  completed?: boolean;
  /** The other columns a task may start with (issue 16's fields). */
  more?: Pick<TaskFields, 'status' | 'start_date' | 'categories' | 'reminder_at' | 'recurrence' | 'steps'>;
}

export type CompletionFilter = 'open' | 'completed' | 'all';

/** 'inbox' = tasks without a project; a uuid = that project's tasks; 'all' = every list. */
export type ListScope = 'inbox' | 'all' | { projectId: string };

function projectIs(projectId: string | null) {
  return projectId === null ? sql<boolean>`project_id is null` : sql<boolean>`project_id = ${projectId}`;
}

/** A position after every live task of the same list. */
function endOfList(userId: string, projectId: string | null) {
  return sql<number>`coalesce((select max(position) from tasks where user_id = ${userId} and ${projectIs(projectId)} and deleted_at is null), 0) + 1`;
}

/** Sets completed_at along with completed (unchanged when completed is not in the patch). */
function completionColumns(fields: TaskFields) {
  if (fields.completed === undefined) return {};
  return { completed_at: fields.completed ? sql<Date>`coalesce(completed_at, now())` : null };
}

export async function insertTask(ex: Executor, input: NewTaskFields): Promise<Task> {
  return ex
    .insertInto('tasks')
    .values({
      user_id: input.userId,
      project_id: input.projectId,
      title: input.title,
      notes: input.notes ?? '',
      due_date: input.dueDate ?? null,
      priority: input.priority ?? 'normal',
      completed: input.completed ?? false,
      completed_at: input.completed ? sql<Date>`now()` : null,
      ...columnsOf(input.more ?? {}),
      position: endOfList(input.userId, input.projectId),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The user's task (undefined for someone else's, and for deleted ones unless asked). */
export async function findTask(
  ex: Executor,
  userId: string,
  taskId: string,
  options: { includeDeleted?: boolean } = {},
): Promise<Task | undefined> {
  let query = ex.selectFrom('tasks').selectAll().where('id', '=', taskId).where('user_id', '=', userId);
  if (!options.includeDeleted) query = query.where('deleted_at', 'is', null);
  return query.executeTakeFirst();
}

/** Worker/admin lookup by id alone (no user scope; includes deleted tasks). */
export async function findTaskById(ex: Executor, taskId: string): Promise<Task | undefined> {
  return ex.selectFrom('tasks').selectAll().where('id', '=', taskId).executeTakeFirst();
}

/** A local edit: applies `fields`, bumps version; a move to another list lands at its end. */
/** A task id as Postgres stores it; anything else (a foreign externalId) names no task. */
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The user's undeleted tasks among `taskIds` (ids that are not UUIDs are ignored). */
export async function findLiveTasks(ex: Executor, userId: string, taskIds: string[]): Promise<Task[]> {
  const ids = taskIds.filter((id) => UUID_PATTERN.test(id));
  if (ids.length === 0) return [];
  return ex.selectFrom('tasks').selectAll().where('user_id', '=', userId).where('id', 'in', ids).where('deleted_at', 'is', null).execute();
}

export async function updateTaskRow(ex: Executor, userId: string, taskId: string, fields: TaskFields): Promise<Task | undefined> {
  const moving = fields.project_id !== undefined;
  return ex
    .updateTable('tasks')
    .set({
      ...columnsOf(fields),
      ...completionColumns(fields),
      ...(moving ? { position: endOfList(userId, fields.project_id ?? null) } : {}),
      version: sql<number>`version + 1`,
    })
    .where('id', '=', taskId)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export async function softDeleteTaskRow(ex: Executor, userId: string, taskId: string): Promise<Task | undefined> {
  return ex
    .updateTable('tasks')
    .set({ deleted_at: sql<Date>`now()`, version: sql<number>`version + 1` })
    .where('id', '=', taskId)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

/** Undo of a delete. The task returns to its old place (position is kept). */
export async function restoreTaskRow(ex: Executor, userId: string, taskId: string): Promise<Task | undefined> {
  return ex
    .updateTable('tasks')
    .set({ deleted_at: null, version: sql<number>`version + 1` })
    .where('id', '=', taskId)
    .where('user_id', '=', userId)
    .where('deleted_at', 'is not', null)
    .returningAll()
    .executeTakeFirst();
}

/**
 * Push side: steps the push made again in To Do (Planner edited them, To Do had deleted
 * them: edit beats delete) go last, where To Do puts a new step, keeping the others'
 * order. Order only, To Do's doing, so no version bump (decision 0057).
 */
export async function placeStepsLast(ex: Executor, taskId: string, stepIds: string[]): Promise<void> {
  if (stepIds.length === 0) return;
  await ex
    .updateTable('tasks')
    .set({
      steps: sql`(select coalesce(jsonb_agg(e order by (e ->> 'id') = any(${stepIds}::text[]), n), '[]'::jsonb)
                  from jsonb_array_elements(steps) with ordinality as t(e, n))`,
    })
    .where('id', '=', taskId)
    .execute();
}

/** Ordering only (To Do has no task order), so no version bump. */
export async function setTaskPosition(ex: Executor, userId: string, taskId: string, position: number): Promise<Task | undefined> {
  return ex
    .updateTable('tasks')
    .set({ position })
    .where('id', '=', taskId)
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirst();
}

/** Live tasks of one list in display order, with their positions (for reordering). */
export async function listPositions(ex: Executor, userId: string, projectId: string | null): Promise<{ id: string; position: number }[]> {
  return ex
    .selectFrom('tasks')
    .select(['id', 'position'])
    .where('user_id', '=', userId)
    .where(projectIs(projectId))
    .where('deleted_at', 'is', null)
    .orderBy('position')
    .orderBy('created_at')
    .execute();
}

/** Narrowing of a task list (issue 16 §4): a tag, an open status, a start date range. */
export interface TaskDetailFilter {
  tag?: string;
  workStatus?: TaskStatus;
  /** Start dates on or before this day (tasks without one are kept: they can start any time). */
  startedBy?: string;
}

export async function listTaskRows(
  ex: Executor,
  userId: string,
  options: { scope: ListScope; completion: CompletionFilter; filter?: TaskDetailFilter },
): Promise<Task[]> {
  let query = ex.selectFrom('tasks').selectAll().where('user_id', '=', userId).where('deleted_at', 'is', null);
  const { scope, completion, filter = {} } = options;
  if (scope === 'inbox') query = query.where('project_id', 'is', null);
  else if (scope !== 'all') query = query.where('project_id', '=', scope.projectId);
  if (completion !== 'all') query = query.where('completed', '=', completion === 'completed');
  if (filter.tag !== undefined) query = query.where(sql<boolean>`${filter.tag} = any(categories)`);
  if (filter.workStatus !== undefined) query = query.where('status', '=', filter.workStatus);
  if (filter.startedBy !== undefined) query = query.where((eb) => eb.or([eb('start_date', 'is', null), eb('start_date', '<=', filter.startedBy!)]));
  const ordered =
    completion === 'completed'
      ? query.orderBy('completed_at', 'desc').orderBy('position')
      : query.orderBy('completed').orderBy('position').orderBy('created_at');
  return ordered.execute();
}

/** The Graph ids of a task's remote copy (task_sync_state), if it was ever pushed. */
export async function findTaskGraphIds(
  ex: Executor,
  taskId: string,
): Promise<{ graphTaskId: string; graphListId: string | null } | undefined> {
  const row = await ex
    .selectFrom('task_sync_state')
    .select(['graph_task_id', 'graph_list_id'])
    .where('task_id', '=', taskId)
    .executeTakeFirst();
  return row?.graph_task_id ? { graphTaskId: row.graph_task_id, graphListId: row.graph_list_id } : undefined;
}

/**
 * Pull side: applies fields changed in To Do WITHOUT enqueueing and without
 * bumping version. With `expectedVersion`, only applies if the task is still at
 * that version (a local edit made meanwhile wins and will be pushed); returns
 * undefined when nothing was applied.
 */
export async function applyRemoteTaskChange(
  ex: Executor,
  taskId: string,
  fields: TaskFields,
  options: { expectedVersion?: number } = {},
): Promise<Task | undefined> {
  let query = ex
    .updateTable('tasks')
    .set({ ...columnsOf(fields), ...completionColumns(fields) })
    .where('id', '=', taskId)
    .where('deleted_at', 'is', null);
  if (options.expectedVersion !== undefined) query = query.where('version', '=', options.expectedVersion);
  return query.returningAll().executeTakeFirst();
}

/** Pull side: a task created in To Do. Inserts it at the end of its list WITHOUT enqueueing. */
export async function insertTaskFromRemote(ex: Executor, input: NewTaskFields): Promise<Task> {
  return insertTask(ex, input);
}

/** Pull side: a task deleted in To Do. Soft-deletes it WITHOUT enqueueing and without bumping version. */
export async function deleteTaskFromRemote(ex: Executor, taskId: string): Promise<Task | undefined> {
  return ex
    .updateTable('tasks')
    .set({ deleted_at: sql<Date>`now()` })
    .where('id', '=', taskId)
    .where('deleted_at', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export interface TaskSyncRows {
  latestJob?: { status: string; last_error: string | null };
  state?: { synced_version: number; last_error: string | null; graph_task_id: string | null };
}

/** The newest job and the sync state of each task (for the sync status UI). */
export async function listTaskSyncRows(ex: Executor, taskIds: string[]): Promise<Map<string, TaskSyncRows>> {
  const result = new Map<string, TaskSyncRows>(taskIds.map((id) => [id, {}]));
  if (taskIds.length === 0) return result;
  const jobs = await ex
    .selectFrom('task_sync_jobs')
    .distinctOn('task_id')
    .select(['task_id', 'status', 'last_error'])
    .where('task_id', 'in', taskIds)
    .orderBy('task_id')
    .orderBy('id', 'desc')
    .execute();
  for (const job of jobs) result.get(job.task_id!)!.latestJob = { status: job.status, last_error: job.last_error };
  const states = await ex
    .selectFrom('task_sync_state')
    .select(['task_id', 'synced_version', 'last_error', 'graph_task_id'])
    .where('task_id', 'in', taskIds)
    .execute();
  for (const s of states) result.get(s.task_id)!.state = s;
  return result;
}

/**
 * What the open Planner page compares to know that something it shows changed (a pull
 * from Outlook, an edit in another tab, a sync mark): a fingerprint of the user's tasks,
 * projects and sync states. Rows contribute the sum of their updated_at (exact numeric
 * epochs), not the newest one, so a change committed late with an older timestamp (a pull
 * that ran beside a local edit) still changes the stamp.
 */
export async function readChangeStamp(ex: Executor, userId: string): Promise<string> {
  const row = await sql<{ stamp: string }>`
    select concat_ws(':',
      (select concat_ws('/', count(*), sum(version), sum(extract(epoch from updated_at))) from public.tasks where user_id = ${userId}),
      (select concat_ws('/', count(*), max(updated_at)::text) from public.projects where user_id = ${userId}),
      (select concat_ws('/', count(*), sum(extract(epoch from updated_at))) from public.task_sync_state where user_id = ${userId}),
      (select count(*) from public.sync_conflicts where user_id = ${userId} and resolved_at is null)
    ) as stamp`.execute(ex);
  return row.rows[0]?.stamp ?? '';
}

/**
 * Edit beats delete: the task deleted in Planner was edited in To Do, so it comes
 * back with the remote fields. No version bump, no job.
 */
export async function restoreTaskFromRemote(
  ex: Executor,
  taskId: string,
  fields: Required<Omit<TaskFields, 'project_id' | 'steps'>> & { completed_at: string | null },
  projectId: string | null,
  /** To Do's steps, when the item carried them (the restored task takes them with its fields). */
  steps?: TaskStep[],
) {
  const { completed_at, ...columns } = fields;
  return ex
    .updateTable('tasks')
    .set({
      ...columnsOf({ ...columns, ...(steps ? { steps } : {}) }),
      deleted_at: null,
      project_id: projectId,
      completed_at: fields.completed ? (completed_at ?? sql<Date>`now()`) : null,
    })
    .where('id', '=', taskId)
    .returningAll()
    .executeTakeFirst();
}

/** Open, undeleted tasks of a project (or of the Inbox when null): what a re-provisioned list receives. */
export async function openTaskIds(ex: Executor, userId: string, projectId: string | null): Promise<string[]> {
  const rows = await ex
    .selectFrom('tasks')
    .select('id')
    .where('user_id', '=', userId)
    .where(projectId === null ? sql<boolean>`project_id is null` : sql<boolean>`project_id = ${projectId}`)
    .where('deleted_at', 'is', null)
    .where('completed', '=', false)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.id);
}

/** The user's undeleted tasks among `taskIds`, oldest first (a bulk push's order). */
export async function findLiveTasksInOrder(ex: Executor, userId: string, taskIds: string[]): Promise<Task[]> {
  return ex.selectFrom('tasks').selectAll().where('id', 'in', taskIds).where('user_id', '=', userId).where('deleted_at', 'is', null).orderBy('created_at').execute();
}

/** The lists (null = the Inbox, else an Active project) with open tasks that have no To Do copy and no queued push of their own. */
export async function findListsWithUnsyncedOpenTasks(ex: Executor, userId: string): Promise<{ project_id: string | null }[]> {
  return await ex
    .selectFrom('tasks as t')
    .leftJoin('projects as p', 'p.id', 't.project_id')
    .leftJoin('task_sync_state as s', 's.task_id', 't.id')
    .select('t.project_id')
    .distinct()
    .where('t.user_id', '=', userId)
    .where('t.completed', '=', false)
    .where('t.deleted_at', 'is', null)
    .where((eb) => eb.or([eb('t.project_id', 'is', null), eb('p.status', '=', 'Active')]))
    .where('s.graph_task_id', 'is', null)
    .where(({ not, exists, selectFrom }) => not(exists(queuedPushOf(selectFrom('task_sync_jobs as j')))))
    .execute();
}

/** Open, undeleted tasks of the list whose copy is not (yet) in `listId` and that no job of their own will push, oldest first. */
export async function findOpenTasksWithoutCopy(ex: Executor, userId: string, projectId: string | null, listId: string, limit: number): Promise<string[]> {
  const rows = await ex
    .selectFrom('tasks as t')
    .leftJoin('task_sync_state as s', 's.task_id', 't.id')
    .select('t.id')
    .where('t.user_id', '=', userId)
    .where(projectId === null ? sql<boolean>`t.project_id is null` : sql<boolean>`t.project_id = ${projectId}`)
    .where('t.completed', '=', false)
    .where('t.deleted_at', 'is', null)
    .where((eb) => eb.or([eb('s.graph_task_id', 'is', null), eb('s.graph_list_id', 'is distinct from', listId)]))
    // A task with its own queued create/update job is left to that job.
    .where(({ not, exists, selectFrom }) => not(exists(queuedPushOf(selectFrom('task_sync_jobs as j')))))
    .orderBy('t.created_at')
    .orderBy('t.id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** A create/update job of task `t` still to run. */
function queuedPushOf(jobs: SelectQueryBuilder<DB & { j: DB['task_sync_jobs'] }, 'j', object>) {
  return jobs
    .select('j.id')
    .whereRef('j.task_id', '=', sql.ref('t.id'))
    .where('j.action', 'in', ['create', 'update'])
    .where('j.status', 'in', ['pending', 'processing']);
}
