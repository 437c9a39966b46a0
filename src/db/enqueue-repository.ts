/**
 * SQL of enqueueTaskSyncJob (src/jobs/queue.ts): inserting a job into task_sync_jobs
 * under the queue's partial unique indexes. The rules (who gets a job, when a full_sync
 * widens or follows up instead) stay in the queue; these functions only write rows.
 * The worker's SQL (claim, finish, hand back) is in jobs-repository.ts.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from './client';
import type { JobAction, TaskSyncJob } from './schema';

/** The columns of a new task_sync_jobs row (absent ones take their defaults). */
export interface NewJobRow {
  user_id: string;
  action: JobAction;
  task_id: string | null;
  project_id: string | null;
  /** JSON text. */
  payload: string;
  priority: number;
  /** When it comes due: the queue's clock (decision 0049), never the column's default now(). */
  scheduled_at: Date;
  max_attempts?: number;
}

/** Inserts a job; returns the row. */
export async function insertJob(ex: Executor, row: NewJobRow): Promise<TaskSyncJob> {
  return ex.insertInto('task_sync_jobs').values(row).returningAll().executeTakeFirstOrThrow();
}

/**
 * Inserts a full_sync unless the user already has one pending or processing (index
 * task_sync_jobs_unique_full_sync_active); undefined when one is.
 */
export async function insertFullSyncUnlessActive(ex: Executor, row: NewJobRow): Promise<TaskSyncJob | undefined> {
  return ex
    .insertInto('task_sync_jobs')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('user_id')
        .where('action', '=', 'full_sync')
        .where('status', 'in', ['pending', 'processing'])
        .doNothing(),
    )
    .returningAll()
    .executeTakeFirst();
}

/**
 * Inserts an update job, or folds it into the task's pending update (one pending update
 * per task): the earliest schedule is kept, payloads merge (later keys win), the higher
 * priority wins. `inserted` tells which happened.
 */
export async function insertOrCoalesceUpdate(ex: Executor, row: NewJobRow): Promise<{ job: TaskSyncJob; inserted: boolean }> {
  const job = await ex
    .insertInto('task_sync_jobs')
    .values(row)
    .onConflict((oc) =>
      oc
        .column('task_id')
        .where('action', '=', 'update')
        .where('status', '=', 'pending')
        .doUpdateSet({
          // Copies to delete add up (a plain || would keep only the last request's).
          payload: sql`task_sync_jobs.payload || excluded.payload || case
            when task_sync_jobs.payload ? 'staleCopies' or excluded.payload ? 'staleCopies'
            then jsonb_build_object('staleCopies', coalesce(task_sync_jobs.payload -> 'staleCopies', '[]'::jsonb) || coalesce(excluded.payload -> 'staleCopies', '[]'::jsonb))
            else '{}'::jsonb end`,
          priority: sql`least(task_sync_jobs.priority, excluded.priority)`,
        }),
    )
    .returning([
      'id',
      'user_id',
      'task_id',
      'project_id',
      'action',
      'status',
      'priority',
      'attempts',
      'max_attempts',
      'last_error',
      'last_error_code',
      'payload',
      'scheduled_at',
      'worker_id',
      'picked_at',
      'locked_until',
      'completed_at',
      'result',
      'created_at',
      'updated_at',
      sql<boolean>`(xmax = 0)`.as('inserted'),
    ])
    .executeTakeFirstOrThrow();
  const { inserted, ...rest } = job as typeof job & { inserted: boolean };
  return { job: rest as TaskSyncJob, inserted };
}

/**
 * A pending full_sync aimed at some lists (payload.lists) also pulls `lists` (graph list
 * ids); with `lists` null it becomes a whole full_sync (every list). A pending whole one
 * is left as it is.
 */
export async function widenPendingFullSync(ex: Executor, userId: string, lists: string[] | null): Promise<void> {
  await ex
    .updateTable('task_sync_jobs')
    .set({
      payload: lists
        ? sql`jsonb_set(payload, '{lists}', (select coalesce(jsonb_agg(distinct l), '[]'::jsonb)
                from (select jsonb_array_elements_text(payload->'lists') as l
                      union select unnest(${lists}::text[])) ls))`
        : sql`payload - 'lists'`,
    })
    .where('user_id', '=', userId)
    .where('action', '=', 'full_sync')
    .where('status', '=', 'pending')
    .where(sql<boolean>`payload ? 'lists'`)
    .execute();
}

/**
 * The running full_sync of the user queues a follow-up when it ends (trigger
 * task_sync_jobs_follow_up), aimed at `lists` added to its payload's follow_up_lists, or
 * at every list ("all") when `lists` is null. `now`: when it was asked for.
 */
export async function requestFollowUpFullSync(ex: Executor, input: { userId: string; lists: string[] | null; now: Date }): Promise<void> {
  const { userId, lists, now } = input;
  await ex
    .updateTable('task_sync_jobs')
    .set({ follow_up_requested_at: now, payload: followUpPayload(lists) })
    .where('user_id', '=', userId)
    .where('action', '=', 'full_sync')
    .where('status', '=', 'processing')
    .execute();
}

/**
 * The running full_sync's payload with `lists` added to follow_up_lists, or
 * follow_up_lists = "all" when the request is for every list (or an earlier one was: a
 * request recorded before lists were kept, follow_up_requested_at without follow_up_lists).
 */
function followUpPayload(lists: string[] | null): RawBuilder<Record<string, unknown>> {
  if (!lists) return sql<Record<string, unknown>>`jsonb_set(payload, '{follow_up_lists}', '"all"'::jsonb)`;
  return sql<Record<string, unknown>>`case
    when payload->>'follow_up_lists' = 'all' or (follow_up_requested_at is not null and not payload ? 'follow_up_lists') then
      jsonb_set(payload, '{follow_up_lists}', '"all"'::jsonb)
    else jsonb_set(payload, '{follow_up_lists}', (select coalesce(jsonb_agg(distinct l), '[]'::jsonb)
           from (select jsonb_array_elements_text(coalesce(payload->'follow_up_lists', '[]'::jsonb)) as l
                 union select unnest(${lists}::text[])) ls))
  end`;
}
