/** The issue-16 fields of a task that has none set (a new task's placeholder, tests). */
import type { TaskView } from '@/server/tasks';

export const NO_TASK_DETAILS: Pick<
  TaskView,
  'status' | 'start_date' | 'categories' | 'reminder_at' | 'reminder_local' | 'recurrence' | 'recurrence_summary' | 'next_occurrence' | 'steps'
> = {
  status: 'notStarted',
  start_date: null,
  categories: [],
  reminder_at: null,
  reminder_local: null,
  recurrence: null,
  recurrence_summary: null,
  next_occurrence: null,
  steps: [],
};
