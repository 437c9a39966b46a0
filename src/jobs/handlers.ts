/**
 * The job handler of each action. processTaskSyncJobs fails a job whose action has
 * no handler here with last_error_code 'no_handler'. Add each action's handler as
 * it is written (one file per action, e.g. ./actions/create-task.ts).
 */
import { createTaskJob } from './actions/create-task';
import { deleteTaskJob } from './actions/delete-task';
import { fullSyncJob } from './actions/full-sync';
import { projectDeleteJob } from './actions/project-delete';
import { projectSyncJob } from './actions/project-sync';
import { updateTaskJob } from './actions/update-task';
import type { JobHandlers } from './types';

export const defaultJobHandlers: JobHandlers = {
  create: createTaskJob(),
  update: updateTaskJob(),
  delete: deleteTaskJob(),
  full_sync: fullSyncJob(),
  project_sync: projectSyncJob(),
  project_delete: projectDeleteJob(),
};
