/**
 * SQL of the health report (guide §9). Every query reads a partial index of
 * task_sync_jobs (available, failed, completed, pending-by-age) so the report
 * stays fast on a queue of a million rows; `now` is passed in so tests control time.
 */
import { sql } from 'kysely';
import type { Executor } from './client';

export interface HealthWindows {
  now: Date;
  tokenExpiryWindowMs: number;
  subscriptionExpiryWindowMs: number;
}

export interface JobRow {
  id: string;
  action: string;
  user_id: string;
}

export interface QueueFigures {
  pending: number;
  pendingDue: number;
  processing: number;
  stuckProcessing: number;
  failed: number;
}

const n = (v: unknown) => Number(v ?? 0);

export async function readConnectionFigures(db: Executor, w: HealthWindows) {
  const soon = new Date(w.now.getTime() + w.tokenExpiryWindowMs);
  const row = await db
    .selectFrom('outlook_connections as c')
    .select([
      sql<string>`count(*)`.as('total'),
      sql<string>`count(*) filter (where c.access_token_expires_at >= ${w.now} and c.access_token_expires_at < ${soon})`.as('expiring'),
      sql<string>`count(*) filter (where c.access_token_expires_at < ${w.now} and not c.needs_reconnect)`.as('expired'),
      sql<string>`count(*) filter (where c.needs_reconnect)`.as('reconnect'),
      sql<string>`count(*) filter (where c.refresh_token_secret is null and not c.needs_reconnect)`.as('refresh_missing'),
      sql<string>`count(*) filter (where c.last_full_sync_at is not null and c.planner_list_id is null
        and not exists (select 1 from project_outlook_lists d
                         where d.user_id = c.user_id and d.is_default and d.is_active))`.as('missing_default'),
    ])
    .executeTakeFirstOrThrow();
  return {
    total: n(row.total),
    tokensExpiring: n(row.expiring),
    tokensExpired: n(row.expired),
    needingReconnect: n(row.reconnect),
    refreshTokenMissing: n(row.refresh_missing),
    missingDefaultList: n(row.missing_default),
  };
}

export async function readListFigures(db: Executor, w: HealthWindows) {
  const soon = new Date(w.now.getTime() + w.subscriptionExpiryWindowMs);
  const row = await db
    .selectFrom('project_outlook_lists as l')
    .where('l.is_active', '=', true)
    .select([
      sql<string>`count(*)`.as('active'),
      sql<string>`count(*) filter (where l.sync_paused_at is not null)`.as('paused'),
      sql<string>`count(*) filter (where btrim(l.graph_list_id) = '')`.as('missing_ids'),
      sql<string>`count(*) filter (where l.subscription_id is not null and l.subscription_expires_at >= ${soon})`.as('subs_active'),
      sql<string>`count(*) filter (where l.subscription_id is not null and l.subscription_expires_at < ${w.now})`.as('subs_expired'),
      sql<string>`count(*) filter (where l.subscription_id is not null and l.subscription_expires_at >= ${w.now}
        and l.subscription_expires_at < ${soon})`.as('subs_expiring'),
      sql<string>`count(*) filter (where l.subscription_failed_at is not null)`.as('subs_failing'),
    ])
    .executeTakeFirstOrThrow();
  return {
    active: n(row.active),
    pausedByDeleteGuard: n(row.paused),
    missingListIds: n(row.missing_ids),
    subscriptions: { active: n(row.subs_active), expired: n(row.subs_expired), expiringSoon: n(row.subs_expiring), failing: n(row.subs_failing) },
  };
}

export async function readQueueFigures(db: Executor, now: Date): Promise<QueueFigures> {
  // Both filters match the partial indexes' predicates exactly (available / failed).
  const active = await db
    .selectFrom('task_sync_jobs')
    .where('status', 'in', ['pending', 'processing'])
    .select([
      sql<string>`count(*) filter (where status = 'pending')`.as('pending'),
      sql<string>`count(*) filter (where status = 'pending' and scheduled_at <= ${now})`.as('pending_due'),
      sql<string>`count(*) filter (where status = 'processing')`.as('processing'),
      sql<string>`count(*) filter (where status = 'processing' and locked_until < ${now})`.as('stuck'),
    ])
    .executeTakeFirstOrThrow();
  const failed = await db
    .selectFrom('task_sync_jobs')
    .where('status', '=', 'failed')
    .select(sql<string>`count(*)`.as('failed'))
    .executeTakeFirstOrThrow();
  return {
    pending: n(active.pending),
    pendingDue: n(active.pending_due),
    processing: n(active.processing),
    stuckProcessing: n(active.stuck),
    failed: n(failed.failed),
  };
}

export async function readOldestPendingJob(db: Executor) {
  return db
    .selectFrom('task_sync_jobs')
    .select(['id', 'action', 'user_id', 'created_at', 'scheduled_at'])
    .where('status', '=', 'pending')
    .orderBy('created_at')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
}

export async function readLastCompletedJob(db: Executor) {
  return db
    .selectFrom('task_sync_jobs')
    .select(['id', 'action', 'user_id', 'completed_at'])
    .where('status', '=', 'completed')
    .where('completed_at', 'is not', null)
    .orderBy('completed_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function readLastFailedJob(db: Executor) {
  return db
    .selectFrom('task_sync_jobs')
    .select(['id', 'action', 'user_id', 'updated_at', 'last_error', 'last_error_code', 'attempts'])
    .where('status', '=', 'failed')
    .orderBy('updated_at', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * Open sync conflicts. The sync_conflicts table arrives with the pull engine;
 * until it exists the count is 0. When it has resolved_at, only open rows count.
 */
export async function countOpenConflicts(db: Executor): Promise<number> {
  const probe = await sql<{ has_table: boolean; has_resolved: boolean }>`
    select to_regclass('public.sync_conflicts') is not null as has_table,
           exists (select 1 from information_schema.columns
                    where table_schema = 'public' and table_name = 'sync_conflicts'
                      and column_name = 'resolved_at') as has_resolved`.execute(db);
  const { has_table, has_resolved } = probe.rows[0];
  if (!has_table) return 0;
  const where = has_resolved ? sql` where resolved_at is null` : sql``;
  const result = await sql<{ open: string }>`select count(*) as open from public.sync_conflicts${where}`.execute(db);
  return n(result.rows[0]?.open);
}
