/**
 * `update` job: PATCH the fields changed since the last sync, move the copy when the
 * task changed project, recreate it on 404 once a full_sync found it neither moved nor
 * deleted in Outlook, create it when it has none
 * (src/server/push/push-task.ts). The payload ({moved, fromProjectId, restored}) is
 * informational: the job reads the task's latest state. Its `staleCopies` (a pull found
 * the task moved or brought back while an older copy may still answer) are deleted
 * after the push, except the copy the state maps by then.
 */
import { getOutlookDeps, type OutlookDepsSource } from '../../server/outlook';
import { pushJobHandler } from '../../server/push/push-job';
import { dropStaleCopies, pushTaskToTodo } from '../../server/push/push-task';
import { z } from 'zod';
import { PermanentJobError } from '../errors';
import type { JobHandler } from '../types';

export const updateTaskPayload = z.object({
  staleCopies: z.array(z.object({ graphTaskId: z.string(), graphListId: z.string() })).optional(),
});

export function updateTaskJob(source: OutlookDepsSource = getOutlookDeps): JobHandler {
  return pushJobHandler(source, async (job, ctx) => {
    if (!job.task_id) throw new PermanentJobError('invalid_job', 'An update job needs a task_id');
    const payload = updateTaskPayload.safeParse(job.payload ?? {});
    if (!payload.success) throw new PermanentJobError('invalid_payload', `Bad update payload: ${payload.error.message}`);
    const outcome = await pushTaskToTodo(ctx, job.task_id, { lastAttempt: job.attempts >= job.max_attempts });
    if (outcome.status !== 'deferred') await dropStaleCopies(ctx, job.task_id, payload.data.staleCopies ?? []);
    return outcome;
  });
}
