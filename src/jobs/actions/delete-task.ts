/** `delete` job: DELETE the task's To Do copy (404 = done) and forget its sync state. */
import { z } from 'zod';
import { getOutlookDeps, type OutlookDepsSource } from '../../server/outlook';
import { pushJobHandler } from '../../server/push/push-job';
import { deleteTaskCopy } from '../../server/push/push-task-delete';
import { PermanentJobError } from '../errors';
import type { JobHandler } from '../types';

/** Enqueued by the task service with the Graph ids it knew, for when the state row is gone. */
export const deleteTaskPayload = z.object({
  graphTaskId: z.string().nullish(),
  graphListId: z.string().nullish(),
  /** Copies a pull found that no sync state maps (task-jobs-repository addCopyToPendingDelete). */
  extraCopies: z.array(z.object({ graphTaskId: z.string(), graphListId: z.string() })).optional(),
});

export function deleteTaskJob(source: OutlookDepsSource = getOutlookDeps): JobHandler {
  return pushJobHandler(source, async (job, ctx) => {
    if (!job.task_id) throw new PermanentJobError('invalid_job', 'A delete job needs a task_id');
    const payload = deleteTaskPayload.safeParse(job.payload ?? {});
    if (!payload.success) throw new PermanentJobError('invalid_payload', `Bad delete payload: ${payload.error.message}`);
    return deleteTaskCopy(ctx, { taskId: job.task_id, ...payload.data });
  });
}
