/** `project_delete` job: delete the deleted project's To Do list, its subscription, mapping and task sync state. */
import { z } from 'zod';
import { getOutlookDeps, type OutlookDepsSource } from '../../server/outlook';
import { pushJobHandler } from '../../server/push/push-job';
import { deleteProjectList } from '../../server/push/push-project-delete';
import { PermanentJobError } from '../errors';
import type { JobHandler } from '../types';

/** Enqueued by the project service before the project row (and the mapping's link to it) went away. */
export const projectDeletePayload = z
  .object({ graphListId: z.string().nullish(), listName: z.string().nullish(), projectName: z.string().nullish() })
  .loose();

export function projectDeleteJob(source: OutlookDepsSource = getOutlookDeps): JobHandler {
  return pushJobHandler(source, async (job, ctx) => {
    const payload = projectDeletePayload.safeParse(job.payload ?? {});
    if (!payload.success) throw new PermanentJobError('invalid_payload', `Bad project_delete payload: ${payload.error.message}`);
    return deleteProjectList(ctx, { projectId: job.project_id, graphListId: payload.data.graphListId ?? null });
  });
}
