/**
 * /api/integrations/outlook/health and /api/metrics: 401 without the secret,
 * the documented shape with it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GET as healthGET } from '../../src/app/api/integrations/outlook/health/route';
import { GET as metricsGET } from '../../src/app/api/metrics/route';
import { healthReportSchema } from '../../src/server/health/health-schema';
import { observeGraphResponse, recordJobOutcome, recordNotifications, recordTokenRefresh } from '../../src/observability/metrics';
import { testEngines, useTestDatabase } from '../helpers/db';
import { bearer, installProcessDatabase, uninstallProcessDatabase, useOpsEnv } from './health-test-env';

/** The value of the first sample of `name` carrying all `labels` (any label order). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  for (const line of text.split('\n')) {
    const m = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const have = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]));
    if (Object.entries(labels).every(([k, v]) => have[k] === v)) return Number(m[3]);
  }
  return undefined;
}

const HEALTH_URL = 'http://127.0.0.1/api/integrations/outlook/health';
const METRICS_URL = 'http://127.0.0.1/api/metrics';

describe.each(testEngines())('operator routes on %s', (engine) => {
  const t = useTestDatabase(engine);
  beforeAll(() => {
    useOpsEnv();
    installProcessDatabase(t.database);
  });
  afterAll(() => uninstallProcessDatabase());

  it.each([
    ['health', healthGET, HEALTH_URL],
    ['metrics', metricsGET, METRICS_URL],
  ])('%s answers 401 without the secret or with a wrong one', async (_name, handler, url) => {
    expect((await handler(new Request(url))).status).toBe(401);
    const wrong = await handler(new Request(url, { headers: bearer('not-the-secret-but-long-enough') }));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'unauthorized' } });
  });

  it('health returns the documented shape with figures from the database', async () => {
    await t.db.insertInto('outlook_connections').values({ user_id: 'u1', microsoft_account_id: 'ms-u1' }).execute();
    await t.db
      .insertInto('task_sync_jobs')
      .values([
        { user_id: 'u1', action: 'create', status: 'failed', last_error: 'Item not found' },
        { user_id: 'u1', action: 'full_sync' },
      ])
      .execute();
    const res = await healthGET(new Request(HEALTH_URL, { headers: bearer() }));
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    const report = healthReportSchema.parse(await res.json());
    expect(report.connections.total).toBe(1);
    expect(report.queue).toMatchObject({ pending: 1, failed: 1 });
    expect(report.lastFailure?.lastError).toBe('Item not found');
    expect(report.warnings.map((w) => w.code)).toContain('failed_jobs');
    expect(report.status).toBe('warning');
  });

  it('metrics returns Prometheus text with queue depth, jobs, Graph, 429s, notifications and refreshes', async () => {
    recordJobOutcome('create', 'succeeded', 120);
    observeGraphResponse({ method: 'get', status: 429 });
    observeGraphResponse({ method: 'PATCH', status: 200 });
    recordNotifications(3, 40);
    recordTokenRefresh('refreshed');
    const res = await metricsGET(new Request(METRICS_URL, { headers: bearer() }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(sample(text, 'planner_queue_jobs', { status: 'pending' })).toBe(1);
    expect(sample(text, 'planner_queue_jobs', { status: 'failed' })).toBe(1);
    expect(sample(text, 'planner_sync_jobs_total', { action: 'create', outcome: 'succeeded' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'planner_sync_job_duration_seconds_bucket', { le: '0.25', action: 'create' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'planner_sync_job_duration_seconds_bucket', { le: '0.1', action: 'create' })).toBe(0);
    expect(sample(text, 'planner_graph_requests_total', { method: 'GET', status: '429' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'planner_graph_requests_total', { method: 'PATCH', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'planner_graph_throttled_total')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'planner_notifications_received_total')).toBeGreaterThanOrEqual(3);
    expect(sample(text, 'planner_notification_ingest_latency_seconds_count')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'planner_token_refreshes_total', { outcome: 'refreshed' })).toBeGreaterThanOrEqual(1);
  });

  it('a scrape persists per-minute samples for the dashboard charts', async () => {
    observeGraphResponse({ method: 'GET', status: 429 });
    await metricsGET(new Request(METRICS_URL, { headers: bearer() }));
    const rows = await t.db.selectFrom('ops_metric_samples').selectAll().execute();
    const byMetric = (m: string) => rows.filter((r) => r.metric === m);
    expect(byMetric('queue_depth').map((r) => r.label).sort()).toEqual(['failed', 'pending', 'processing']);
    expect(byMetric('graph_throttled').reduce((s, r) => s + r.value, 0)).toBeGreaterThanOrEqual(1);
  });
});
