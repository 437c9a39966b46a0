/**
 * enqueueTaskSyncJob (guide §6.1–6.2): the one way jobs enter task_sync_jobs.
 *
 * Call it with the same transaction as the change it describes, so no change is
 * saved without its job and no job without its change.
 *  - full_sync: at most one pending/processing per user (also enforced by the
 *    partial unique index task_sync_jobs_unique_full_sync_active); one asked for while
 *    another is pending widens it (payload.lists: the lists a notification named; no
 *    lists = every list), one asked for while another is processing becomes a follow-up
 *    queued when that one ends;
 *  - update: coalesces with a pending update of the same task (the job reads the
 *    task's latest state when it runs);
 *  - nothing is enqueued for a user without an Outlook connection.
 */
import { sql, type RawBuilder } from 'kysely';
import type { Executor } from '../db/client';
import type { JobAction, TaskSyncJob } from '../db/schema';

export const JOB_PRIORITY = { interactive: 0, sync: 5, bulk: 10 } as const;

export interface EnqueueInput {
  userId: string;
  action: JobAction;
  taskId?: string | null;
  projectId?: string | null;
  payload?: Record<string, unknown>;
  priority?: number;
  scheduledAt?: Date;
  maxAttempts?: number;
  /** Enqueue even when the user has no connection (connect flow, tests). */
  force?: boolean;
}

export type EnqueueResult =
  | { status: 'enqueued'; job: TaskSyncJob }
  | { status: 'coalesced'; job: TaskSyncJob }
  | { status: 'skipped'; reason: 'no_connection' | 'full_sync_active' };

export async function enqueueTaskSyncJob(executor: Executor, input: EnqueueInput): Promise<EnqueueResult> {
  if (!input.force) {
    const connection = await executor
      .selectFrom('outlook_connections')
      .select('id')
      .where('user_id', '=', input.userId)
      .executeTakeFirst();
    if (!connection) return { status: 'skipped', reason: 'no_connection' };
  }

  const values = {
    user_id: input.userId,
    action: input.action,
    task_id: input.taskId ?? null,
    project_id: input.projectId ?? null,
    payload: JSON.stringify(input.payload ?? {}),
    priority: input.priority ?? (input.action === 'full_sync' ? JOB_PRIORITY.sync : JOB_PRIORITY.interactive),
    ...(input.scheduledAt ? { scheduled_at: input.scheduledAt } : {}),
    ...(input.maxAttempts ? { max_attempts: input.maxAttempts } : {}),
  };

  if (input.action === 'full_sync') {
    const job = await executor
      .insertInto('task_sync_jobs')
      .values(values)
      .onConflict((oc) =>
        oc
          .column('user_id')
          .where('action', '=', 'full_sync')
          .where('status', 'in', ['pending', 'processing'])
          .doNothing(),
      )
      .returningAll()
      .executeTakeFirst();
    if (job) return { status: 'enqueued', job };
    // One is already active. A pending one aimed at some lists (payload.lists, a
    // notification's) takes this request's lists too, or becomes whole when this one is;
    // a pending whole one reads every list anyway. A processing one may have read them
    // before this change: it queues a follow-up when it ends (migrations 20251201000100 and
    // 20251203000200), aimed at the lists asked for meanwhile (payload.follow_up_lists; "all"
    // once any request was for every list), so the change is pulled without waiting for
    // the safety net.
    await widenPendingFullSync(executor, input.userId, input.payload?.lists);
    await executor
      .updateTable('task_sync_jobs')
      .set({ follow_up_requested_at: sql<Date>`now()`, payload: followUpPayload(input.payload?.lists) })
      .where('user_id', '=', input.userId)
      .where('action', '=', 'full_sync')
      .where('status', '=', 'processing')
      .execute();
    return { status: 'skipped', reason: 'full_sync_active' };
  }

  if (input.action === 'update' && input.taskId) {
    const job = await executor
      .insertInto('task_sync_jobs')
      .values(values)
      .onConflict((oc) =>
        oc
          .column('task_id')
          .where('action', '=', 'update')
          .where('status', '=', 'pending')
          .doUpdateSet({
            // Keep the earliest schedule; merge payloads (later keys win); run at the higher priority.
            payload: sql`task_sync_jobs.payload || excluded.payload`,
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
    const { inserted, ...row } = job as typeof job & { inserted: boolean };
    return { status: inserted ? 'enqueued' : 'coalesced', job: row as TaskSyncJob };
  }

  const job = await executor.insertInto('task_sync_jobs').values(values).returningAll().executeTakeFirstOrThrow();
  return { status: 'enqueued', job };
}

/**
 * A pending full_sync aimed at some lists also pulls `lists` (graph list ids), or every
 * list when `lists` is not a list of ids (the request is for a whole full_sync).
 */
async function widenPendingFullSync(executor: Executor, userId: string, lists: unknown): Promise<void> {
  const aimed = aimedLists(lists);
  await executor
    .updateTable('task_sync_jobs')
    .set({
      payload: aimed
        ? sql`jsonb_set(payload, '{lists}', (select coalesce(jsonb_agg(distinct l), '[]'::jsonb)
                from (select jsonb_array_elements_text(payload->'lists') as l
                      union select unnest(${aimed}::text[])) ls))`
        : sql`payload - 'lists'`,
    })
    .where('user_id', '=', userId)
    .where('action', '=', 'full_sync')
    .where('status', '=', 'pending')
    .where(sql<boolean>`payload ? 'lists'`)
    .execute();
}

/**
 * The running full_sync's payload with this request's lists added to follow_up_lists, or
 * follow_up_lists = "all" when the request is for every list (or an earlier one was: a
 * request recorded before lists were kept, follow_up_requested_at without follow_up_lists).
 */
function followUpPayload(lists: unknown): RawBuilder<Record<string, unknown>> {
  const aimed = aimedLists(lists);
  if (!aimed) return sql<Record<string, unknown>>`jsonb_set(payload, '{follow_up_lists}', '"all"'::jsonb)`;
  return sql<Record<string, unknown>>`case
    when payload->>'follow_up_lists' = 'all' or (follow_up_requested_at is not null and not payload ? 'follow_up_lists') then
      jsonb_set(payload, '{follow_up_lists}', '"all"'::jsonb)
    else jsonb_set(payload, '{follow_up_lists}', (select coalesce(jsonb_agg(distinct l), '[]'::jsonb)
           from (select jsonb_array_elements_text(coalesce(payload->'follow_up_lists', '[]'::jsonb)) as l
                 union select unnest(${aimed}::text[])) ls))
  end`;
}

function aimedLists(lists: unknown): string[] | null {
  return Array.isArray(lists) && lists.every((l) => typeof l === 'string') ? (lists as string[]) : null;
}
