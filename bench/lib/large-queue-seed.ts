/**
 * A queue as it looks after months of use, for the /health benchmark: mostly
 * completed jobs over 90 days, some skipped and failed, a small live backlog.
 */
import { sql } from 'kysely';
import type { Db } from '../../src/db/client';

export interface LargeQueueShape {
  jobs: number;
  users: number;
  lists: number;
}

const SHARES = { pending: 0.002, processing: 0.0005, failed: 0.002, skipped: 0.02 } as const;

export async function seedLargeQueue(db: Db, shape: LargeQueueShape): Promise<Record<string, number>> {
  await sql`
    insert into outlook_connections (user_id, microsoft_account_id, access_token_expires_at, last_full_sync_at)
    select 'bench-user-' || u, 'ms-bench-' || u, now() + make_interval(mins => (u % 120)), now() - interval '5 minutes'
      from generate_series(0, ${shape.users - 1}::int) u`.execute(db);
  await sql`
    insert into project_outlook_lists (user_id, graph_list_id, graph_list_name, subscription_id, subscription_expires_at)
    select 'bench-user-' || (l % ${shape.users}::int), 'list-' || l, 'List ' || l, 'sub-' || l,
           now() + make_interval(hours => 1 + (l % 70))
      from generate_series(0, ${shape.lists - 1}::int) l`.execute(db);
  const counts: Record<string, number> = {};
  let offset = 0;
  for (const [status, share] of Object.entries(SHARES)) {
    counts[status] = Math.round(shape.jobs * share);
    await insertJobs(db, status, offset, counts[status], shape.users);
    offset += counts[status];
  }
  counts.completed = shape.jobs - offset;
  for (let done = 0; done < counts.completed; done += 200_000) {
    await insertJobs(db, 'completed', offset + done, Math.min(200_000, counts.completed - done), shape.users);
  }
  await sql`vacuum analyze task_sync_jobs`.execute(db);
  await sql`vacuum analyze outlook_connections`.execute(db);
  await sql`vacuum analyze project_outlook_lists`.execute(db);
  return counts;
}

async function insertJobs(db: Db, status: string, from: number, count: number, users: number): Promise<void> {
  if (count <= 0) return;
  // Ages spread over 90 days; processing jobs hold a live lease; pending ones are partly in the future.
  await sql`
    insert into task_sync_jobs (user_id, action, task_id, status, attempts, last_error, last_error_code,
                                scheduled_at, created_at, updated_at, completed_at, locked_until, worker_id)
    select 'bench-user-' || (i % ${users}::int),
           -- full_sync only among finished jobs (at most one active per user, by unique index)
           (array['create','update','update','delete','full_sync'])[1 + i % (case when ${status} in ('pending', 'processing') then 4 else 5 end)],
           gen_random_uuid(),
           ${status},
           case when ${status} = 'failed' then 8 else 1 end,
           case when ${status} = 'failed' then 'Graph 400 invalidRequest' end,
           case when ${status} = 'failed' then 'graph_400' end,
           now() - make_interval(secs => (i % 7776000)) + case when ${status} = 'pending' and i % 2 = 0 then interval '1 hour' else interval '0' end,
           now() - make_interval(secs => (i % 7776000)),
           now() - make_interval(secs => (i % 7776000)),
           case when ${status} in ('completed', 'skipped') then now() - make_interval(secs => (i % 7776000)) end,
           case when ${status} = 'processing' then now() + interval '2 minutes' end,
           case when ${status} = 'processing' then 'bench-worker' end
      from generate_series(${from}::int, ${from + count - 1}::int) i`.execute(db);
}
