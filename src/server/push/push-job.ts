/**
 * Runs a push job: resolves the deps, builds the user's push context and hands it to
 * the service. A user who disconnected since the job was queued has nothing to push
 * to: the job is skipped, not failed.
 */
import type { ClaimedJob, JobContext, JobHandler, JobOutcome } from '../../jobs/types';
import { skipped } from '../../jobs/types';
import { NotConnectedError } from '../outlook';
import { pushContextFor, type PushContext, type PushDepsSource } from './push-deps';

export type PushJobBody = (job: ClaimedJob, pc: PushContext, context: JobContext) => Promise<JobOutcome>;

export function pushJobHandler(source: PushDepsSource, body: PushJobBody): JobHandler {
  return async (job, context) => {
    let pc: PushContext;
    try {
      pc = await pushContextFor(await source(), job.user_id, context.log);
    } catch (error) {
      if (error instanceof NotConnectedError) return skipped('Outlook is not connected');
      throw error;
    }
    return body(job, pc, context);
  };
}
