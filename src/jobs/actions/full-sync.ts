/**
 * `full_sync` job: To Do → Planner for one user (src/server/pull/pull-full-sync.ts).
 * Payload (optional): {reason, forceLists: graph list ids whose mass-delete pause a
 * person lifted, lists: graph list ids to pull alone (a notification's; absent = every
 * list)}. A user who disconnected meanwhile has nothing to sync: skipped.
 * The first full_sync of a connect or reconnect then queues the bulk push of the open
 * tasks that still have no To Do copy (queueOpenTasksPushAfterConnect).
 */
import { z } from 'zod';
import { getEnv } from '../../config/env';
import { getOutlookDeps, NotConnectedError, type OutlookDepsSource } from '../../server/outlook';
import type { FullSyncOptions } from '../../server/pull/pull-context';
import { runFullSync } from '../../server/pull/pull-full-sync';
import { queueOpenTasksPushAfterConnect } from '../../server/push/push-open-tasks';
import { syncContextFor } from '../../server/sync-context';
import { completed, skipped, type JobHandler } from '../types';

const payloadSchema = z.looseObject({ forceLists: z.array(z.string()).optional(), lists: z.array(z.string()).optional(), reason: z.string().optional() });
const AFTER_CONNECT = new Set(['connect', 'reconnect']);

/** OUTLOOK_LISTS_DELTA_INTERVAL_MIN, or its default where the environment is not the app's (tests, bench). */
function listsDeltaIntervalMin(): number | undefined {
  try {
    return getEnv().OUTLOOK_LISTS_DELTA_INTERVAL_MIN;
  } catch {
    return undefined;
  }
}

export function fullSyncJob(source: OutlookDepsSource = getOutlookDeps, options: Omit<FullSyncOptions, 'forceLists' | 'lists'> = {}): JobHandler {
  return async (job, context) => {
    const payload = payloadSchema.safeParse(job.payload ?? {});
    const forceLists = payload.success ? payload.data.forceLists : undefined;
    // Aimed at the notified lists, unless a person forced some (that pull reads them all).
    const lists = payload.success && !forceLists ? payload.data.lists : undefined;
    try {
      const ctx = await syncContextFor(await source(), job.user_id, context.log, { tokenReads: 'each-request' });
      const summary = await runFullSync(ctx, { listsDeltaIntervalMin: listsDeltaIntervalMin(), ...options, forceLists, lists });
      const afterConnect = payload.success && AFTER_CONNECT.has(payload.data.reason ?? '');
      const listsQueued = afterConnect ? await queueOpenTasksPushAfterConnect(ctx) : 0;
      return completed({ ...summary, ...(afterConnect ? { openTaskPushesQueued: listsQueued } : {}) });
    } catch (error) {
      if (error instanceof NotConnectedError) return skipped('Outlook is not connected');
      throw error;
    }
  };
}
