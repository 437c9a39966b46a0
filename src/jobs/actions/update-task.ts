/**
 * `update` job: PATCH the fields changed since the last sync, move the copy when the
 * task changed project, recreate it on 404 once a full_sync found it neither moved nor
 * deleted in Outlook, create it when it has none
 * (src/server/push/push-task.ts). The payload ({moved, fromProjectId, restored}) is
 * informational: the job reads the task's latest state.
 */
import { getOutlookDeps, type OutlookDepsSource } from '../../server/outlook';
import { pushJobHandler } from '../../server/push/push-job';
import { pushTaskToTodo } from '../../server/push/push-task';
import { PermanentJobError } from '../errors';
import type { JobHandler } from '../types';

export function updateTaskJob(source: OutlookDepsSource = getOutlookDeps): JobHandler {
  return pushJobHandler(source, async (job, ctx) => {
    if (!job.task_id) throw new PermanentJobError('invalid_job', 'An update job needs a task_id');
    return pushTaskToTodo(ctx, job.task_id, { lastAttempt: job.attempts >= job.max_attempts });
  });
}
