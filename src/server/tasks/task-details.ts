/**
 * The details of issue 16 on their way into a task row: a reminder given as a wall time
 * is read in the user's time zone, a repeat gets its start (the due date, else today)
 * and gives the task a due date when it had none (To Do's repeating tasks always have
 * one), and completing a repeating task rolls it on (src/sync/repeat-completion.ts).
 */
import { randomUUID } from 'node:crypto';
import type { Task, TaskStep } from '../../db/schema';
import type { TaskFields as RowFields } from '../../db/tasks-repository';
import { instantOfLocalMinute, localMinuteOf } from '../../sync/due-date';
import { reminderMinute } from '../../sync/normalise';
import { firstOccurrence, recurrenceSchema, type Recurrence } from '../../sync/recurrence';
import { InvalidInputError } from '../projects/errors';

export interface DetailInput {
  due_date?: string | null;
  reminder_at?: string | null;
  recurrence?: unknown;
}

/** The user's date today in their zone. */
export function todayIn(timeZone: string | null, now: Date): string {
  return localMinuteOf(now.toISOString(), timeZone).slice(0, 10);
}

/** Reminder and repeat of `input` as row columns; `before` is the task as it was (for an update). */
export function resolveDetails(input: DetailInput, before: Pick<Task, 'due_date'> | null, timeZone: string | null, now: Date): Pick<RowFields, 'reminder_at' | 'recurrence' | 'due_date'> {
  const out: Pick<RowFields, 'reminder_at' | 'recurrence' | 'due_date'> = {};
  if (input.reminder_at !== undefined) out.reminder_at = resolveReminder(input.reminder_at, timeZone);
  if (input.recurrence !== undefined) {
    const due = input.due_date !== undefined ? input.due_date : (before?.due_date ?? null);
    const recurrence = input.recurrence === null ? null : parseRecurrence(input.recurrence, due ?? todayIn(timeZone, now));
    out.recurrence = recurrence;
    if (recurrence && !due) out.due_date = firstOccurrence(recurrence) ?? recurrence.range.startDate;
  }
  return out;
}

function resolveReminder(value: string | null, timeZone: string | null): string | null {
  if (value === null) return null;
  const instant = /[zZ]|[+-]\d{2}:\d{2}$/.test(value) ? new Date(value).toISOString() : instantOfLocalMinute(value, timeZone ?? 'UTC');
  if (!instant) throw new InvalidInputError('invalid_reminder', 'Reminder must be a date and time like 2026-03-09T08:30', 'reminder_at');
  return reminderMinute(instant);
}

function parseRecurrence(value: unknown, defaultStart: string): Recurrence {
  const raw = value as { range?: Record<string, unknown> };
  const withStart = { ...raw, range: { type: 'noEnd', ...raw.range, startDate: raw.range?.startDate ?? defaultStart } };
  const parsed = recurrenceSchema.safeParse(withStart);
  if (!parsed.success) throw new InvalidInputError('invalid_recurrence', parsed.error.issues[0]?.message ?? 'Repeat is not valid', 'recurrence');
  return parsed.data;
}

/**
 * The steps a request gives, as stored: ids kept (new ones made), and checked_at as the
 * time the step was checked (kept while it stays checked, now when it becomes checked).
 */
export function resolveSteps(input: { id?: string; title: string; checked: boolean }[], before: TaskStep[], now: Date): TaskStep[] {
  const previous = new Map(before.map((s) => [s.id, s]));
  const seen = new Set<string>();
  return input.map((s) => {
    const old = s.id && !seen.has(s.id) ? previous.get(s.id) : undefined;
    const id = old ? old.id : randomUUID();
    seen.add(id);
    const checkedAt = s.checked ? (old?.checked ? old.checked_at : now.toISOString()) : null;
    return { id, title: s.title, checked: s.checked, checked_at: checkedAt };
  });
}
