/** Seeding and reading task_sync_jobs in queue tests. */
import { sql } from 'kysely';
import type { Db } from '../../src/db/client';
import type { JobAction, TaskSyncJob } from '../../src/db/schema';
import { enqueueTaskSyncJob } from '../../src/jobs/queue';
import type { JobHandler, JobHandlers } from '../../src/jobs/types';

export async function connectUser(db: Db, userId: string, fields: { needsReconnect?: boolean; lastFullSyncAt?: Date | null } = {}) {
  await db
    .insertInto('outlook_connections')
    .values({
      user_id: userId,
      microsoft_account_id: `ms-${userId}`,
      needs_reconnect: fields.needsReconnect ?? false,
      last_full_sync_at: fields.lastFullSyncAt ?? null,
    })
    .execute();
}

/** Enqueues one job the way the app does (the user must be connected). */
export async function enqueue(
  db: Db,
  input: { userId: string; action?: JobAction; taskId?: string; maxAttempts?: number; priority?: number; scheduledAt?: Date },
): Promise<TaskSyncJob> {
  const r = await enqueueTaskSyncJob(db, { action: 'create', ...input });
  if (r.status === 'skipped') throw new Error(`enqueue skipped: ${r.reason}`);
  return r.job;
}

export async function readJob(db: Db, id: string): Promise<TaskSyncJob> {
  return db.selectFrom('task_sync_jobs').selectAll().where('id', '=', id as never).executeTakeFirstOrThrow();
}

/** Moves a pending job's schedule to now, as if its wait had passed. */
export async function makeDue(db: Db, id: string): Promise<void> {
  await db.updateTable('task_sync_jobs').set({ scheduled_at: sql`now()` }).where('id', '=', id as never).execute();
}

/** Every action handled by `handler`. */
export function handleAll(handler: JobHandler): JobHandlers {
  return { create: handler, update: handler, delete: handler, full_sync: handler, project_sync: handler, project_delete: handler };
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
