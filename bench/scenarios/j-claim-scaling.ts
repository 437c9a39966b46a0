/**
 * (j) claim_task_sync_jobs as the number of users with pending work grows (issue 15):
 * 200, 2,000, 20,000 and 100,000 users, the same 100,000 pending jobs each time (500,
 * 50, 5 and 1 per user), each size on a fresh database.
 *  - latency: one claimer, claims of 25, each completed right after (as a worker does);
 *    p50 / p95 after a warm-up;
 *  - throughput: 4 claimers (4 connections, as 4 workers) claiming 25 and completing
 *    them in one statement, until 20,000 jobs are done: jobs per second.
 * The chart (bench/claim-scaling.svg) is redrawn from the figures.
 */
import { sql } from 'kysely';
import { openDatabase, type Db } from '../../src/db/client';
import { claimTaskSyncJobs, completeJobs } from '../../src/db/jobs-repository';
import { BENCH_SECRET_KEY, createPostgresBenchDatabase } from '../lib/bench-database';
import { writeClaimScalingChart, type ClaimScalingPoint } from '../lib/claim-chart';
import { seedConnections } from '../lib/queue-seed';
import { notMeasured, type BenchContext, type Scenario } from '../lib/scenario';
import { percentile, round } from '../lib/stats';

const USER_COUNTS = [200, 2_000, 20_000, 100_000];
const PENDING_JOBS = 100_000;
const CLAIM = 25;
const CLAIMERS = 4;
const LATENCY_CLAIMS = 80;
const WARM_UP = 10;
const THROUGHPUT_JOBS = 20_000;
const P95_TARGET_MS = 20;
const RATIO_TARGET = 0.8;
const TARGET = `claim of ${CLAIM} at 100,000 users: p95 < ${P95_TARGET_MS} ms; throughput at 20,000 users ≥ ${RATIO_TARGET} × at 200`;

async function seed(db: Db, users: number, jobs: number): Promise<void> {
  await seedConnections(db, users);
  // Each user's jobs queued one after another (bursts), half interactive, half bulk.
  await sql`
    insert into task_sync_jobs (user_id, action, task_id, priority)
    select 'bench-user-' || (g / ${Math.ceil(jobs / users)}::int), 'create', gen_random_uuid(), (g % 2) * 10
      from generate_series(0, ${jobs - 1}::int) g
     order by g`.execute(db);
  await sql`vacuum analyze task_sync_jobs`.execute(db);
  await sql`vacuum analyze task_sync_user_turns`.execute(db);
  await sql`vacuum analyze outlook_connections`.execute(db);
}

async function claimLatency(db: Db, claims: number): Promise<{ p50: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < claims; i++) {
    const started = performance.now();
    const jobs = await claimTaskSyncJobs(db, { workerId: 'bench-latency', limit: CLAIM, leaseSeconds: 60 });
    times.push(performance.now() - started);
    await completeJobs(db, { workerId: 'bench-latency', jobs: jobs.map((j) => ({ jobId: j.id })), now: new Date() });
  }
  const sample = times.slice(WARM_UP);
  return { p50: percentile(sample, 50), p95: percentile(sample, 95) };
}

async function claimThroughput(url: string, jobs: number): Promise<number> {
  const pools = await Promise.all(Array.from({ length: CLAIMERS }, () => openDatabase({ url, secretKey: BENCH_SECRET_KEY, maxConnections: 1 })));
  try {
    let done = 0;
    const started = performance.now();
    await Promise.all(
      pools.map(async (pool, i) => {
        let empty = 0;
        while (done < jobs && empty < 200) {
          const claimed = await claimTaskSyncJobs(pool.db, { workerId: `bench-claimer-${i}`, limit: CLAIM, leaseSeconds: 60 });
          if (claimed.length === 0) {
            empty++;
            continue;
          }
          empty = 0;
          await completeJobs(pool.db, { workerId: `bench-claimer-${i}`, jobs: claimed.map((j) => ({ jobId: j.id })), now: new Date() });
          done += claimed.length;
        }
      }),
    );
    return (done / (performance.now() - started)) * 1000;
  } finally {
    for (const pool of pools) await pool.close();
  }
}

export const claimScaling: Scenario = {
  id: 'j',
  title: 'Claim latency and claim+complete throughput vs users with pending work (100,000 jobs), 4 claimers',
  targetText: TARGET,
  async run(ctx: BenchContext) {
    if (!ctx.postgresAdminUrl) return notMeasured(TARGET, 'no Postgres reachable');
    const sizes = ctx.quick ? [200, 2_000, 20_000] : USER_COUNTS;
    const pending = ctx.quick ? 20_000 : PENDING_JOBS;
    const drain = ctx.quick ? 4_000 : THROUGHPUT_JOBS;
    const points: ClaimScalingPoint[] = [];
    for (const users of sizes) {
      const bench = await createPostgresBenchDatabase(ctx.postgresAdminUrl, { maxConnections: 2 });
      try {
        ctx.log(`(j) ${users} users, ${pending} pending jobs: seeding`);
        await seed(bench.database.db, users, pending);
        const latency = await claimLatency(bench.database.db, ctx.quick ? 30 : LATENCY_CLAIMS);
        const jobsPerSecond = await claimThroughput(bench.url!, drain);
        ctx.log(`(j) ${users} users: p50 ${round(latency.p50)} ms, p95 ${round(latency.p95)} ms, ${Math.round(jobsPerSecond)} jobs/s`);
        points.push({ users, p50Ms: round(latency.p50), p95Ms: round(latency.p95), jobsPerSecond: Math.round(jobsPerSecond) });
      } finally {
        await bench.drop();
      }
    }
    writeClaimScalingChart(points);
    const at = (users: number) => points.find((p) => p.users === users);
    const largest = points[points.length - 1];
    const ratio = at(20_000) && at(200) ? at(20_000)!.jobsPerSecond / at(200)!.jobsPerSecond : null;
    const met = !ctx.quick && largest.users === 100_000 && largest.p95Ms < P95_TARGET_MS && ratio !== null && ratio >= RATIO_TARGET;
    return {
      status: 'measured',
      headline:
        points.map((p) => `${p.users.toLocaleString('en')} users: p50 ${p.p50Ms} / p95 ${p.p95Ms} ms, ${p.jobsPerSecond} jobs/s`).join('; ') +
        (ratio !== null ? `; 20,000 ÷ 200 users throughput ${round(ratio, 2)}` : ''),
      target: { text: TARGET, met: ctx.quick ? null : met },
      figures: Object.fromEntries(points.map((p) => [`users${p.users}`, { p50Ms: p.p50Ms, p95Ms: p.p95Ms, jobsPerSecond: p.jobsPerSecond }])),
      notes: [
        `Each size on a fresh database holding ${pending.toLocaleString('en')} pending jobs (half interactive, half bulk, each user's queued one after another); ` +
          `latency from one claimer (claims of ${CLAIM}, each completed before the next, the first ${WARM_UP} not counted); throughput from ${CLAIMERS} claimers on their own connections claiming ${CLAIM} and completing them in one statement until ${drain.toLocaleString('en')} jobs were done. ` +
          'Before issue 15 (one advisory lock, a loose index scan over every waiting user) a claim of 25 took p95 64 / 507 / 1,825 ms at 200 / 2,000 / 20,000 users and the 20,000-user throughput was 0.03 × the 200-user one. Chart: bench/claim-scaling.svg.',
      ],
    };
  },
};
