/**
 * What the pull leaves to the push: a queued `update` for a task, unless a create or
 * update of it is already queued or running (it will adopt or move the copy the pull
 * left alone). The pull's SQL lives in src/db (sync-state, list-mappings, connections,
 * tasks and task-jobs repositories).
 */
import type { Clock } from '../../config/clock';
import type { Executor } from '../../db/client';
import { hasActiveJob } from '../../db/task-jobs-repository';
import { enqueueTaskSyncJob } from '../../jobs/queue';

export async function queuePushUnlessActive(
  ex: Executor,
  input: { userId: string; taskId: string; projectId: string | null; reason: string },
  clock: Clock,
): Promise<void> {
  if (await hasActiveJob(ex, input.taskId, ['update', 'create'])) return;
  await enqueueTaskSyncJob(ex, { userId: input.userId, action: 'update', taskId: input.taskId, projectId: input.projectId, payload: { reason: input.reason } }, clock);
}
