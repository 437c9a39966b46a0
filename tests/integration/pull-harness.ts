/**
 * Set-up for the pull tests (To Do → Planner, issue 7): the push kit's emulator and
 * connected user, plus the real full_sync handler over the same deps, and helpers to
 * act "in Outlook" (the emulator's control API, as the user) and read Planner back.
 */
import type { Emulator, TaskInput } from '../../emulator/index';
import type { Db } from '../../src/db/client';
import type { Task } from '../../src/db/schema';
import { fullSyncJob } from '../../src/jobs/actions/full-sync';
import { enqueueTaskSyncJob } from '../../src/jobs/queue';
import type { JobHandlers, ProcessSummary } from '../../src/jobs/types';
import type { FullSyncOptions } from '../../src/server/pull/pull-context';
import { connectedUser, drain, type ConnectedUser } from './push-kit';

export interface PullUser extends ConnectedUser {
  /** Push handlers plus the real full_sync handler. */
  handlers: JobHandlers;
}

export async function pullUser(db: Db, emulator: Emulator, options: Omit<FullSyncOptions, 'forceLists'> = {}): Promise<PullUser> {
  const u = await connectedUser(db, emulator);
  const handlers = { ...u.handlers, full_sync: fullSyncJob(async () => u.deps, options) };
  return { ...u, handlers };
}

/** Queues one full_sync for the user and works the queue until nothing is due. */
export async function fullSync(db: Db, u: PullUser, payload: Record<string, unknown> = {}): Promise<ProcessSummary> {
  await enqueueTaskSyncJob(db, { userId: u.userId, action: 'full_sync', payload });
  return drain(db, u.handlers);
}

/** The result of the user's last completed full_sync job. */
export async function lastFullSyncResult(db: Db, userId: string): Promise<Record<string, number>> {
  const job = await db
    .selectFrom('task_sync_jobs')
    .select(['result', 'status', 'last_error'])
    .where('user_id', '=', userId)
    .where('action', '=', 'full_sync')
    .orderBy('id', 'desc')
    .executeTakeFirstOrThrow();
  if (job.status !== 'completed') throw new Error(`last full_sync ${job.status}: ${job.last_error}`);
  return job.result as Record<string, number>;
}

/** Planner tasks of the user (deleted ones too), oldest first. */
export async function plannerTasks(db: Db, userId: string): Promise<Task[]> {
  return db.selectFrom('tasks').selectAll().where('user_id', '=', userId).orderBy('created_at').orderBy('position').execute();
}

export async function liveTasks(db: Db, userId: string): Promise<Task[]> {
  return (await plannerTasks(db, userId)).filter((t) => t.deleted_at === null);
}

export async function stateByGraphId(db: Db, userId: string, graphTaskId: string) {
  return db.selectFrom('task_sync_state').selectAll().where('user_id', '=', userId).where('graph_task_id', '=', graphTaskId).executeTakeFirst();
}

export async function mappingOf(db: Db, projectId: string | null, userId: string) {
  return db
    .selectFrom('project_outlook_lists')
    .selectAll()
    .where('user_id', '=', userId)
    .where((eb) => (projectId === null ? eb('is_default', '=', true) : eb('project_id', '=', projectId)))
    .executeTakeFirstOrThrow();
}

/** Acting as the user in Outlook (To Do), through the emulator's control API. */
export function outlook(emulator: Emulator, u: PullUser) {
  const c = emulator.control;
  return {
    create: (listId: string, task: TaskInput) => c.createTask(u.mailboxId, listId, task),
    update: (listId: string, taskId: string, patch: TaskInput) => c.updateTask(u.mailboxId, listId, taskId, patch),
    complete: (listId: string, taskId: string) => c.completeTask(u.mailboxId, listId, taskId),
    remove: (listId: string, taskId: string) => c.deleteTask(u.mailboxId, listId, taskId),
    move: (listId: string, taskId: string, toListId: string) => c.moveTask(u.mailboxId, listId, taskId, toListId),
    renameList: (listId: string, name: string) => c.renameList(u.mailboxId, listId, name),
    deleteList: (listId: string) => c.deleteList(u.mailboxId, listId),
    createList: (name: string) => c.createList(u.mailboxId, name),
    list: async (listId: string) => (await c.mailbox(u.mailboxId)).lists.find((l) => l.id === listId),
  };
}

/** Graph writes (POST/PATCH/DELETE under /v1.0) the emulator saw since its stats were reset. */
export async function graphWrites(emulator: Emulator): Promise<number> {
  const { requests } = await emulator.control.stats();
  let writes = 0;
  for (const [route, byStatus] of Object.entries(requests)) {
    if (!/^(POST|PATCH|DELETE|PUT) \/v1\.0\//.test(route)) continue;
    writes += Object.values(byStatus).reduce((a, b) => a + b, 0);
  }
  return writes;
}

/** Emulator date-only due date as To Do writes it for a user in UTC. */
export const dueOn = (date: string) => ({ dateTime: `${date}T00:00:00.0000000`, timeZone: 'UTC' });
