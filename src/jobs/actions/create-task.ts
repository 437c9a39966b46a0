/** `create` job: push a new task to To Do (idempotent; see src/server/push/push-task.ts). */
import { getOutlookDeps, type OutlookDepsSource } from '../../server/outlook';
import { pushJobHandler } from '../../server/push/push-job';
import { pushTaskToTodo } from '../../server/push/push-task';
import { PermanentJobError } from '../errors';
import type { JobHandler } from '../types';

export function createTaskJob(source: OutlookDepsSource = getOutlookDeps): JobHandler {
  return pushJobHandler(source, async (job, ctx) => {
    if (!job.task_id) throw new PermanentJobError('invalid_job', 'A create job needs a task_id');
    return pushTaskToTodo(ctx, job.task_id, { lastAttempt: job.attempts >= job.max_attempts });
  });
}
