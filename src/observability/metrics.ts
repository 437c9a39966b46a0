/**
 * Prometheus metrics (issue 8 §4) on one prom-client Registry, plus per-minute
 * samples kept in ops_metric_samples so /admin can chart history across
 * restarts and processes.
 *
 * Callers record with the small functions below; nothing here throws into the
 * sync. `renderMetrics(db)` sets the queue gauges from the database at scrape
 * time and flushes pending samples.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { getDb } from '../db';
import type { Executor } from '../db/client';
import { readQueueFigures } from '../db/health-repository';
import { addMetricSamples, setGaugeSamples, type MetricSampleDelta } from '../db/ops-metric-samples';

function createMetrics() {
  const registry = new Registry();
  registry.setDefaultLabels({ service: 'planner' });
  collectDefaultMetrics({ register: registry, prefix: 'planner_process_' });
  const registers = [registry];
  return {
    registry,
    jobsTotal: new Counter({
      name: 'planner_sync_jobs_total',
      help: 'Sync jobs finished, by action and outcome',
      labelNames: ['action', 'outcome'] as const,
      registers,
    }),
    jobDuration: new Histogram({
      name: 'planner_sync_job_duration_seconds',
      help: 'Time one sync job took in the worker',
      labelNames: ['action', 'outcome'] as const,
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers,
    }),
    graphRequests: new Counter({
      name: 'planner_graph_requests_total',
      help: 'Microsoft Graph HTTP responses, by method and status (0 = network error)',
      labelNames: ['method', 'status'] as const,
      registers,
    }),
    graphThrottled: new Counter({
      name: 'planner_graph_throttled_total',
      help: 'Graph responses that asked us to slow down (429)',
      registers,
    }),
    notificationsTotal: new Counter({
      name: 'planner_notifications_received_total',
      help: 'Change notifications received on the webhook',
      registers,
    }),
    notificationLatency: new Histogram({
      name: 'planner_notification_ingest_latency_seconds',
      help: 'Time from a notification batch arriving to its jobs being enqueued',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 3, 10],
      registers,
    }),
    tokenRefreshes: new Counter({
      name: 'planner_token_refreshes_total',
      help: 'Access token refreshes, by outcome',
      labelNames: ['outcome'] as const,
      registers,
    }),
    queueJobs: new Gauge({
      name: 'planner_queue_jobs',
      help: 'Jobs in task_sync_jobs by status (pending, processing, failed; stuck = processing past its lease)',
      labelNames: ['status'] as const,
      registers,
    }),
    /** Samples waiting to be written to ops_metric_samples, keyed by metric|label|bucket. */
    pending: new Map<string, MetricSampleDelta>(),
  };
}

// One set per process: Next.js bundles this module into each route, and the
// runner records in one bundle while /api/metrics renders in another.
const KEY = Symbol.for('planner.metrics');
const m: ReturnType<typeof createMetrics> = ((globalThis as Record<symbol, unknown>)[KEY] ??= createMetrics()) as ReturnType<
  typeof createMetrics
>;
export const registry = m.registry;
const { jobsTotal, jobDuration, graphRequests, graphThrottled, notificationsTotal, notificationLatency, tokenRefreshes, queueJobs, pending } = m;

export type JobOutcome = 'succeeded' | 'failed' | 'deferred' | 'skipped' | (string & {});
export type TokenRefreshOutcome = 'refreshed' | 'needs_reconnect' | 'failed' | (string & {});

function addSample(metric: string, label: string, value: number, at = new Date()): void {
  const bucket = minuteBucket(at);
  const key = `${metric}|${label}|${bucket.toISOString()}`;
  const entry = pending.get(key);
  if (entry) entry.value += value;
  else pending.set(key, { metric, label, bucketStart: bucket, value });
}

export function minuteBucket(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 60_000) * 60_000);
}

export function recordJobOutcome(action: string, outcome: JobOutcome, durationMs: number): void {
  jobsTotal.inc({ action, outcome });
  jobDuration.observe({ action, outcome }, Math.max(0, durationMs) / 1000);
  addSample('jobs_finished', outcome, 1);
}

export function recordGraphRequest(method: string, status: number): void {
  graphRequests.inc({ method: method.toUpperCase(), status: String(status) });
  addSample('graph_requests', String(status), 1);
}

export function recordThrottle(): void {
  graphThrottled.inc();
  addSample('graph_throttled', '', 1);
}

/** Adapter for createGraphHttp({ onResponse }): counts the request and any 429. */
export function observeGraphResponse(event: { method: string; status: number }): void {
  recordGraphRequest(event.method, event.status);
  if (event.status === 429) recordThrottle();
}

export function recordNotifications(count: number, latencyMs: number): void {
  notificationsTotal.inc(count);
  notificationLatency.observe(Math.max(0, latencyMs) / 1000);
  addSample('notifications', '', count);
}

export function recordTokenRefresh(outcome: TokenRefreshOutcome): void {
  tokenRefreshes.inc({ outcome });
  addSample('token_refreshes', outcome, 1);
}

/** Reads the queue from the database into the gauges; returns the figures. */
export async function updateQueueGauges(db: Executor, now = new Date()) {
  const q = await readQueueFigures(db, now);
  queueJobs.set({ status: 'pending' }, q.pending);
  queueJobs.set({ status: 'processing' }, q.processing);
  queueJobs.set({ status: 'failed' }, q.failed);
  queueJobs.set({ status: 'stuck' }, q.stuckProcessing);
  return q;
}

/**
 * Writes pending counter samples and a queue-depth sample for this minute to
 * ops_metric_samples. Cheap; call it on a timer, at scrape and after a drain.
 */
export async function flushMetricSamples(db: Executor, now = new Date()): Promise<void> {
  const q = await updateQueueGauges(db, now);
  const batch = [...pending.values()];
  pending.clear();
  try {
    await addMetricSamples(db, batch);
  } catch (error) {
    for (const s of batch) addSample(s.metric, s.label, s.value, s.bucketStart);
    throw error;
  }
  await setGaugeSamples(db, minuteBucket(now), 'queue_depth', {
    pending: q.pending,
    processing: q.processing,
    failed: q.failed,
  });
}

/** Prometheus text exposition, with fresh queue gauges. */
export async function renderMetrics(db: Executor): Promise<{ contentType: string; body: string }> {
  await flushMetricSamples(db);
  return { contentType: registry.contentType, body: await registry.metrics() };
}

/** Flushes samples every `intervalMs` (the runner calls this once); returns a stop function. */
export function startMetricSampleFlusher(db: Executor, intervalMs = 60_000, onError?: (e: unknown) => void): () => void {
  const timer = setInterval(() => {
    flushMetricSamples(db).catch((e) => onError?.(e));
  }, intervalMs);
  timer.unref?.();
  return () => clearInterval(timer);
}

/** renderMetrics on the process database (the /api/metrics route). */
export async function renderProcessMetrics(): Promise<{ contentType: string; body: string }> {
  return renderMetrics(await getDb());
}
