/** Bulk seeding of Planner's queue for the bench (plain SQL: seeding is not what is measured). */
import { sql } from 'kysely';
import type { Db } from '../../src/db/client';

/** `users` connected users named bench-user-<n>. */
export async function seedConnections(db: Db, users: number): Promise<void> {
  await sql`
    insert into outlook_connections (user_id, microsoft_account_id)
    select 'bench-user-' || u, 'ms-bench-' || u from generate_series(0, ${users - 1}::int) u
    on conflict (user_id) do nothing`.execute(db);
}

/** `jobs` pending create jobs spread round-robin over `users` users, each for its own task id. */
export async function seedPendingJobs(db: Db, input: { jobs: number; users: number; action?: string }): Promise<void> {
  await sql`
    insert into task_sync_jobs (user_id, action, task_id, priority)
    select 'bench-user-' || (i % ${input.users}::int), ${input.action ?? 'create'}, gen_random_uuid(), 0
      from generate_series(0, ${input.jobs - 1}::int) i`.execute(db);
}

export async function countActiveJobs(db: Db): Promise<number> {
  const { rows } = await sql<{ n: string }>`
    select count(*) as n from task_sync_jobs where status in ('pending', 'processing')`.execute(db);
  return Number(rows[0].n);
}
