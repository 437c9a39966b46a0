/**
 * /admin's data: chart series come from real rows (jobs, metric samples), gaps
 * are zero-filled, and the tables list failed jobs, connections and alerts.
 */
import { describe, expect, it } from 'vitest';
import { loadDashboard } from '../../src/server/admin/dashboard-data';
import { retryAllFailed, retryJob } from '../../src/server/admin/job-operations';
import { DEFAULT_THRESHOLDS } from '../../src/server/health/thresholds';
import { testEngines, useTestDatabase } from '../helpers/db';
import { useOpsEnv } from './health-test-env';

const NOW = new Date('2025-11-04T12:00:00.000Z');
const at = (min: number) => new Date(NOW.getTime() + min * 60_000);

describe.each(testEngines())('dashboard data on %s', (engine) => {
  const t = useTestDatabase(engine);
  useOpsEnv();

  it('builds charts and tables from the database', async () => {
    await t.db
      .insertInto('outlook_connections')
      .values([
        { user_id: 'alice', microsoft_account_id: 'ms-a', email: 'alice@example.test', last_sync_at: at(-3) },
        { user_id: 'bob', microsoft_account_id: 'ms-b', needs_reconnect: true, needs_reconnect_reason: 'invalid_grant' },
      ])
      .execute();
    await t.db
      .insertInto('project_outlook_lists')
      .values({ user_id: 'alice', graph_list_id: 'l1', graph_list_name: 'Work', subscription_id: 's1', subscription_expires_at: at(600) })
      .execute();
    await t.db
      .insertInto('task_sync_jobs')
      .values([
        { user_id: 'alice', action: 'create', status: 'completed', created_at: at(-125), completed_at: at(-120) },
        { user_id: 'alice', action: 'create', status: 'completed', created_at: at(-121), completed_at: at(-120) },
        { user_id: 'alice', action: 'update', status: 'completed', created_at: at(-11), completed_at: at(-10) },
        { user_id: 'alice', action: 'update', status: 'failed', last_error: 'Item not found', last_error_code: 'ErrorItemNotFound', updated_at: at(-5) },
        { user_id: 'bob', action: 'delete', status: 'failed', last_error: 'Unauthorized', last_error_code: 'InvalidAuthenticationToken', updated_at: at(-5) },
        { user_id: 'bob', action: 'create', status: 'failed', last_error: 'Item not found', last_error_code: 'ErrorItemNotFound', updated_at: at(-5) },
      ])
      .execute();
    await t.db
      .insertInto('ops_metric_samples')
      .values([
        { metric: 'graph_throttled', label: '', bucket_start: at(-61), value: 4 },
        { metric: 'graph_throttled', label: '', bucket_start: at(-59), value: 2 },
        { metric: 'queue_depth', label: 'pending', bucket_start: at(-90), value: 7 },
      ])
      .execute();

    const d = await loadDashboard(t.db, { now: NOW, hours: 6, bucketMinutes: 30, thresholds: DEFAULT_THRESHOLDS });
    expect(d.charts.throughput).toHaveLength(13);
    const bucket = (iso: string) => d.charts.throughput.find((p) => p.t === iso)!;
    expect(bucket(at(-120).toISOString())).toMatchObject({ completed: 2 });
    expect(bucket(at(-30).toISOString())).toMatchObject({ completed: 1 });
    expect(d.charts.throughput.reduce((s, p) => s + p.failed, 0)).toBe(3);
    expect(d.charts.failuresByCode).toEqual([
      { code: 'ErrorItemNotFound', count: 2 },
      { code: 'InvalidAuthenticationToken', count: 1 },
    ]);
    expect(d.charts.latency.find((p) => p.t === at(-120).toISOString())).toMatchObject({ avgSeconds: 180 });
    expect(d.charts.throttles.find((p) => p.t === at(-90).toISOString())?.count).toBe(4);
    expect(d.charts.throttles.find((p) => p.t === at(-60).toISOString())?.count).toBe(2);
    expect(d.charts.queueDepth.map((p) => p.pending)).toEqual([7, 0]);
    expect(d.failedJobs).toHaveLength(3);
    expect(d.connections.map((c) => [c.userId, c.needsReconnect, c.lists, c.failedJobs])).toEqual([
      ['bob', true, 0, 2],
      ['alice', false, 1, 1],
    ]);
    expect(d.connections[1].subscriptionExpiresAt).toBe(at(600).toISOString());
    expect(JSON.parse(JSON.stringify(d))).toEqual(d);
  });

  it('Retry moves one failed job to pending, Retry all the rest', async () => {
    const failed = await t.db.selectFrom('task_sync_jobs').select('id').where('status', '=', 'failed').orderBy('id').execute();
    expect(await retryJob(t.db, failed[0].id)).toEqual({ requeued: 1, superseded: 0 });
    expect(await retryJob(t.db, failed[0].id)).toEqual({ requeued: 0, superseded: 0 });
    expect(await retryAllFailed(t.db)).toEqual({ requeued: 2, superseded: 0 });
    const left = await t.db.selectFrom('task_sync_jobs').select('id').where('status', '=', 'failed').execute();
    expect(left).toEqual([]);
  });
});
