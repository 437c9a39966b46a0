/**
 * Set-up for the push tests (Planner → To Do, issue 6): an emulator, a user connected
 * through the real OAuth flow (connect-kit), the real push job handlers pointed at the
 * emulator, and readers of what the emulator holds.
 */
import { afterAll, beforeAll } from 'vitest';
import { startEmulator, type Emulator, type EmulatorOptions, type ListView, type TaskView } from '../../emulator/index';
import type { Db } from '../../src/db/client';
import { createTaskJob } from '../../src/jobs/actions/create-task';
import { deleteTaskJob } from '../../src/jobs/actions/delete-task';
import { projectDeleteJob } from '../../src/jobs/actions/project-delete';
import { projectSyncJob } from '../../src/jobs/actions/project-sync';
import { updateTaskJob } from '../../src/jobs/actions/update-task';
import { processTaskSyncJobs, type ProcessOptions } from '../../src/jobs/process-task-sync-jobs';
import type { JobHandlers, ProcessSummary } from '../../src/jobs/types';
import type { OutlookDeps } from '../../src/server/outlook';
import { connect, EMULATOR_CLIENTS, makeDeps, newSession, type TestDeps } from './connect-kit';

export { APP_URL } from './connect-kit';

export function usePushEmulator(options: EmulatorOptions = {}) {
  let emulator: Emulator | undefined;
  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, clients: EMULATOR_CLIENTS, autoApprove: true, ...options });
  });
  afterAll(async () => {
    await emulator?.close();
  });
  return {
    get emulator(): Emulator {
      if (!emulator) throw new Error('emulator not started');
      return emulator;
    },
  };
}

/** The five push handlers (full_sync is the pull's), over `deps`. */
export function pushHandlers(deps: OutlookDeps): JobHandlers {
  const source = async () => deps;
  return {
    create: createTaskJob(source),
    update: updateTaskJob(source),
    delete: deleteTaskJob(source),
    project_sync: projectSyncJob(source),
    project_delete: projectDeleteJob(source),
  };
}

export interface ConnectedUser {
  userId: string;
  /** The emulator's id of the user's mailbox. */
  mailboxId: string;
  deps: TestDeps;
  handlers: JobHandlers;
  inboxListId: string;
}

/** A Planner user connected to a new emulator mailbox; the connect's own full_sync is removed (the pull is not under test). */
export async function connectedUser(db: Db, emulator: Emulator, overrides: { tokenKey?: Buffer } = {}): Promise<ConnectedUser> {
  const session = newSession();
  const mailbox = await emulator.control.createUser({ email: session.email });
  const deps = makeDeps(db, emulator, overrides);
  const result = await connect(deps, session, session.email);
  if (!result.ok) throw new Error(`connect failed: ${result.code}`);
  await db.deleteFrom('task_sync_jobs').where('user_id', '=', session.userId).execute();
  const connection = await db.selectFrom('outlook_connections').selectAll().where('user_id', '=', session.userId).executeTakeFirstOrThrow();
  return { userId: session.userId, mailboxId: mailbox.user.id, deps, handlers: pushHandlers(deps), inboxListId: connection.planner_list_id! };
}

/** Runs the worker until nothing due is left; the summed summary. */
export async function drain(db: Db, handlers: JobHandlers, options: Partial<ProcessOptions> = {}): Promise<ProcessSummary> {
  const total: ProcessSummary = { processed: 0, succeeded: 0, failed: 0, deferred: 0, skipped: 0, remaining: 0 };
  for (let round = 0; round < 50; round++) {
    const run = await processTaskSyncJobs({ db, handlers, ...options });
    for (const key of ['processed', 'succeeded', 'failed', 'deferred', 'skipped'] as const) total[key] += run[key];
    total.remaining = run.remaining;
    if (run.processed === 0) break;
  }
  return total;
}

/**
 * Works the queue until no job is left pending, bringing deferred jobs forward (and
 * ending mailbox throttle pauses) instead of sleeping (a job waiting for another, like a push waiting for a full_sync after a
 * 404, runs again as soon as the queue is otherwise idle).
 */
export async function settle(db: Db, handlers: JobHandlers, options: Partial<ProcessOptions> = {}): Promise<ProcessSummary> {
  const total: ProcessSummary = { processed: 0, succeeded: 0, failed: 0, deferred: 0, skipped: 0, remaining: 0 };
  for (let round = 0; round < 20; round++) {
    const run = await drain(db, handlers, options);
    for (const key of ['processed', 'succeeded', 'failed', 'deferred', 'skipped'] as const) total[key] += run[key];
    await db.updateTable('outlook_connections').set({ throttled_until: null }).where('throttled_until', 'is not', null).execute();
    const waiting = await db.updateTable('task_sync_jobs').set({ scheduled_at: new Date() }).where('status', '=', 'pending').executeTakeFirst();
    total.remaining = Number(waiting.numUpdatedRows);
    if (total.remaining === 0) break;
  }
  return total;
}

/** The user's live lists in the emulator. */
export async function remoteLists(emulator: Emulator, mailboxId: string, includeDeleted = false): Promise<ListView[]> {
  return (await emulator.control.mailbox(mailboxId, includeDeleted)).lists;
}

export async function remoteList(emulator: Emulator, mailboxId: string, listId: string): Promise<ListView | undefined> {
  return (await remoteLists(emulator, mailboxId)).find((l) => l.id === listId);
}

/** Every emulator task (any list) whose Planner linkedResource points at `taskId`. */
export async function remoteCopies(emulator: Emulator, mailboxId: string, taskId: string): Promise<(TaskView & { listId: string })[]> {
  const copies: (TaskView & { listId: string })[] = [];
  for (const list of await remoteLists(emulator, mailboxId)) {
    for (const task of list.tasks) {
      const links = (task.linkedResources ?? []) as { externalId?: string }[];
      if (links.some((l) => l.externalId === taskId)) copies.push({ ...task, listId: list.id });
    }
  }
  return copies;
}

export async function syncStateOf(db: Db, taskId: string) {
  return db.selectFrom('task_sync_state').selectAll().where('task_id', '=', taskId).executeTakeFirst();
}

export async function jobsOf(db: Db, userId: string) {
  return db.selectFrom('task_sync_jobs').selectAll().where('user_id', '=', userId).orderBy('id').execute();
}

/** How many requests the emulator saw for "METHOD /route" (all statuses). */
export async function requestCount(emulator: Emulator, route: string): Promise<number> {
  const byStatus = (await emulator.control.stats()).requests[route] ?? {};
  return Object.values(byStatus).reduce((a, b) => a + b, 0);
}

export const TASK_ROUTE = {
  post: 'POST /v1.0/me/todo/lists/{id}/tasks',
  patch: 'PATCH /v1.0/me/todo/lists/{id}/tasks/{id}',
  delete: 'DELETE /v1.0/me/todo/lists/{id}/tasks/{id}',
} as const;

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
