/**
 * `full_sync` job: To Do → Planner for one user (src/server/sync/pull-full-sync.ts).
 * Payload (optional): {reason, forceLists: graph list ids whose mass-delete pause a
 * person lifted}. A user who disconnected meanwhile has nothing to sync: skipped.
 */
import { z } from 'zod';
import { NotConnectedError } from '../../server/outlook';
import { processPullDeps, type FullSyncOptions, type PullDepsSource } from '../../server/sync/pull-deps';
import { runFullSync } from '../../server/sync/pull-full-sync';
import { completed, skipped, type JobHandler } from '../types';

const payloadSchema = z.looseObject({ forceLists: z.array(z.string()).optional() });

export function fullSyncJob(source: PullDepsSource = processPullDeps, options: Omit<FullSyncOptions, 'forceLists'> = {}): JobHandler {
  return async (job, context) => {
    const payload = payloadSchema.safeParse(job.payload ?? {});
    const forceLists = payload.success ? payload.data.forceLists : undefined;
    try {
      const summary = await runFullSync(await source(), job.user_id, context.log, { ...options, forceLists });
      return completed({ ...summary });
    } catch (error) {
      if (error instanceof NotConnectedError) return skipped('Outlook is not connected');
      throw error;
    }
  };
}
