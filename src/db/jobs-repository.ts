/**
 * SQL for the task_sync_jobs queue as the worker sees it: claim, finish, hand back,
 * lease heartbeats. Every write that ends or reschedules a job is guarded by the
 * lease: only the worker named in worker_id, while the job is still 'processing',
 * may change it (returns false otherwise, e.g. after another worker reclaimed it).
 * Times come from the caller's clock (`now`), never from the database's now()
 * (decision 0049); claim_task_sync_jobs reads now() itself unless given `now` (its p_now,
 * decision 0058).
 * enqueueTaskSyncJob lives in src/jobs/queue.ts (its SQL in enqueue-repository.ts).
 */
import { sql } from 'kysely';
import type { Db, Executor } from './client';
import type { TaskSyncJob } from './schema';

/**
 * Claims up to `limit` due jobs through claim_task_sync_jobs (attempts counted, lease
 * stamped). `now` is the claim's clock (default: the database's now()).
 */
export async function claimTaskSyncJobs(
  db: Db,
  input: { workerId: string; limit: number; leaseSeconds: number; now?: Date },
): Promise<TaskSyncJob[]> {
  const { rows } = await sql<TaskSyncJob>`
    select * from public.claim_task_sync_jobs(${input.workerId}, ${input.limit}::int, ${input.leaseSeconds}::int, ${input.now ?? null}::timestamptz)
  `.execute(db);
  return [...rows].sort((a, b) => a.priority - b.priority || Number(a.id) - Number(b.id));
}

interface LeaseHolder {
  jobId: string;
  workerId: string;
}

/** The clock's time of a write or a comparison (decision 0049). */
interface At {
  now: Date;
}

const plusMs = (at: Date, ms: number) => new Date(at.getTime() + ms);

function heldBy(executor: Executor, { jobId, workerId }: LeaseHolder) {
  return executor
    .updateTable('task_sync_jobs')
    .where('id', '=', jobId as never)
    .where('worker_id', '=', workerId)
    .where('status', '=', 'processing');
}

export async function completeJob(db: Db, input: LeaseHolder & At & { result?: Record<string, unknown> }): Promise<boolean> {
  const r = await heldBy(db, input)
    .set({
      status: 'completed',
      completed_at: input.now,
      locked_until: null,
      result: input.result === undefined ? null : JSON.stringify(input.result),
    })
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

/**
 * Completes several jobs this worker holds in one statement (the worker loop's batched
 * completion); returns the ids it completed (a job no longer held is left alone).
 */
export async function completeJobs(
  db: Db,
  input: At & { workerId: string; jobs: { jobId: string; result?: Record<string, unknown> }[] },
): Promise<string[]> {
  if (input.jobs.length === 0) return [];
  const rows = JSON.stringify(input.jobs.map((j) => ({ id: j.jobId, result: j.result ?? null })));
  const { rows: done } = await sql<{ id: string }>`
    update public.task_sync_jobs j
       set status = 'completed', completed_at = ${input.now}, locked_until = null, result = nullif(v.result, 'null'::jsonb)
      from jsonb_to_recordset(${rows}::jsonb) as v(id bigint, result jsonb)
     where j.id = v.id
       and j.worker_id = ${input.workerId}
       and j.status = 'processing'
    returning j.id
  `.execute(db);
  return done.map((r) => String(r.id));
}

export async function skipJob(db: Db, input: LeaseHolder & At & { reason: string }): Promise<boolean> {
  const r = await heldBy(db, input)
    .set({
      status: 'skipped',
      completed_at: input.now,
      locked_until: null,
      result: JSON.stringify({ skipped: input.reason }),
    })
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export async function failJob(db: Db, input: LeaseHolder & { error: string; code?: string }): Promise<boolean> {
  const r = await heldBy(db, input)
    .set({
      status: 'failed',
      locked_until: null,
      last_error: input.error.slice(0, 4000),
      last_error_code: input.code ?? null,
    })
    .executeTakeFirst();
  return r.numUpdatedRows > 0n;
}

export interface RescheduleInput extends LeaseHolder, At {
  /** Run again this many ms after `now`; or at `until`. */
  delayMs?: number;
  until?: Date;
  error?: string;
  code?: string;
  /** Give the attempt back (needs reconnect, unstarted at the end of a run). */
  refundAttempt?: boolean;
  /** A throttled retry: throttle_count goes up (the attempt stays counted; retry-policy discounts it). */
  throttled?: boolean;
}

/**
 * Hands a job back to 'pending' to run again later, by itself. A pending update of
 * the same task enqueued meanwhile is folded into this job (the one-pending-update
 * index allows only one), so the task's edits still go out once, in order.
 */
export async function rescheduleJob(db: Db, input: RescheduleInput): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const job = await tx
      .selectFrom('task_sync_jobs')
      .selectAll()
      .where('id', '=', input.jobId as never)
      .where('worker_id', '=', input.workerId)
      .where('status', '=', 'processing')
      .forUpdate()
      .executeTakeFirst();
    if (!job) return false;
    if (job.action === 'update' && job.task_id) await absorbPendingUpdate(tx, job, input.now);
    await tx
      .updateTable('task_sync_jobs')
      .where('id', '=', input.jobId as never)
      .set({
        status: 'pending',
        scheduled_at: input.until ?? plusMs(input.now, Math.max(0, input.delayMs ?? 0)),
        worker_id: null,
        locked_until: null,
        ...(input.refundAttempt ? { attempts: sql`greatest(attempts - 1, 0)` } : {}),
        ...(input.throttled ? { throttle_count: sql`throttle_count + 1` } : {}),
        ...(input.error !== undefined ? { last_error: input.error.slice(0, 4000), last_error_code: input.code ?? null } : {}),
      })
      .execute();
    return true;
  });
}

