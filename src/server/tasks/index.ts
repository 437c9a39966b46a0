export * from './service';
export * from './views';
export * from './sync-status';
export { createTaskInput, updateTaskInput, reorderTaskInput, listTasksQuery, TASK_TITLE_MAX, TASK_NOTES_MAX, PRIORITIES } from './schemas';
export type { CreateTaskInput, UpdateTaskInput, ReorderTaskInput, ListTasksQuery } from './schemas';
export { plannerChangeStamp } from './change-stamp';
