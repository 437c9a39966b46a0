/**
 * backfillTaskSync (guide §8 `scripts/backfill-task-sync.mjs <userId>`): after a
 * reconnect or an outage, queue a `create` job for each of the user's tasks that has
 * no To Do copy yet (no task_sync_state with a Graph id and no create already
 * queued), then one final `full_sync` that runs after them. Tasks of closed projects
 * are left out (they are not synced). All at bulk priority, so interactive edits go first.
 */
import { sql } from 'kysely';
import type { Db } from '../../db/client';
import { enqueueTaskSyncJob, JOB_PRIORITY } from '../../jobs/queue';
import { ScriptInputError } from './script-errors';

export interface BackfillOptions {
  dryRun?: boolean;
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
  const missing = await tasksMissingSyncState(db, userId);
  const summary: BackfillSummary = {
    userId,
    dryRun: Boolean(options.dryRun),
    missing: missing.length,
    enqueued: 0,
    alreadyQueued: 0,
    skippedClosedProjects: await countClosedProjectTasks(db, userId),
    fullSync: 'would_enqueue',
  };
  for (const [i, task] of missing.entries()) {
    const outcome = await backfillOne(db, userId, task, Boolean(options.dryRun));
    if (outcome === 'enqueued') summary.enqueued++;
    if (outcome === 'already_queued') summary.alreadyQueued++;
    options.onTask?.({ index: i + 1, total: missing.length, taskId: task.id, title: task.title, outcome });
  }
  if (!options.dryRun) summary.fullSync = await enqueueFinalFullSync(db, userId);
  return summary;
}

async function requireConnectedUser(db: Db, userId: string): Promise<void> {
  const [user, connection] = await Promise.all([
    db.selectFrom('users').select('id').where('id', '=', userId).executeTakeFirst(),
    db.selectFrom('outlook_connections').select(['id', 'needs_reconnect']).where('user_id', '=', userId).executeTakeFirst(),
  ]);
  const hasTasks = await db.selectFrom('tasks').select('id').where('user_id', '=', userId).limit(1).executeTakeFirst();
  if (!user && !connection && !hasTasks) throw new ScriptInputError(`No Planner user with id '${userId}'`);
  if (!connection) throw new ScriptInputError(`User '${userId}' has not connected Outlook: nothing to backfill (connect first)`);
  if (connection.needs_reconnect) throw new ScriptInputError(`User '${userId}' must reconnect Outlook first (the connection needs reconnecting)`);
}

/** Live tasks of the Inbox and open projects without a To Do copy, in list order. */
async function tasksMissingSyncState(db: Db, userId: string): Promise<{ id: string; title: string; project_id: string | null }[]> {
  return db
    .selectFrom('tasks as t')
    .leftJoin('projects as p', 'p.id', 't.project_id')
    .leftJoin('task_sync_state as s', 's.task_id', 't.id')
    .select(['t.id', 't.title', 't.project_id'])
    .where('t.user_id', '=', userId)
    .where('t.deleted_at', 'is', null)
    .where((eb) => eb.or([eb('t.project_id', 'is', null), eb('p.status', '=', 'Active')]))
    .where((eb) => eb.or([eb('s.task_id', 'is', null), eb('s.graph_task_id', 'is', null)]))
    .orderBy('t.project_id')
    .orderBy('t.position')
    .execute();
}

async function countClosedProjectTasks(db: Db, userId: string): Promise<number> {
  const row = await db
    .selectFrom('tasks as t')
    .innerJoin('projects as p', 'p.id', 't.project_id')
    .select(sql<string>`count(*)`.as('n'))
    .where('t.user_id', '=', userId)
    .where('t.deleted_at', 'is', null)
    .where('p.status', '!=', 'Active')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

async function backfillOne(db: Db, userId: string, task: { id: string; project_id: string | null }, dryRun: boolean): Promise<'enqueued' | 'already_queued' | 'would_enqueue'> {
  const queued = await db
    .selectFrom('task_sync_jobs')
    .select('id')
    .where('task_id', '=', task.id)
    .where('action', 'in', ['create', 'update'])
    .where('status', 'in', ['pending', 'processing'])
    .executeTakeFirst();
  if (queued) return 'already_queued';
  if (dryRun) return 'would_enqueue';
  await enqueueTaskSyncJob(db, { userId, action: 'create', taskId: task.id, projectId: task.project_id, priority: JOB_PRIORITY.bulk, payload: { reason: 'backfill' } });
  return 'enqueued';
}

/** The full_sync runs after the creates: same priority, scheduled a moment later. */
async function enqueueFinalFullSync(db: Db, userId: string): Promise<'enqueued' | 'already_queued'> {
  const r = await enqueueTaskSyncJob(db, {
    userId,
    action: 'full_sync',
    priority: JOB_PRIORITY.bulk,
    scheduledAt: new Date(Date.now() + 1_000),
    payload: { reason: 'backfill' },
  });
  return r.status === 'enqueued' ? 'enqueued' : 'already_queued';
}
