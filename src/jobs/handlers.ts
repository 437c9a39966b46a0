/**
 * The job handler of each action. processTaskSyncJobs fails a job whose action has
 * no handler here with last_error_code 'no_handler'. Add each action's handler as
 * it is written (one file per action, e.g. ./actions/create-task.ts).
 */
import type { JobHandlers } from './types';

export const defaultJobHandlers: JobHandlers = {};
