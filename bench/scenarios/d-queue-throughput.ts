/**
 * (d) Queue claim + complete throughput of no-op jobs with 4 workers: Planner's queue
 * through processTaskSyncJobs, its real bookkeeping (claim_task_sync_jobs, leases and
 * their heartbeat, lease-guarded batched completion, the mailbox-pause checks, per-user
 * affinity, fairness), beside graphile-worker on the same Postgres in the same run, both
 * with its defaults and TUNED (issue 15): its `concurrency`, `localQueue` (jobs fetched
 * and locked in batches) and `completeJobBatchDelay` (batched completion), the best of a
 * few settings. Each system gets a fresh database per round; 4 workers = 4 pools, as 4
 * processes would have, all in this one Node process for every system.
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
/** Planner tuned as an operator would: OUTLOOK_WORKER_USER_CONCURRENCY=32 (claims of up to 64). */
const PLANNER_USER_CONCURRENCY = 32;
const USERS = 200;
const RATIO_TARGET = 1.5;
const TARGET = `Planner ≥ ${RATIO_TARGET} × tuned graphile-worker jobs/s`;

interface GraphileSettings {
  label: string;
  concurrency: number;
  localQueueSize?: number;
  completeJobBatchDelay?: number;
}

const GRAPHILE_DEFAULTS: GraphileSettings = { label: 'defaults (concurrency 4)', concurrency: PER_WORKER_CONCURRENCY };
/** The tuned settings tried (the best counts): graphile-worker's performance guide's knobs. */
const GRAPHILE_TUNED: GraphileSettings[] = [
  { label: 'concurrency 16, localQueue 50, completeJobBatchDelay 1 ms', concurrency: 16, localQueueSize: 50, completeJobBatchDelay: 1 },
  { label: 'concurrency 8, localQueue 25, completeJobBatchDelay 1 ms', concurrency: 8, localQueueSize: 25, completeJobBatchDelay: 1 },
  { label: 'concurrency 32, localQueue 100, completeJobBatchDelay 2 ms', concurrency: 32, localQueueSize: 100, completeJobBatchDelay: 2 },
];

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
      limit: 1000,
      userConcurrency: PLANNER_USER_CONCURRENCY,
      timeBudgetMs: 600_000,
      handlers: noopHandlers,
    });
    if (summary.processed > 0) continue;
    if (summary.remaining === 0) return;
    await sleep(5);
  }
}

const silentLogger = new Logger(() => () => {});

/** One round of graphile-worker with `settings`: returns jobs per second. */
async function graphileRound(adminUrl: string, jobs: number, settings: GraphileSettings): Promise<number> {
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
      const pool = new pg.Pool({ connectionString, max: settings.concurrency + 2 });
      pool.on('error', () => {});
      pool.on('connect', (client) => client.on('error', () => {}));
      return pool;
    });
    const start = performance.now();
    const runners = await Promise.all(
      pools.map((pgPool) =>
        runGraphileWorker({
          pgPool,
          concurrency: settings.concurrency,
          noHandleSignals: true,
          logger: silentLogger,
          taskList: { noop: async () => {} },
          preset: {
            worker: {
              ...(settings.localQueueSize ? { localQueue: { size: settings.localQueueSize } } : {}),
              ...(settings.completeJobBatchDelay !== undefined ? { completeJobBatchDelay: settings.completeJobBatchDelay } : {}),
            },
          },
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
  title: 'Queue claim+complete throughput, 4 workers, no-op jobs, vs graphile-worker tuned',
  targetText: TARGET,
  async run(ctx: BenchContext) {
    if (!ctx.postgresAdminUrl) return notMeasured(TARGET, 'no Postgres reachable');
    const jobs = ctx.quick ? 2_000 : 20_000;
    const rounds = ctx.quick ? 1 : 2;
    const planner: number[] = [];
    const defaults: number[] = [];
    const tuned = new Map<string, number[]>(GRAPHILE_TUNED.map((s) => [s.label, []]));
    for (let r = 0; r < rounds; r++) {
      ctx.log(`(d) round ${r + 1}/${rounds}: Planner queue, ${jobs} jobs`);
      planner.push(await plannerRound(ctx.postgresAdminUrl, jobs));
      ctx.log(`(d) round ${r + 1}/${rounds}: graphile-worker ${GRAPHILE_DEFAULTS.label}`);
      defaults.push(await graphileRound(ctx.postgresAdminUrl, jobs, GRAPHILE_DEFAULTS));
      for (const settings of GRAPHILE_TUNED) {
        ctx.log(`(d) round ${r + 1}/${rounds}: graphile-worker ${settings.label}`);
        tuned.get(settings.label)!.push(await graphileRound(ctx.postgresAdminUrl, jobs, settings));
      }
    }
    const best = (xs: number[]) => Math.max(...xs);
    const [bestTunedLabel, bestTunedRuns] = [...tuned].sort((a, b) => best(b[1]) - best(a[1]))[0];
    const ratio = best(planner) / best(bestTunedRuns);
    return {
      status: 'measured',
      headline:
        `Planner ${Math.round(best(planner))} jobs/s, graphile-worker tuned ${Math.round(best(bestTunedRuns))} jobs/s (${bestTunedLabel}), ratio ${round(ratio, 2)}; ` +
        `graphile-worker defaults ${Math.round(best(defaults))} jobs/s`,
      target: { text: TARGET, met: ctx.quick ? null : ratio >= RATIO_TARGET },
      figures: {
        jobs,
        workers: WORKERS,
        plannerUserConcurrency: PLANNER_USER_CONCURRENCY,
        users: USERS,
        plannerJobsPerSecond: planner.map((v) => round(v)).join(', '),
        graphileDefaultsJobsPerSecond: defaults.map((v) => round(v)).join(', '),
        ...Object.fromEntries([...tuned].map(([label, runs]) => [`graphile ${label}`, runs.map((v) => round(v)).join(', ')])),
        bestTunedGraphile: bestTunedLabel,
        ratioBestTuned: round(ratio, 3),
        ratioDefaults: round(best(planner) / best(defaults), 3),
      },
      notes: [
        `Best of rounds; each round on a fresh database. Planner runs processTaskSyncJobs with OUTLOOK_WORKER_USER_CONCURRENCY=${PLANNER_USER_CONCURRENCY} (claims of up to 64): the claim (no global lock; per-user affinity, one job per task, fairness), leases with their heartbeat, the mailbox-pause checks and one lease-guarded completion statement per batch; it keeps completed rows (graphile-worker deletes them). ` +
          `graphile-worker tuned: the best of ${GRAPHILE_TUNED.map((s) => s.label).join('; ')}. ` +
          'Where the time goes (CPU per job in Node and in Postgres, each side, and the floor of Planner\'s two row writes): npx tsx bench/queue-cpu.ts, decision 0058.',
      ],
    };
  },
};