async function absorbPendingUpdate(tx: Executor, job: TaskSyncJob, now: Date): Promise<void> {
  const newer = await tx
    .updateTable('task_sync_jobs')
    .where('task_id', '=', job.task_id)
    .where('action', '=', 'update')
    .where('status', '=', 'pending')
    .where('id', '<>', job.id as never)
    .set({
      status: 'skipped',
      completed_at: now,
      result: JSON.stringify({ skipped: 'coalesced', into: job.id }),
    })
    .returning(['payload', 'priority'])
    .executeTakeFirst();
  if (!newer) return;
  await tx
    .updateTable('task_sync_jobs')
    .where('id', '=', job.id as never)
    .set({
      payload: sql`payload || ${JSON.stringify(newer.payload)}::jsonb`,
      priority: sql`least(priority, ${newer.priority}::smallint)`,
    })
    .execute();
}

/** Extends the lease of the given jobs this worker still holds; returns the ids it still holds. */
export async function extendJobLeases(
  db: Db,
  input: At & { workerId: string; jobIds: string[]; leaseSeconds: number },
): Promise<string[]> {
  if (input.jobIds.length === 0) return [];
  const rows = await db
    .updateTable('task_sync_jobs')
    .where('id', 'in', input.jobIds as never[])
    .where('worker_id', '=', input.workerId)
    .where('status', '=', 'processing')
    .set({ locked_until: plusMs(input.now, input.leaseSeconds * 1000) })
    .returning('id')
    .execute();
  return rows.map((r) => String(r.id));
}

