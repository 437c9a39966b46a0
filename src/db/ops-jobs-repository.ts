/**
 * Operator SQL over task_sync_jobs: the guide §13 requeue (made safe against the
 * queue's partial unique indexes), job listings with filters, and the series the
 * /admin charts draw. The worker's own queue SQL is in jobs-repository.ts.
 */
import { sql } from 'kysely';
import type { Db, Executor } from './client';
import type { JobAction, JobStatus, TaskSyncJob } from './schema';

export interface RequeueScope {
  failed: boolean;
  pending: boolean;
  /** Only these job ids (the dashboard's per-row Retry). */
  ids?: string[];
}

const SUPERSEDED = JSON.stringify({ skipped: 'superseded: a newer job of the same kind covers it' });

/**
 * Failed full_sync / update jobs that cannot go back to pending because an
 * active job (or a newer failed one) of the same user / task would break the
 * one-active-full_sync and one-pending-update indexes. That newer job does the
 * same work, so these are marked skipped.
 */
async function supersedeDuplicateFailures(tx: Executor, scope: RequeueScope, now: Date): Promise<number> {
  const onlyIds = scope.ids ? sql`and j.id = any(${scope.ids}::bigint[])` : sql``;
  const result = await sql`
    update task_sync_jobs j
       set status = 'skipped', completed_at = ${now}::timestamptz, result = ${SUPERSEDED}::jsonb
     where j.status = 'failed' ${onlyIds}
       and ((j.action = 'full_sync' and exists (
              select 1 from task_sync_jobs o
               where o.user_id = j.user_id and o.action = 'full_sync' and o.id <> j.id
                 and (o.status in ('pending', 'processing') or (o.status = 'failed' and o.id > j.id))))
         or (j.action = 'update' and j.task_id is not null and exists (
              select 1 from task_sync_jobs o
               where o.task_id = j.task_id and o.action = 'update' and o.id <> j.id
                 and (o.status = 'pending' or (o.status = 'failed' and o.id > j.id)))))`.execute(tx);
  return Number(result.numAffectedRows ?? 0);
}

/**
 * Guide §13: `update task_sync_jobs set status = 'pending', last_error = null,
 * attempts = 0, updated_at = now() where status in ('failed','pending')`, with `now`
 * the clock's (decision 0049): a requeued job is due at once.
 */
export async function requeueJobs(db: Executor, scope: RequeueScope, now: Date): Promise<{ requeued: number; superseded: number }> {
  const statuses: JobStatus[] = [...(scope.failed ? ['failed' as const] : []), ...(scope.pending ? ['pending' as const] : [])];
  if (statuses.length === 0 || scope.ids?.length === 0) return { requeued: 0, superseded: 0 };
  const run = async (tx: Executor) => {
    const superseded = scope.failed ? await supersedeDuplicateFailures(tx, scope, now) : 0;
    let update = tx
      .updateTable('task_sync_jobs')
      .set({
        status: 'pending',
        last_error: null,
        last_error_code: null,
        attempts: 0,
        worker_id: null,
        locked_until: null,
        scheduled_at: sql`least(scheduled_at, ${now}::timestamptz)`,
        updated_at: now,
      })
      .where('status', 'in', statuses);
    if (scope.ids) update = update.where('id', 'in', scope.ids as never[]);
    const r = await update.executeTakeFirst();
    return { requeued: Number(r.numUpdatedRows), superseded };
  };
  return db.isTransaction ? run(db) : (db as Db).transaction().execute(run);
}

export interface JobFilter {
  status?: JobStatus;
  action?: JobAction;
  userId?: string;
  /** Case-insensitive match on last_error / last_error_code. */
  search?: string;
  limit?: number;
}

export type JobListRow = Pick<
  TaskSyncJob,
  'id' | 'user_id' | 'task_id' | 'action' | 'status' | 'attempts' | 'last_error' | 'last_error_code' | 'scheduled_at' | 'updated_at' | 'created_at'
>;

export async function listJobs(db: Executor, filter: JobFilter = {}): Promise<JobListRow[]> {
  let q = db
    .selectFrom('task_sync_jobs')
    .select(['id', 'user_id', 'task_id', 'action', 'status', 'attempts', 'last_error', 'last_error_code', 'scheduled_at', 'updated_at', 'created_at']);
  if (filter.status) q = q.where('status', '=', filter.status);
  if (filter.action) q = q.where('action', '=', filter.action);
  if (filter.userId) q = q.where('user_id', '=', filter.userId);
  if (filter.search) {
    const like = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('last_error', 'ilike', like), eb('last_error_code', 'ilike', like)]));
  }
  return q
    .orderBy('updated_at', 'desc')
    .orderBy('id', 'desc')
    .limit(Math.min(Math.max(filter.limit ?? 50, 1), 1000))
    .execute();
}

export interface CountByKey {
  key: string;
  count: number;
}

/** Failed jobs grouped by last_error_code ('unknown' when none was recorded). */
export async function countFailuresByCode(db: Executor): Promise<CountByKey[]> {
  const rows = await db
    .selectFrom('task_sync_jobs')
    .select([sql<string>`coalesce(last_error_code, 'unknown')`.as('key'), sql<string>`count(*)`.as('count')])
    .where('status', '=', 'failed')
    .groupBy(sql`1`)
    .orderBy(sql`2`, 'desc')
    .limit(20)
    .execute();
  return rows.map((r) => ({ key: r.key, count: Number(r.count) }));
}

