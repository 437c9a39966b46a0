/**
 * `project_sync` job: the project's To Do list follows it — created or renamed while
 * Active, archived when Completed/Cancelled, re-provisioned with its open tasks when
 * reopened (src/server/push/push-project.ts). Without a project it pushes the Inbox's
 * unsynced open tasks.
 */
import { z } from 'zod';
import { getOutlookDeps, type OutlookDepsSource } from '../../server/outlook';
import { pushJobHandler } from '../../server/push/push-job';
import { syncProjectList } from '../../server/push/push-project';
import { PermanentJobError } from '../errors';
import type { JobHandler } from '../types';

export const projectSyncPayload = z.object({ reason: z.string().optional() }).loose();

export function projectSyncJob(source: OutlookDepsSource = getOutlookDeps): JobHandler {
  return pushJobHandler(source, async (job, ctx, context) => {
    const payload = projectSyncPayload.safeParse(job.payload ?? {});
    if (!payload.success) throw new PermanentJobError('invalid_payload', `Bad project_sync payload: ${payload.error.message}`);
    return syncProjectList(ctx, { projectId: job.project_id, reason: payload.data.reason, deadline: context.deadline });
  });
}
