/**
 * Runs a push job: resolves the deps, builds the user's sync context (syncContextFor)
 * and hands it to the service. A user who disconnected since the job was queued has
 * nothing to push to: the job is skipped, not failed.
 */
import type { ClaimedJob, JobContext, JobHandler, JobOutcome } from '../../jobs/types';
import { skipped } from '../../jobs/types';
import { NotConnectedError, type OutlookDepsSource } from '../outlook';
import { syncContextFor, type SyncContext } from '../sync-context';

export type PushJobBody = (job: ClaimedJob, ctx: SyncContext, context: JobContext) => Promise<JobOutcome>;

export function pushJobHandler(source: OutlookDepsSource, body: PushJobBody): JobHandler {
  return async (job, context) => {
    let ctx: SyncContext;
    try {
      ctx = await syncContextFor(await source(), job.user_id, context.log);
    } catch (error) {
      if (error instanceof NotConnectedError) return skipped('Outlook is not connected');
      throw error;
    }
    return body(job, ctx, context);
  };
}
