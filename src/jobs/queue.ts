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
 * A job comes due at the clock's now (or `scheduledAt`): pass the caller's Clock (the
 * sync context, a test's), the process clock by default (decision 0049).
 * The SQL is in src/db/enqueue-repository.ts.
 */
import { systemClock, type Clock } from '../config/clock';
import type { Executor } from '../db/client';
import { hasConnection } from '../db/connections-repository';
import {
  insertFullSyncUnlessActive,
  insertJob,
  insertOrCoalesceUpdate,
  requestFollowUpFullSync,
  widenPendingFullSync,
  type NewJobRow,
} from '../db/enqueue-repository';
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

export async function enqueueTaskSyncJob(executor: Executor, input: EnqueueInput, clock: Clock = systemClock): Promise<EnqueueResult> {
  if (!input.force && !(await hasConnection(executor, input.userId))) return { status: 'skipped', reason: 'no_connection' };
  const now = clock.now();

  const row: NewJobRow = {
    user_id: input.userId,
    action: input.action,
    task_id: input.taskId ?? null,
    project_id: input.projectId ?? null,
    payload: JSON.stringify(input.payload ?? {}),
    priority: input.priority ?? (input.action === 'full_sync' ? JOB_PRIORITY.sync : JOB_PRIORITY.interactive),
    scheduled_at: input.scheduledAt ?? now,
    ...(input.maxAttempts ? { max_attempts: input.maxAttempts } : {}),
  };

  if (input.action === 'full_sync') {
    const job = await insertFullSyncUnlessActive(executor, row);
    if (job) return { status: 'enqueued', job };
    // One is already active. A pending one aimed at some lists (payload.lists, a
    // notification's) takes this request's lists too, or becomes whole when this one is;
    // a pending whole one reads every list anyway. A processing one may have read them
    // before this change: it queues a follow-up when it ends (migrations 20251201000100 and
    // 20251203000200), aimed at the lists asked for meanwhile (payload.follow_up_lists; "all"
    // once any request was for every list), so the change is pulled without waiting for
    // the safety net.
    const lists = aimedLists(input.payload?.lists);
    await widenPendingFullSync(executor, input.userId, lists);
    await requestFollowUpFullSync(executor, { userId: input.userId, lists, now });
    return { status: 'skipped', reason: 'full_sync_active' };
  }

  if (input.action === 'update' && input.taskId) {
    const { job, inserted } = await insertOrCoalesceUpdate(executor, row);
    return { status: inserted ? 'enqueued' : 'coalesced', job };
  }

  return { status: 'enqueued', job: await insertJob(executor, row) };
}

/** The graph list ids a request is aimed at; null = every list (no list of ids given). */
function aimedLists(lists: unknown): string[] | null {
  return Array.isArray(lists) && lists.every((l) => typeof l === 'string') ? (lists as string[]) : null;
}
