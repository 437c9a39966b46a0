/**
 * Where bench (d)'s time goes (not a benchmark scenario; Linux only, it reads /proc):
 * `npx tsx bench/queue-cpu.ts [rounds]`. Runs bench (d)'s workload (20,000 no-op jobs,
 * 200 users, 4 workers, a fresh database each) for Planner (processTaskSyncJobs,
 * OUTLOOK_WORKER_USER_CONCURRENCY=32) and for graphile-worker with (d)'s best tuned
 * setting, and prints the CPU each spends per job in this Node process and in all
 * Postgres processes (the machine is CPU-bound, so CPU per job, not wall time, is what
 * decides jobs/s). Then the floor of Planner's row model: the same 20,000 job rows
 * claimed and completed by two bare UPDATEs in batches of 100 (no claim logic, no
 * worker), one connection. Decision 0058 reads these figures.
 */
import './lib/bench-env';
import { readFileSync, readdirSync } from 'node:fs';
import { Logger } from '@graphile/logger';
import { run as runGraphileWorker, makeWorkerUtils, runMigrations } from 'graphile-worker';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../src/db/client';
import { newWorkerId, processTaskSyncJobs } from '../src/jobs/process-task-sync-jobs';
import { completed, type JobHandlers } from '../src/jobs/types';
import { BENCH_SECRET_KEY, createPostgresBenchDatabase } from './lib/bench-database';
import { countActiveJobs, seedConnections, seedPendingJobs } from './lib/queue-seed';
import { sleep } from './lib/stats';

const ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const JOBS = 20_000;
const USERS = 200;
const WORKERS = 4;
const noop = async () => completed();
const handlers: JobHandlers = { create: noop, update: noop, delete: noop, full_sync: noop, project_sync: noop, project_delete: noop };
const silentLogger = new Logger(() => () => {});

interface Cost {
  jobsPerSecond: number;
  nodeUsPerJob: number;
  postgresUsPerJob: number;
}

/** CPU seconds used so far by every process named `postgres` (utime + stime). */
function postgresCpuSeconds(): number {
  const ticksPerSecond = 100;
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'postgres') continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      total += (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
    } catch {
      // the process ended meanwhile
    }
  }
  return total;
}

async function measure(work: () => Promise<void>): Promise<Cost> {
  const node0 = process.cpuUsage();
  const pg0 = postgresCpuSeconds();
  const started = performance.now();
  await work();
  const seconds = (performance.now() - started) / 1000;
  const node = process.cpuUsage(node0);
  return {
    jobsPerSecond: JOBS / seconds,
    nodeUsPerJob: (node.user + node.system) / JOBS,
    postgresUsPerJob: ((postgresCpuSeconds() - pg0) * 1e6) / JOBS,
  };
}

async function planner(): Promise<Cost> {
  const bench = await createPostgresBenchDatabase(ADMIN_URL, { maxConnections: 2 });
  try {
    await seedConnections(bench.database.db, USERS);
    await seedPendingJobs(bench.database.db, { jobs: JOBS, users: USERS });
    await sql`vacuum analyze task_sync_jobs`.execute(bench.database.db);
    const pools = await Promise.all(Array.from({ length: WORKERS }, () => openDatabase({ url: bench.url!, secretKey: BENCH_SECRET_KEY, maxConnections: 3 })));
    const cost = await measure(async () => {
      await Promise.all(
        pools.map(async (pool) => {
          const workerId = newWorkerId('bench');
          for (;;) {
            const s = await processTaskSyncJobs({ db: pool.db, workerId, limit: 1000, userConcurrency: 32, timeBudgetMs: 600_000, handlers });
            if (s.processed > 0) continue;
            if (s.remaining === 0) return;
            await sleep(5);
          }
        }),
      );
    });
    if ((await countActiveJobs(bench.database.db)) !== 0) throw new Error('Planner queue did not drain');
    for (const pool of pools) await pool.close();
    return cost;
  } finally {
    await bench.drop();
  }
}

