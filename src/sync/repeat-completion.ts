/**
 * Completing one occurrence of a repeating task (issue 16 §3), as To Do does it: the
 * task itself rolls on to the series' next day and stays open, and the occurrence just
 * done is kept as a completed copy without the repeat. Planner does this itself when a
 * person completes a repeating task in Planner; when it happens in To Do, Graph does it
 * and the pull brings both back (decision 0056). Pure: today and now come in.
 */
import { nextOccurrence } from './recurrence';
import type { TaskFields } from './types';

export interface RepeatCompletion {
  /** What the repeating task becomes: open, on the next day (start date and reminder move with it). */
  series: Partial<TaskFields>;
  /** The occurrence done: the task as it was, completed, without the repeat. */
  occurrence: TaskFields;
  /** The series' next day. */
  nextDue: string;
}

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const addDays = (date: string, days: number) => new Date((dayNumber(date) + days) * DAY_MS).toISOString().slice(0, 10);

/**
 * The roll-forward for completing `fields` (open, repeating), or null when there is none
 * to do: not repeating, or the series has ended (its last occurrence is simply completed).
 * A repeating task without a due date counts from `today` (the user's date).
 */
export function completeOccurrence(fields: TaskFields, today: string, nowIso: string): RepeatCompletion | null {
  if (!fields.recurrence || fields.completed) return null;
  const from = fields.due_date ?? today;
  const nextDue = nextOccurrence(fields.recurrence, from);
  if (!nextDue) return null;
  const shift = dayNumber(nextDue) - dayNumber(from);
  const series: Partial<TaskFields> = {
    due_date: nextDue,
    start_date: fields.start_date ? addDays(fields.start_date, shift) : null,
    reminder_at: fields.reminder_at ? new Date(Date.parse(fields.reminder_at) + shift * DAY_MS).toISOString() : null,
  };
  const occurrence: TaskFields = { ...fields, recurrence: null, completed: true, completed_at: nowIso };
  return { series, occurrence, nextDue };
}
