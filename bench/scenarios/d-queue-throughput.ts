/**
 * (d) Queue claim + complete throughput of no-op jobs with 4 workers, Planner's
 * queue (claim_task_sync_jobs + lease-guarded completion, per-user affinity,
 * fairness) beside graphile-worker (defaults) on the same Postgres, in the same run.
 * Each system gets a fresh database per round; 4 workers = 4 pools, as 4 processes
 * would have, all in this one Node process for both systems.
 */
import { Logger } from '@graphile/logger';
import { run as runGraphileWorker, makeWorkerUtils, runMigrations } from 'graphile-worker';
import { sql } from 'kysely';
import pg from 'pg';
import { openDatabase } from '../../src/db/client';
import { newWorkerId, processTaskSyncJobs } from '../../src/jobs/process-task-sync-jobs';
import { completed, type JobHandlers } from '../../src/jobs/types';
import { BENCH_SECRET_KEY, createPostgresBenchDatabase } from '../lib/bench-database';
import { countActiveJobs, seedConnections, seedPendingJobs } from '../lib/queue-seed';
import { notMeasured, type BenchContext, type Scenario } from '../lib/scenario';
import { round, sleep } from '../lib/stats';

const WORKERS = 4;
const PER_WORKER_CONCURRENCY = 4;
const USERS = 200;
const TARGET = 'ratio reported (the issue sets no target)';

const noop = async () => completed();
const noopHandlers: JobHandlers = { create: noop, update: noop, delete: noop, full_sync: noop, project_sync: noop, project_delete: noop };

async function waitUntil(done: () => Promise<boolean>, pollMs = 10): Promise<void> {
  while (!(await done())) await sleep(pollMs);
}

/** One round of Planner's queue: returns jobs per second. */
async function plannerRound(adminUrl: string, jobs: number): Promise<number> {
  const bench = await createPostgresBenchDatabase(adminUrl, { maxConnections: 2 });
  try {
    await seedConnections(bench.database.db, USERS);
    await seedPendingJobs(bench.database.db, { jobs, users: USERS });
    await sql`vacuum analyze task_sync_jobs`.execute(bench.database.db);
    const pools = await Promise.all(
      Array.from({ length: WORKERS }, () => openDatabase({ url: bench.url!, secretKey: BENCH_SECRET_KEY, maxConnections: 3 })),
    );
    const start = performance.now();
    await Promise.all(pools.map((pool) => plannerWorkerLoop(pool.db)));
    const elapsed = performance.now() - start;
    if ((await countActiveJobs(bench.database.db)) !== 0) throw new Error('planner queue did not drain');
    for (const pool of pools) await pool.close();
    return (jobs / elapsed) * 1000;
  } finally {
    await bench.drop();
  }
}

async function plannerWorkerLoop(db: Parameters<typeof processTaskSyncJobs>[0]['db']): Promise<void> {
  const workerId = newWorkerId('bench');
  for (;;) {
    const summary = await processTaskSyncJobs({
      db,
      workerId,
      limit: 100,
      userConcurrency: PER_WORKER_CONCURRENCY,
      timeBudgetMs: 600_000,
      handlers: noopHandlers,
    });
    if (summary.processed > 0) continue;
    if (summary.remaining === 0) return;
    await sleep(5);
  }
}

const silentLogger = new Logger(() => () => {});

/** One round of graphile-worker with its defaults: returns jobs per second. */
async function graphileRound(adminUrl: string, jobs: number): Promise<number> {
  const bench = await createPostgresBenchDatabase(adminUrl, { maxConnections: 2 });
  try {
    const connectionString = bench.url!;
    await runMigrations({ connectionString, logger: silentLogger });
    const utils = await makeWorkerUtils({ connectionString, logger: silentLogger });
    for (let i = 0; i < jobs; i += 1000) {
      const size = Math.min(1000, jobs - i);
      await utils.addJobs(Array.from({ length: size }, (_, k) => ({ identifier: 'noop', payload: { i: i + k } })));
    }
    await utils.release();
    await sql`vacuum analyze graphile_worker._private_jobs`.execute(bench.database.db);
    const pools = Array.from({ length: WORKERS }, () => {
      const pool = new pg.Pool({ connectionString, max: PER_WORKER_CONCURRENCY + 1 });
      pool.on('error', () => {});
      pool.on('connect', (client) => client.on('error', () => {}));
      return pool;
    });
    const start = performance.now();
    const runners = await Promise.all(
      pools.map((pgPool) =>
        runGraphileWorker({
          pgPool,
          concurrency: PER_WORKER_CONCURRENCY,
          noHandleSignals: true,
          logger: silentLogger,
          taskList: { noop: async () => {} },
        }),
      ),
    );
    await waitUntil(async () => (await countGraphileJobs(bench)) === 0);
    const elapsed = performance.now() - start;
    await Promise.all(runners.map((r) => r.stop()));
    await Promise.all(pools.map((p) => p.end()));
    return (jobs / elapsed) * 1000;
  } finally {
    await bench.drop();
  }
}

async function countGraphileJobs(bench: Awaited<ReturnType<typeof createPostgresBenchDatabase>>): Promise<number> {
  const r = await sql<{ n: string }>`select count(*) as n from graphile_worker._private_jobs`.execute(bench.database.db);
  return Number(r.rows[0].n);
}

export const queueThroughput: Scenario = {
  id: 'd',
  title: 'Queue claim+complete throughput, 4 workers, no-op jobs, vs graphile-worker',
  targetText: TARGET,
  async run(ctx: BenchContext) {
    if (!ctx.postgresAdminUrl) return notMeasured(TARGET, 'no Postgres reachable');
    const jobs = ctx.quick ? 2_000 : 20_000;
    const rounds = ctx.quick ? 1 : 2;
    const planner: number[] = [];
    const graphile: number[] = [];
    for (let r = 0; r < rounds; r++) {
      ctx.log(`(d) round ${r + 1}/${rounds}: Planner queue, ${jobs} jobs`);
      planner.push(await plannerRound(ctx.postgresAdminUrl, jobs));
      ctx.log(`(d) round ${r + 1}/${rounds}: graphile-worker, ${jobs} jobs`);
      graphile.push(await graphileRound(ctx.postgresAdminUrl, jobs));
    }
    const best = (xs: number[]) => Math.max(...xs);
    const ratio = best(planner) / best(graphile);
    return {
      status: 'measured',
      headline: `Planner ${Math.round(best(planner))} jobs/s, graphile-worker ${Math.round(best(graphile))} jobs/s, ratio ${round(ratio, 2)}`,
      target: { text: TARGET, met: null },
      figures: {
        jobs,
        workers: WORKERS,
        perWorkerConcurrency: PER_WORKER_CONCURRENCY,
        users: USERS,
        plannerJobsPerSecond: planner.map((v) => round(v)).join(', '),
        graphileJobsPerSecond: graphile.map((v) => round(v)).join(', '),
        ratioBest: round(ratio, 3),
      },
      notes: [
        'Best of rounds; each round on a fresh database. Planner claims in batches of up to 25 with one advisory-locked statement that also enforces per-user affinity and round-robin fairness, and keeps completed rows (graphile-worker deletes them).',
      ],
    };
  },
};
