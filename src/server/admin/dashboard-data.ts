/**
 * Everything /admin draws, in one JSON-safe object: the health report, chart
 * series over the last `hours`, failed jobs, connections and firing alerts.
 */
import type { Executor } from '../../db/client';
import { listAlertState } from '../../db/ops-alert-state';
import {
  countFailuresByCode,
  listConnectionsOverview,
  listJobs,
  readLatencySeries,
  readThroughputSeries,
} from '../../db/ops-jobs-repository';
import { readSampleSeries } from '../../db/ops-metric-samples';
import { buildHealthReport } from '../health/health-report';
import type { HealthReport, HealthThresholds } from '../health/health-schema';
import { flushMetricSamples } from '../../observability/metrics';

export interface DashboardOptions {
  now?: Date;
  hours?: number;
  bucketMinutes?: number;
  thresholds?: HealthThresholds;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

/** Every bucket start from `since` to `now`, so gaps chart as zero. */
function bucketStarts(since: Date, now: Date, bucketMs: number): number[] {
  const first = Math.floor(since.getTime() / bucketMs) * bucketMs;
  const out: number[] = [];
  for (let t = first; t <= now.getTime(); t += bucketMs) out.push(t);
  return out;
}

function fill<T extends object>(starts: number[], points: Map<number, T>, empty: T): (T & { t: string })[] {
  return starts.map((t) => ({ t: new Date(t).toISOString(), ...(points.get(t) ?? empty) }));
}

async function readCharts(db: Executor, since: Date, now: Date, bucketSeconds: number) {
  const starts = bucketStarts(since, now, bucketSeconds * 1000);
  const throughput = await readThroughputSeries(db, since, bucketSeconds);
  const latency = await readLatencySeries(db, since, bucketSeconds);
  const throttles = await readSampleSeries(db, 'graph_throttled', since, bucketSeconds, 'sum');
  const depth = await readSampleSeries(db, 'queue_depth', since, bucketSeconds, 'last');
  const depthBy = new Map<number, { pending: number; processing: number; failed: number }>();
  for (const p of depth) {
    const key = p.bucket.getTime();
    const row = depthBy.get(key) ?? { pending: 0, processing: 0, failed: 0 };
    if (p.label === 'pending' || p.label === 'processing' || p.label === 'failed') row[p.label] = p.value;
    depthBy.set(key, row);
  }
  return {
    queueDepth: [...depthBy.entries()].sort(([a], [b]) => a - b).map(([t, v]) => ({ t: new Date(t).toISOString(), ...v })),
    throughput: fill(starts, new Map(throughput.map((p) => [p.bucket.getTime(), { completed: p.completed, failed: p.failed }])), {
      completed: 0,
      failed: 0,
    }),
    latency: latency.map((p) => ({
      t: p.bucket.toISOString(),
      avgSeconds: Math.round(p.avgSeconds * 10) / 10,
      p95Seconds: Math.round(p.p95Seconds * 10) / 10,
    })),
    throttles: fill(starts, new Map(throttles.map((p) => [p.bucket.getTime(), { count: p.value }])), { count: 0 }),
    failuresByCode: (await countFailuresByCode(db)).map((r) => ({ code: r.key, count: r.count })),
  };
}

async function readTables(db: Executor) {
  const failed = await listJobs(db, { status: 'failed', limit: 200 });
  const connections = await listConnectionsOverview(db);
  const alerts = (await listAlertState(db)).filter((a) => !a.resolved_at);
  return {
    failedJobs: failed.map((j) => ({
      id: j.id,
      userId: j.user_id,
      action: j.action,
      attempts: j.attempts,
      lastError: j.last_error,
      lastErrorCode: j.last_error_code,
      failedAt: iso(j.updated_at)!,
    })),
    connections: connections.map((c) => ({
      userId: c.user_id,
      email: c.email,
      displayName: c.display_name,
      needsReconnect: c.needs_reconnect,
      reconnectReason: c.needs_reconnect_reason,
      lastSyncAt: iso(c.last_sync_at),
      lastError: c.last_error,
      lists: c.lists,
      pausedLists: c.paused_lists,
      subscriptionExpiresAt: iso(c.next_subscription_expiry),
      pendingJobs: c.pending_jobs,
      failedJobs: c.failed_jobs,
    })),
    alerts: alerts.map((a) => ({ code: a.code, severity: a.severity, message: a.message, firedAt: iso(a.fired_at)! })),
  };
}

export async function loadDashboard(db: Executor, options: DashboardOptions = {}) {
  const now = options.now ?? new Date();
  const hours = options.hours ?? 24;
  const bucketSeconds = (options.bucketMinutes ?? 30) * 60;
  const since = new Date(now.getTime() - hours * 3600_000);
  await flushMetricSamples(db, now);
  const report: HealthReport = await buildHealthReport(db, { now, thresholds: options.thresholds });
  return {
    report,
    window: { since: since.toISOString(), until: now.toISOString(), bucketMinutes: bucketSeconds / 60 },
    charts: await readCharts(db, since, now, bucketSeconds),
    ...(await readTables(db)),
  };
}

export type DashboardData = Awaited<ReturnType<typeof loadDashboard>>;
