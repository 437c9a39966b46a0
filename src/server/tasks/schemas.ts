/** What a task may look like on the way in (API bodies, server actions). */
import { z } from 'zod';
import { recurrenceSchema, type Recurrence } from '../../sync/recurrence';
import { TASK_STATUSES } from '../../sync/types';
import { noNul } from '../http/plain-text';
import { TASK_NOTES_MAX, TASK_TITLE_MAX } from './limits';

export { TASK_NOTES_MAX, TASK_TITLE_MAX, TASK_STATUSES };
export const PRIORITIES = ['low', 'normal', 'high'] as const;
export const TAG_MAX = 255;
export const TAGS_MAX = 25;

/** A real calendar date written YYYY-MM-DD (2025-02-30 is refused). */
export function isCalendarDate(value: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return false;
  const [year, month, day] = match.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day));
  return year >= 1900 && date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

export const taskTitle = noNul(
  z
    .string({ error: 'Title is required' })
    .trim()
    .min(1, 'Title can’t be empty')
    .max(TASK_TITLE_MAX, `Title must be at most ${TASK_TITLE_MAX} characters`),
  'Title',
);

export const taskNotes = noNul(
  z.string({ error: 'Notes must be text' }).max(TASK_NOTES_MAX, `Notes must be at most ${TASK_NOTES_MAX} characters`),
  'Notes',
);

export const dueDate = z
  .string({ error: 'Due date must be a date like 2025-03-31' })
  .refine(isCalendarDate, { error: 'Due date must be a real date like 2025-03-31' })
  .nullable();

export const startDate = z
  .string({ error: 'Start date must be a date like 2025-03-31' })
  .refine(isCalendarDate, { error: 'Start date must be a real date like 2025-03-31' })
  .nullable();

export const priority = z.enum(PRIORITIES, { error: 'Priority must be low, normal or high' });

export const taskStatus = z.enum(TASK_STATUSES, { error: `Status must be one of ${TASK_STATUSES.join(', ')}` });

/** Tags (To Do's categories): names, blanks and repeats dropped, order kept. */
export const categories = z
  .array(noNul(z.string({ error: 'A tag must be text' }).trim().max(TAG_MAX, `A tag must be at most ${TAG_MAX} characters`), 'Tag'), {
    error: 'Tags must be a list of names',
  })
  .max(TAGS_MAX, `At most ${TAGS_MAX} tags`)
  .transform((tags) => [...new Set(tags.filter(Boolean))]);

const LOCAL_MINUTE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * A reminder: an instant with its offset (2026-03-09T08:30:00Z), or a wall time without
 * one (2026-03-09T08:30), which is read in the user's time zone. null removes it.
 */
export const reminderAt = z
  .string({ error: 'Reminder must be a date and time like 2026-03-09T08:30' })
  .refine((v) => (LOCAL_MINUTE.test(v) && isCalendarDate(v.slice(0, 10))) || (INSTANT.test(v) && !Number.isNaN(Date.parse(v))), {
    error: 'Reminder must be a date and time like 2026-03-09T08:30',
  })
  .nullable();

/** A repeat as a request may give it: its range (or the range's startDate) may be left out. */
export interface RecurrenceInput {
  pattern: Recurrence['pattern'];
  range?: Partial<Recurrence['range']>;
}

/** A repeat, checked in full by the service (recurrenceSchema) once its start is known: the task's due date, else today. */
export const recurrenceInput = z
  .custom<RecurrenceInput>((v) => typeof v === 'object' && v !== null && 'pattern' in v, { error: 'Repeat must be {pattern, range} or null' })
  .nullable();
export { recurrenceSchema };

export const projectRef = z.uuid({ error: 'No such project' }).nullable();

export const STEP_TITLE_MAX = 255;
export const STEPS_MAX = 100;

/** Subtasks (To Do's steps), the whole list in order: a step without an id is new. */
export const stepsInput = z
  .array(
    z.strictObject({
      id: z.uuid({ error: 'A step id must be one Planner gave' }).optional(),
      title: noNul(
        z.string({ error: 'A step needs a title' }).trim().min(1, 'A step can’t be empty').max(STEP_TITLE_MAX, `A step must be at most ${STEP_TITLE_MAX} characters`),
        'Step',
      ),
      checked: z.boolean({ error: 'checked must be true or false' }).default(false),
    }),
    { error: 'Steps must be a list' },
  )
  .max(STEPS_MAX, `At most ${STEPS_MAX} steps`);

/** The fields of issue 16 a create or an update may set. */
const detailFields = {
  steps: stepsInput.optional(),
  status: taskStatus.optional(),
  start_date: startDate.optional(),
  categories: categories.optional(),
  reminder_at: reminderAt.optional(),
  recurrence: recurrenceInput.optional(),
};

export const createTaskInput = z.strictObject({
  title: taskTitle,
  notes: taskNotes.optional(),
  due_date: dueDate.optional(),
  priority: priority.optional(),
  completed: z.boolean({ error: 'Completed must be true or false' }).optional(),
  project_id: projectRef.optional(),
  ...detailFields,
});

export const updateTaskInput = z
  .strictObject({
    title: taskTitle.optional(),
    notes: taskNotes.optional(),
    due_date: dueDate.optional(),
    priority: priority.optional(),
    completed: z.boolean({ error: 'Completed must be true or false' }).optional(),
    project_id: projectRef.optional(),
    ...detailFields,
  })
  .refine((v) => Object.values(v).some((x) => x !== undefined), { error: 'Nothing to change' });

/** Place the task right after `after_id` (null = first in its list). */
export const reorderTaskInput = z.strictObject({
  after_id: z.uuid({ error: 'after_id must be a task id or null' }).nullable(),
});

export const listTasksQuery = z.strictObject({
  /** 'inbox' (default), 'all', or a project id. */
  project: z.union([z.enum(['inbox', 'all']), z.uuid({ error: 'project must be inbox, all or a project id' })]).default('inbox'),
  status: z.enum(['open', 'completed', 'all'], { error: 'status must be open, completed or all' }).default('all'),
  /** Only tasks with this tag. */
  tag: noNul(z.string().trim().min(1, 'tag can’t be empty').max(TAG_MAX), 'tag').optional(),
  /** Only tasks with this open status (To Do's notStarted, inProgress, waitingOnOthers, deferred). */
  work_status: taskStatus.optional(),
  /** Only tasks that have started by this day (no start date, or one on or before it). */
  started_by: z.string().refine(isCalendarDate, { error: 'started_by must be a date like 2025-03-31' }).optional(),
});

export type CreateTaskInput = z.input<typeof createTaskInput>;
export type UpdateTaskInput = z.input<typeof updateTaskInput>;
export type ReorderTaskInput = z.input<typeof reorderTaskInput>;
export type ListTasksQuery = z.input<typeof listTasksQuery>;
