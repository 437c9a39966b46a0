/**
 * (h) The embedded default (PGlite, in memory, in-process) against the machine's
 * Postgres for one workload: enqueue jobs through enqueueTaskSyncJob, drain them
 * with one worker (no-op handlers), then /health on a 100,000-row queue.
 * One worker on both: PGlite is a single connection, so more workers would only queue.
 */
import type { Db } from '../../src/db/client';
import { enqueueTaskSyncJob } from '../../src/jobs/queue';
import { processTaskSyncJobs } from '../../src/jobs/process-task-sync-jobs';
import { completed, type JobHandlers } from '../../src/jobs/types';
import { createPgliteBenchDatabase, createPostgresBenchDatabase, type BenchDatabase } from '../lib/bench-database';
import { seedLargeQueue } from '../lib/large-queue-seed';
import { useAsProcessDatabase } from '../lib/process-database';
import { seedConnections } from '../lib/queue-seed';
import { notMeasured, type BenchContext, type Scenario } from '../lib/scenario';
import { round, summarise, timed } from '../lib/stats';
import { sampleHealthRoute } from './g-health-large-queue';

const TARGET = 'comparison (no target): when to move off PGlite';
const USERS = 50;

const noop = async () => completed();
const noopHandlers: JobHandlers = { create: noop, update: noop, delete: noop, full_sync: noop, project_sync: noop, project_delete: noop };

interface EngineFigures {
  enqueuePerSecond: number;
  drainPerSecond: number;
  healthP95Ms: number;
  healthP50Ms: number;
}

async function enqueueJobs(db: Db, jobs: number): Promise<void> {
  for (let i = 0; i < jobs; i++) {
    await enqueueTaskSyncJob(db, { userId: `bench-user-${i % USERS}`, action: 'create', taskId: crypto.randomUUID() });
  }
}

async function drainOneWorker(db: Db): Promise<void> {
  for (;;) {
    const s = await processTaskSyncJobs({ db, limit: 100, timeBudgetMs: 600_000, handlers: noopHandlers });
    if (s.processed === 0 && s.remaining === 0) return;
  }
}

async function measureEngine(open: () => Promise<BenchDatabase>, jobs: number, healthRows: number): Promise<EngineFigures> {
  const queueDb = await open();
  let enqueueMs: number;
  let drainMs: number;
  try {
    await seedConnections(queueDb.database.db, USERS);
    [, enqueueMs] = await timed(() => enqueueJobs(queueDb.database.db, jobs));
    [, drainMs] = await timed(() => drainOneWorker(queueDb.database.db));
  } finally {
    await queueDb.drop();
  }
  const healthDb = await open();
  const release = useAsProcessDatabase(healthDb.database);
  try {
    await seedLargeQueue(healthDb.database.db, { jobs: healthRows, users: 1_000, lists: 5_000 });
    const s = summarise(await sampleHealthRoute(50));
    return {
      enqueuePerSecond: round((jobs / enqueueMs) * 1000),
      drainPerSecond: round((jobs / drainMs) * 1000),
      healthP50Ms: s.p50Ms,
      healthP95Ms: s.p95Ms,
    };
  } finally {
    release();
    await healthDb.drop();
  }
}

export const pgliteVsPostgres: Scenario = {
  id: 'h',
  title: 'PGlite vs Postgres, same workload (enqueue, drain with 1 worker, /health on 100k rows)',
  targetText: TARGET,
  async run(ctx: BenchContext) {
    if (!ctx.postgresAdminUrl) return notMeasured(TARGET, 'no Postgres reachable to compare with');
    const adminUrl = ctx.postgresAdminUrl;
    const jobs = ctx.quick ? 500 : 3_000;
    const healthRows = ctx.quick ? 20_000 : 100_000;
    ctx.log(`(h) PGlite: ${jobs} jobs, /health on ${healthRows} rows`);
    const pglite = await measureEngine(createPgliteBenchDatabase, jobs, healthRows);
    ctx.log(`(h) Postgres: ${jobs} jobs, /health on ${healthRows} rows`);
    const postgres = await measureEngine(() => createPostgresBenchDatabase(adminUrl), jobs, healthRows);
    const ratio = (a: number, b: number) => round(a / b, 2);
    return {
      status: 'measured',
      headline:
        `enqueue ${pglite.enqueuePerSecond} vs ${postgres.enqueuePerSecond}/s, drain ${pglite.drainPerSecond} vs ${postgres.drainPerSecond}/s, ` +
        `/health p95 ${pglite.healthP95Ms} vs ${postgres.healthP95Ms} ms (PGlite vs Postgres)`,
      target: { text: TARGET, met: null },
      figures: {
        jobs,
        healthRows,
        pglite: { ...pglite },
        postgres: { ...postgres },
        pgliteOverPostgres: {
          enqueue: ratio(pglite.enqueuePerSecond, postgres.enqueuePerSecond),
          drain: ratio(pglite.drainPerSecond, postgres.drainPerSecond),
          healthP95: ratio(pglite.healthP95Ms, postgres.healthP95Ms),
        },
      },
      notes: [
        (pglite.drainPerSecond >= postgres.drainPerSecond
          ? 'For one worker PGlite kept up with Postgres here (it runs inside the app process, with no network hop). '
          : 'Postgres was faster than PGlite here even for one worker. ') +
          'PGlite is one connection in one process, so a second worker, a second web instance or `npm run worker` cannot share it: ' +
          'move to Postgres to run more than one process.',
      ],
    };
  },
};
