/**
 * `full_sync` job: To Do → Planner for one user (src/server/sync/pull-full-sync.ts).
 * Payload (optional): {reason, forceLists: graph list ids whose mass-delete pause a
 * person lifted}. A user who disconnected meanwhile has nothing to sync: skipped.
 * The first full_sync of a connect or reconnect then queues the bulk push of the open
 * tasks that still have no To Do copy (queueOpenTasksPushAfterConnect).
 */
import { z } from 'zod';
import { NotConnectedError } from '../../server/outlook';
import { processPullDeps, type FullSyncOptions, type PullDepsSource } from '../../server/sync/pull-deps';
import { runFullSync } from '../../server/sync/pull-full-sync';
import { queueOpenTasksPushAfterConnect } from '../../server/sync/push-open-tasks';
import { completed, skipped, type JobHandler } from '../types';

const payloadSchema = z.looseObject({ forceLists: z.array(z.string()).optional(), reason: z.string().optional() });
const AFTER_CONNECT = new Set(['connect', 'reconnect']);

export function fullSyncJob(source: PullDepsSource = processPullDeps, options: Omit<FullSyncOptions, 'forceLists'> = {}): JobHandler {
  return async (job, context) => {
    const payload = payloadSchema.safeParse(job.payload ?? {});
    const forceLists = payload.success ? payload.data.forceLists : undefined;
    try {
      const deps = await source();
      const summary = await runFullSync(deps, job.user_id, context.log, { ...options, forceLists });
      const afterConnect = payload.success && AFTER_CONNECT.has(payload.data.reason ?? '');
      const listsQueued = afterConnect ? await queueOpenTasksPushAfterConnect(deps.outlook.db, job.user_id) : 0;
      return completed({ ...summary, ...(afterConnect ? { openTaskPushesQueued: listsQueued } : {}) });
    } catch (error) {
      if (error instanceof NotConnectedError) return skipped('Outlook is not connected');
      throw error;
    }
  };
}
