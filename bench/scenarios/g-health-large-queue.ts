/**
 * (g) GET /api/integrations/outlook/health with 1,000,000 job rows: the route
 * handler itself (auth, report, JSON) called in-process against a dedicated
 * Postgres database, p95 over sequential requests after a warm-up.
 */
import { sql } from 'kysely';
import { GET as healthRoute } from '../../src/app/api/integrations/outlook/health/route';
import { BENCH_SYNC_SECRET } from '../lib/bench-env';
import { createPostgresBenchDatabase, type BenchDatabase } from '../lib/bench-database';
import { seedLargeQueue } from '../lib/large-queue-seed';
import { useAsProcessDatabase } from '../lib/process-database';
import { notMeasured, type BenchContext, type Scenario } from '../lib/scenario';
import { summarise, timed } from '../lib/stats';

const TARGET = 'p95 < 100 ms';
const WARMUP = 20;

/** Calls the health route `samples` times; returns the latencies in ms. */
export async function sampleHealthRoute(samples: number): Promise<number[]> {
  const call = async () => {
    const response = await healthRoute(
      new Request('http://planner.local/api/integrations/outlook/health', { headers: { authorization: `Bearer ${BENCH_SYNC_SECRET}` } }),
    );
    if (response.status !== 200) throw new Error(`/health answered ${response.status}`);
    await response.json();
  };
  for (let i = 0; i < WARMUP; i++) await call();
  const latencies: number[] = [];
  for (let i = 0; i < samples; i++) latencies.push((await timed(call))[1]);
  return latencies;
}

export const healthLargeQueue: Scenario = {
  id: 'g',
  title: '/health with 1,000,000 job rows',
  targetText: TARGET,
  async run(ctx: BenchContext) {
    if (!ctx.postgresAdminUrl) return notMeasured(TARGET, 'no Postgres reachable');
    const jobs = ctx.quick ? 100_000 : 1_000_000;
    const shape = { jobs, users: 5_000, lists: 25_000 };
    const bench: BenchDatabase = await createPostgresBenchDatabase(ctx.postgresAdminUrl);
    const release = useAsProcessDatabase(bench.database);
    try {
      ctx.log(`(g) seeding ${jobs} job rows, ${shape.users} connections, ${shape.lists} lists`);
      const [counts, seedMs] = await timed(() => seedLargeQueue(bench.database.db, shape));
      const size = await sql<{ bytes: string }>`select pg_total_relation_size('task_sync_jobs') as bytes`.execute(bench.database.db);
      const bytesPerJob = Math.round(Number(size.rows[0].bytes) / jobs);
      const samples = ctx.quick ? 50 : 200;
      ctx.log(`(g) ${samples} sequential /health requests`);
      const s = summarise(await sampleHealthRoute(samples));
      return {
        status: 'measured',
        headline: `p50 ${s.p50Ms} ms, p95 ${s.p95Ms} ms, max ${s.maxMs} ms`,
        target: { text: TARGET, met: s.p95Ms < 100 },
        figures: { ...shape, jobsByStatus: counts, seedSeconds: Math.round(seedMs / 1000), tableBytesPerJob: bytesPerJob, ...s },
        notes: [
          'Route handler called in-process (no HTTP hop), after `vacuum analyze` as autovacuum would leave the table. ' +
            `task_sync_jobs takes ${bytesPerJob} bytes per row with its indexes.`,
        ],
      };
    } finally {
      release();
      await bench.drop();
    }
  },
};
