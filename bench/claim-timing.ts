/**
 * Quick measurement (not a benchmark scenario): claim_task_sync_jobs time on a big
 * queue. `npx tsx bench/claim-timing.ts [pendingJobs] [users] [completedJobs]`.
 * Seeds `pendingJobs` pending jobs spread over `users` users (each user's queued one
 * after another, as bursts) plus `completedJobs` completed rows, then times claims of
 * 8 and 25 jobs (each claim is completed right after, as a worker would).
 */
import './lib/bench-env';
import { sql } from 'kysely';
import { claimTaskSyncJobs } from '../src/db/jobs-repository';
import { createPostgresBenchDatabase } from './lib/bench-database';
import { seedConnections } from './lib/queue-seed';
import { percentile } from './lib/stats';

async function main(): Promise<void> {
  const [pending = 100_000, users = 200, done = 0] = process.argv.slice(2).map(Number);
  const bench = await createPostgresBenchDatabase(process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', { maxConnections: 2 });
  try {
    const db = bench.database.db;
    await seedConnections(db, users);
    if (done > 0) {
      await sql`
        insert into task_sync_jobs (user_id, action, task_id, priority, status, attempts, completed_at)
        select 'bench-user-' || (g % ${users}::int), 'create', gen_random_uuid(), 0, 'completed', 1, now()
          from generate_series(1, ${done}::int) g`.execute(db);
    }
    await sql`
      insert into task_sync_jobs (user_id, action, task_id, priority)
      select 'bench-user-' || (g / ${Math.ceil(pending / users)}::int), 'create', gen_random_uuid(), (g % 2) * 10
        from generate_series(0, ${pending - 1}::int) g
       order by g`.execute(db);
    await sql`vacuum analyze task_sync_jobs`.execute(db);
    for (const limit of [8, 25]) {
      const times: number[] = [];
      for (let i = 0; i < 60; i++) {
        const started = performance.now();
        const jobs = await claimTaskSyncJobs(db, { workerId: 'timing', limit, leaseSeconds: 60 });
        times.push(performance.now() - started);
        if (jobs.length > 0) {
          await db.updateTable('task_sync_jobs').set({ status: 'completed', completed_at: sql`now()` }).where('id', 'in', jobs.map((j) => j.id) as never[]).execute();
        }
      }
      const sorted = times.slice(10).sort((a, b) => a - b);
      console.log(
        `${pending} pending for ${users} users, ${done} completed: claim of ${limit}: p50 ${percentile(sorted, 50).toFixed(1)} ms, p95 ${percentile(sorted, 95).toFixed(1)} ms, max ${sorted[sorted.length - 1].toFixed(1)} ms`,
      );
    }
  } finally {
    await bench.drop();
  }
}

void main();
