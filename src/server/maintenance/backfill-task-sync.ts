/**
 * backfillTaskSync (guide §8 `scripts/backfill-task-sync.mjs <userId>`): after a
 * reconnect or an outage, queue a `create` job for each of the user's tasks that has
 * no To Do copy yet (no task_sync_state with a Graph id and no create already
 * queued), then one final `full_sync` that runs after them. Tasks of closed projects
 * are left out (they are not synced). All at bulk priority, so interactive edits go first.
 */
import { later, systemClock, type Clock } from '../../config/clock';
import type { Db } from '../../db/client';
import { findConnection } from '../../db/connections-repository';
import { countTasksOfClosedProjects, hasQueuedPushOfTask, isKnownUser, listTasksWithoutCopy } from '../../db/maintenance-repository';
import { enqueueTaskSyncJob, JOB_PRIORITY } from '../../jobs/queue';
import { OperatorInputError } from './operator-input-error';

export interface BackfillOptions {
  dryRun?: boolean;
  /** The queue's clock (decision 0049); the process clock by default. */
  clock?: Clock;
  /** Called once per task (progress output). */
  onTask?: (event: { index: number; total: number; taskId: string; title: string; outcome: 'enqueued' | 'already_queued' | 'would_enqueue' }) => void;
}

export interface BackfillSummary {
  userId: string;
  dryRun: boolean;
  missing: number;
  enqueued: number;
  alreadyQueued: number;
  skippedClosedProjects: number;
  fullSync: 'enqueued' | 'already_queued' | 'would_enqueue';
}

export async function backfillTaskSync(db: Db, userId: string, options: BackfillOptions = {}): Promise<BackfillSummary> {
  await requireConnectedUser(db, userId);
  const missing = await listTasksWithoutCopy(db, userId);
  const summary: BackfillSummary = {
    userId,
    dryRun: Boolean(options.dryRun),
    missing: missing.length,
    enqueued: 0,
    alreadyQueued: 0,
    skippedClosedProjects: await countTasksOfClosedProjects(db, userId),
    fullSync: 'would_enqueue',
  };
  const clock = options.clock ?? systemClock;
  for (const [i, task] of missing.entries()) {
    const outcome = await backfillOne(db, userId, task, Boolean(options.dryRun), clock);
    if (outcome === 'enqueued') summary.enqueued++;
    if (outcome === 'already_queued') summary.alreadyQueued++;
    options.onTask?.({ index: i + 1, total: missing.length, taskId: task.id, title: task.title, outcome });
  }
  if (!options.dryRun) summary.fullSync = await enqueueFinalFullSync(db, userId, clock);
  return summary;
}

async function requireConnectedUser(db: Db, userId: string): Promise<void> {
  const connection = await findConnection(db, userId);
  if (!connection && !(await isKnownUser(db, userId))) throw new OperatorInputError(`No Planner user with id '${userId}'`);
  if (!connection) throw new OperatorInputError(`User '${userId}' has not connected Outlook: nothing to backfill (connect first)`);
  if (connection.needs_reconnect) throw new OperatorInputError(`User '${userId}' must reconnect Outlook first (the connection needs reconnecting)`);
}

async function backfillOne(
  db: Db,
  userId: string,
  task: { id: string; project_id: string | null },
  dryRun: boolean,
  clock: Clock,
): Promise<'enqueued' | 'already_queued' | 'would_enqueue'> {
  if (await hasQueuedPushOfTask(db, task.id)) return 'already_queued';
  if (dryRun) return 'would_enqueue';
  await enqueueTaskSyncJob(db, { userId, action: 'create', taskId: task.id, projectId: task.project_id, priority: JOB_PRIORITY.bulk, payload: { reason: 'backfill' } }, clock);
  return 'enqueued';
}

/** The full_sync runs after the creates: same priority, scheduled a moment later. */
async function enqueueFinalFullSync(db: Db, userId: string, clock: Clock): Promise<'enqueued' | 'already_queued'> {
  const r = await enqueueTaskSyncJob(
    db,
    {
      userId,
      action: 'full_sync',
      priority: JOB_PRIORITY.bulk,
      scheduledAt: later(clock, 1_000),
      payload: { reason: 'backfill' },
    },
    clock,
  );
  return r.status === 'enqueued' ? 'enqueued' : 'already_queued';
}
