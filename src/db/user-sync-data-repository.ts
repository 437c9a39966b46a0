/**
 * SQL over one user's sync bookkeeping outside the worker: the status page's
 * queue figures, and what a disconnect empties.
 */
import type { Executor, Tx } from './client';
import type { JobStatus } from './schema';

/** Per-user sync tables emptied on disconnect, children first (task_sync_state is detached instead). */
export const USER_SYNC_TABLES = ['task_sync_jobs', 'sync_conflicts', 'oauth_states'] as const;

export async function deleteUserSyncRows(tx: Tx, userId: string): Promise<void> {
  for (const table of USER_SYNC_TABLES) {
    await tx.deleteFrom(table).where('user_id', '=', userId).execute();
  }
}

export async function countUserJobsByStatus(ex: Executor, userId: string): Promise<{ status: JobStatus; count: number }[]> {
  const rows = await ex
    .selectFrom('task_sync_jobs')
    .select(['status', (eb) => eb.fn.countAll<string>().as('n')])
    .where('user_id', '=', userId)
    .groupBy('status')
    .execute();
  return rows.map((r) => ({ status: r.status, count: Number(r.n) }));
}

/** When the user's newest completed job finished, or null. */
export async function findLastCompletedJobAt(ex: Executor, userId: string): Promise<Date | string | null> {
  const row = await ex
    .selectFrom('task_sync_jobs')
    .select((eb) => eb.fn.max('completed_at').as('at'))
    .where('user_id', '=', userId)
    .where('status', '=', 'completed')
    .executeTakeFirst();
  return row?.at ?? null;
}

/** The user's most recently failed job's error. */
export async function findLastFailedJob(ex: Executor, userId: string): Promise<{ last_error: string | null; updated_at: Date } | undefined> {
  return ex
    .selectFrom('task_sync_jobs')
    .select(['last_error', 'updated_at'])
    .where('user_id', '=', userId)
    .where('status', '=', 'failed')
    .orderBy('updated_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}