/** Jobs still waiting at `now`: pending (deferred ones included) or processing under an expired lease. */
export async function countRemainingJobs(db: Db, now: Date): Promise<number> {
  const row = await db
    .selectFrom('task_sync_jobs')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where((eb) => eb.or([eb('status', '=', 'pending'), eb.and([eb('status', '=', 'processing'), eb('locked_until', '<', now)])]))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * When the next user's work comes due (null when no user has any): read from the claim's
 * ready table (task_sync_user_turns), one row per user with work, never later than the
 * truth; a throttled mailbox's jobs come due when its pause ends. Users paused for
 * reconnect never wake it (the claim drops their rows).
 */
export async function nextPendingJobDueAt(db: Db): Promise<Date | null> {
  // A row can be due already with nothing claimable (its jobs wait behind a sibling, or a
  // timer fired a hair before the claim's now()): the runner retries those soon
  // instead of sleeping a whole poll interval.
  const row = await db
    .selectFrom('task_sync_user_turns as t')
    .leftJoin('outlook_connections as c', 'c.user_id', 't.user_id')
    .select(sql<Date | string | null>`min(greatest(t.ready_at, c.throttled_until))`.as('due'))
    .where((eb) => eb.or([eb('c.needs_reconnect', 'is', null), eb('c.needs_reconnect', '=', false)]))
    .executeTakeFirst();
  return row?.due ? new Date(row.due) : null;
}

/**
 * Graph throttled the user's mailbox: no job of the user is claimed for `delayMs` after
 * `now`. An earlier, longer pause is kept.
 */
export async function pauseMailbox(db: Executor, input: At & { userId: string; delayMs: number }): Promise<void> {
  const until = plusMs(input.now, Math.max(0, input.delayMs));
  await db
    .updateTable('outlook_connections')
    .where('user_id', '=', input.userId)
    .set({ throttled_until: sql`greatest(throttled_until, ${until}::timestamptz)` })
    .execute();
}

/** Whether the user's mailbox is paused by throttling at `now`. */
export async function isMailboxThrottled(db: Db, userId: string, now: Date): Promise<boolean> {
  const row = await db
    .selectFrom('outlook_connections')
    .select(sql<boolean>`throttled_until > ${now}::timestamptz`.as('throttled'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row?.throttled === true;
}

/** Pauses a user's sync until they reconnect: the claim skips users needing reconnect. */
export async function markConnectionNeedsReconnect(db: Db, input: At & { userId: string; reason: string }): Promise<void> {
  await db
    .updateTable('outlook_connections')
    .where('user_id', '=', input.userId)
    .set({
      needs_reconnect: true,
      needs_reconnect_reason: input.reason.slice(0, 500),
      last_error: `needs reconnect: ${input.reason}`.slice(0, 4000),
      last_error_at: input.now,
    })
    .execute();
}

/** A push older than this with no notification after it means the user's notifications do not arrive. */
export const NOTIFICATION_ECHO_GRACE_MIN = 10;

export interface FullSyncCadence {
  /** Users whose subscriptions are missing, failing or lapsed, or whose notifications do not arrive. */
  intervalMin: number;
  /** Users whose every active list is subscribed (live, no failure) and whose notifications arrive. */
  healthyIntervalMin: number;
}

/**
 * Connected users (not needing reconnect) due a safety-net full_sync: their last full sync
 * is older than their interval and no full_sync job was created within it (so a failing
 * full_sync is not re-enqueued on every tick). The interval is sized to need:
 * `healthyIntervalMin` for a user whose every active list has a live subscription without
 * a recorded failure and whose notifications arrive (one came after each of its pushes
 * older than NOTIFICATION_ECHO_GRACE_MIN: Graph notifies us of our own writes too), else
 * `intervalMin`.
 */
export async function findUsersDueForFullSync(db: Db, cadence: FullSyncCadence, now: Date): Promise<string[]> {
  const { rows } = await sql<{ user_id: string }>`
    with clock as (select ${now}::timestamptz as now),
    health as (
      select c.user_id, c.last_full_sync_at,
             case when c.last_notification_at is not null
                   and exists (select 1 from public.project_outlook_lists l where l.user_id = c.user_id and l.is_active)
                   and not exists (
                         select 1 from public.project_outlook_lists l
                          where l.user_id = c.user_id and l.is_active
                            and (l.subscription_id is null or l.subscription_expires_at is null
                                 or l.subscription_expires_at <= clock.now or l.subscription_failed_at is not null))
                   and not exists (
                         select 1 from public.task_sync_jobs p
                          where p.user_id = c.user_id and p.status = 'completed'
                            and p.action in ('create', 'update', 'delete')
                            and p.completed_at > c.last_notification_at
                            and p.completed_at < clock.now - make_interval(mins => ${NOTIFICATION_ECHO_GRACE_MIN}::int))
                  then ${cadence.healthyIntervalMin}::int
                  else ${cadence.intervalMin}::int
             end as interval_min
        from public.outlook_connections c, clock
       where c.needs_reconnect = false
    )
    select h.user_id
      from health h, clock
     where (h.last_full_sync_at is null or h.last_full_sync_at < clock.now - make_interval(mins => h.interval_min))
       and not exists (
             select 1 from public.task_sync_jobs j
              where j.user_id = h.user_id and j.action = 'full_sync'
                and (j.status in ('pending', 'processing') or j.created_at >= clock.now - make_interval(mins => h.interval_min)))
     order by h.last_full_sync_at asc nulls first
  `.execute(db);
  return rows.map((r) => r.user_id);
}

/** The webhook accepted change notifications for these users' subscriptions (the safety net's health). */
export async function recordNotificationsArrived(db: Executor, userIds: string[], now: Date): Promise<void> {
  if (userIds.length === 0) return;
  await db.updateTable('outlook_connections').set({ last_notification_at: now }).where('user_id', 'in', userIds).execute();
}

/**
 * Deletes finished jobs (completed, skipped) that finished more than `olderThanDays`
 * ago, at most `limit` rows per call (the next call takes the rest). Failed jobs stay
 * until an operator retries or deletes them. Returns how many rows went.
 */
export async function purgeFinishedJobs(db: Db, input: At & { olderThanDays: number; limit: number }): Promise<number> {
  if (input.olderThanDays <= 0 || input.limit <= 0) return 0;
  const cutoff = sql<Date>`${input.now}::timestamptz - make_interval(days => ${input.olderThanDays}::int)`;
  const result = await db
    .deleteFrom('task_sync_jobs')
    .where('id', 'in', (eb) =>
      eb
        .selectFrom('task_sync_jobs')
        .select('id')
        .where('status', 'in', ['completed', 'skipped'])
        .where('completed_at', '<', cutoff)
        .limit(input.limit),
    )
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