export interface ThroughputPoint {
  bucket: Date;
  completed: number;
  failed: number;
}

const bucketOf = (column: string, seconds: number) =>
  sql<Date>`to_timestamp(floor(extract(epoch from ${sql.ref(column)}) / ${seconds}) * ${seconds})`;

/** Jobs completed and failed per bucket since `since` (completed_at / updated_at). */
export async function readThroughputSeries(db: Executor, since: Date, bucketSeconds: number): Promise<ThroughputPoint[]> {
  const completed = await db
    .selectFrom('task_sync_jobs')
    .select([bucketOf('completed_at', bucketSeconds).as('bucket'), sql<string>`count(*)`.as('n')])
    .where('status', '=', 'completed')
    .where('completed_at', '>=', since)
    .groupBy(sql`1`)
    .execute();
  const failed = await db
    .selectFrom('task_sync_jobs')
    .select([bucketOf('updated_at', bucketSeconds).as('bucket'), sql<string>`count(*)`.as('n')])
    .where('status', '=', 'failed')
    .where('updated_at', '>=', since)
    .groupBy(sql`1`)
    .execute();
  const points = new Map<number, ThroughputPoint>();
  const at = (d: Date) => {
    const key = new Date(d).getTime();
    if (!points.has(key)) points.set(key, { bucket: new Date(key), completed: 0, failed: 0 });
    return points.get(key)!;
  };
  for (const r of completed) at(r.bucket).completed = Number(r.n);
  for (const r of failed) at(r.bucket).failed = Number(r.n);
  return [...points.values()].sort((a, b) => a.bucket.getTime() - b.bucket.getTime());
}

export interface LatencyPoint {
  bucket: Date;
  avgSeconds: number;
  p95Seconds: number;
  jobs: number;
}

/** Enqueue-to-done latency of completed jobs (completed_at - created_at) per bucket. */
export async function readLatencySeries(db: Executor, since: Date, bucketSeconds: number): Promise<LatencyPoint[]> {
  const seconds = sql<number>`extract(epoch from (completed_at - created_at))`;
  const rows = await db
    .selectFrom('task_sync_jobs')
    .select([
      bucketOf('completed_at', bucketSeconds).as('bucket'),
      sql<string>`avg(${seconds})`.as('avg'),
      sql<string>`percentile_cont(0.95) within group (order by ${seconds})`.as('p95'),
      sql<string>`count(*)`.as('jobs'),
    ])
    .where('status', '=', 'completed')
    .where('completed_at', '>=', since)
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  return rows.map((r) => ({
    bucket: new Date(r.bucket),
    avgSeconds: Number(r.avg),
    p95Seconds: Number(r.p95),
    jobs: Number(r.jobs),
  }));
}

export interface ConnectionOverviewRow {
  user_id: string;
  email: string | null;
  display_name: string | null;
  needs_reconnect: boolean;
  needs_reconnect_reason: string | null;
  last_sync_at: Date | null;
  last_error: string | null;
  access_token_expires_at: Date | null;
  lists: number;
  paused_lists: number;
  next_subscription_expiry: Date | null;
  pending_jobs: number;
  failed_jobs: number;
}

/** Connections for the operator: state, last sync, earliest subscription expiry, queue per user. */
export async function listConnectionsOverview(db: Executor, limit = 200): Promise<ConnectionOverviewRow[]> {
  const rows = await db
    .selectFrom('outlook_connections as c')
    .select([
      'c.user_id',
      'c.email',
      'c.display_name',
      'c.needs_reconnect',
      'c.needs_reconnect_reason',
      'c.last_sync_at',
      'c.last_error',
      'c.access_token_expires_at',
      sql<string>`(select count(*) from project_outlook_lists l where l.user_id = c.user_id and l.is_active)`.as('lists'),
      sql<string>`(select count(*) from project_outlook_lists l
                    where l.user_id = c.user_id and l.is_active and l.sync_paused_at is not null)`.as('paused_lists'),
      sql<Date | null>`(select min(l.subscription_expires_at) from project_outlook_lists l
                         where l.user_id = c.user_id and l.is_active and l.subscription_id is not null)`.as('next_subscription_expiry'),
      sql<string>`(select count(*) from task_sync_jobs j where j.user_id = c.user_id and j.status = 'pending')`.as('pending_jobs'),
      sql<string>`(select count(*) from task_sync_jobs j where j.user_id = c.user_id and j.status = 'failed')`.as('failed_jobs'),
    ])
    .orderBy('c.needs_reconnect', 'desc')
    .orderBy(sql`c.last_sync_at asc nulls first`)
    .orderBy('c.user_id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    ...r,
    lists: Number(r.lists),
    paused_lists: Number(r.paused_lists),
    pending_jobs: Number(r.pending_jobs),
    failed_jobs: Number(r.failed_jobs),
    next_subscription_expiry: r.next_subscription_expiry ? new Date(r.next_subscription_expiry) : null,
  }));
}