async function graphile(): Promise<Cost> {
  const bench = await createPostgresBenchDatabase(ADMIN_URL, { maxConnections: 2 });
  try {
    const connectionString = bench.url!;
    await runMigrations({ connectionString, logger: silentLogger });
    const utils = await makeWorkerUtils({ connectionString, logger: silentLogger });
    for (let i = 0; i < JOBS; i += 1000) await utils.addJobs(Array.from({ length: 1000 }, (_, k) => ({ identifier: 'noop', payload: { i: i + k } })));
    await utils.release();
    await sql`vacuum analyze graphile_worker._private_jobs`.execute(bench.database.db);
    const pools = Array.from({ length: WORKERS }, () => {
      const pool = new pg.Pool({ connectionString, max: 34 });
      pool.on('error', () => {});
      return pool;
    });
    let runners: Awaited<ReturnType<typeof runGraphileWorker>>[] = [];
    const cost = await measure(async () => {
      runners = await Promise.all(
        pools.map((pgPool) =>
          runGraphileWorker({
            pgPool,
            concurrency: 32,
            noHandleSignals: true,
            logger: silentLogger,
            taskList: { noop: async () => {} },
            preset: { worker: { localQueue: { size: 100 }, completeJobBatchDelay: 2 } },
          }),
        ),
      );
      for (;;) {
        const r = await sql<{ n: string }>`select count(*) as n from graphile_worker._private_jobs`.execute(bench.database.db);
        if (Number(r.rows[0].n) === 0) return;
        await sleep(10);
      }
    });
    await Promise.all(runners.map((r) => r.stop()));
    await Promise.all(pools.map((p) => p.end()));
    return cost;
  } finally {
    await bench.drop();
  }
}

/** Planner's row model alone: the claim's and the completion's UPDATE of each job row, nothing else. */
async function rowFloor(): Promise<Cost> {
  const bench = await createPostgresBenchDatabase(ADMIN_URL, { maxConnections: 1 });
  try {
    const db = bench.database.db;
    await seedConnections(db, USERS);
    await seedPendingJobs(db, { jobs: JOBS, users: USERS });
    await sql`vacuum analyze task_sync_jobs`.execute(db);
    const ids = (await sql<{ id: string }>`select id from task_sync_jobs order by id`.execute(db)).rows.map((r) => r.id);
    return await measure(async () => {
      for (let i = 0; i < ids.length; i += 100) {
        const batch = ids.slice(i, i + 100);
        await sql`update task_sync_jobs set status = 'processing', worker_id = 'w', picked_at = now(), locked_until = now() + interval '2 minutes', attempts = attempts + 1
                   where id = any(${batch}::bigint[]) and status = 'pending'`.execute(db);
        await sql`update task_sync_jobs set status = 'completed', completed_at = now(), locked_until = null
                   where id = any(${batch}::bigint[]) and worker_id = 'w' and status = 'processing'`.execute(db);
      }
    });
  } finally {
    await bench.drop();
  }
}

const show = (label: string, c: Cost) =>
  console.log(
    `${label.padEnd(44)} ${String(Math.round(c.jobsPerSecond)).padStart(6)} jobs/s   Node ${c.nodeUsPerJob.toFixed(0).padStart(4)} µs/job   Postgres ${c.postgresUsPerJob.toFixed(0).padStart(4)} µs/job   total ${(c.nodeUsPerJob + c.postgresUsPerJob).toFixed(0).padStart(4)} µs/job`,
  );

const rounds = Number(process.argv[2] ?? 1);
for (let r = 0; r < rounds; r++) {
  show('Planner (processTaskSyncJobs, 4 workers)', await planner());
  show('graphile-worker tuned (4 workers)', await graphile());
  show('Planner row model floor (2 bare UPDATEs, 1 conn)', await rowFloor());
}
process.exit(0);
