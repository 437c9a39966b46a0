/** Small fixtures for Planner service tests. */
import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { Db } from '../../src/db/client';

export function newUserId(): string {
  return randomUUID();
}

/** Gives the user an Outlook connection, so their changes enqueue sync jobs. */
export async function connectOutlook(db: Db, userId: string): Promise<void> {
  await db.insertInto('outlook_connections').values({ user_id: userId, microsoft_account_id: `ms-${userId}` }).execute();
}

export async function jobsOf(db: Db, userId: string) {
  return db.selectFrom('task_sync_jobs').selectAll().where('user_id', '=', userId).orderBy('id').execute();
}

export async function countRows(db: Db, table: 'tasks' | 'projects', userId: string): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select(sql<string>`count(*)`.as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
