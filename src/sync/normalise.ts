/**
 * The normalised projection of the synced fields and its hash (decision 0018). Two states
 * with the same projection are the same for sync: equal hashes mean nothing changed, which
 * is how echoes of our own writes are recognised. completed_at is left out on purpose
 * (Graph rounds completedDateTime to UTC midnight), so it can never cause a change alone.
 */
import { createHash } from 'node:crypto';
import { tidyText } from './body-text';
import { recurrenceKey } from './recurrence';
import { COMPARED_FIELDS, type ComparedField, type TaskFields } from './types';

/** Bump when the projection changes, so stored hashes stop matching and are recomputed. */
export const NORMALISE_VERSION = 2;

/** Each compared field as one comparable value (collections as canonical text). */
export type NormalisedTask = { [K in ComparedField]: string | boolean | null };

/** Categories as a set: trimmed, blanks and repeats dropped, in a fixed order. */
export function normaliseCategories(categories: readonly string[]): string[] {
  return [...new Set(categories.map((c) => c.trim()).filter(Boolean))].sort();
}

/** A reminder instant to the minute (To Do shows and fires reminders by the minute). */
export function reminderMinute(iso: string | null | undefined): string | null {
  if (!iso) return null;
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return null;
  return new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
}

/**
 * The compared fields, tidied: title trimmed, notes with LF line ends and no trailing
 * blanks, categories as a set, the reminder to the minute, the repeat in one form.
 */
export function normaliseTaskFields(fields: Pick<TaskFields, ComparedField>): NormalisedTask {
  return {
    title: fields.title.trim(),
    notes: tidyText(fields.notes),
    due_date: fields.due_date ?? null,
    priority: fields.priority,
    completed: fields.completed,
    status: fields.status,
    start_date: fields.start_date ?? null,
    categories: JSON.stringify(normaliseCategories(fields.categories)),
    reminder_at: reminderMinute(fields.reminder_at),
    recurrence: recurrenceKey(fields.recurrence),
  };
}

/** Stable hash ('v1:' + sha256 hex) of the normalised projection; key order is fixed. */
export function hashTaskFields(fields: Pick<TaskFields, ComparedField>): string {
  const n = normaliseTaskFields(fields);
  const canonical = JSON.stringify(COMPARED_FIELDS.map((key) => n[key]));
  return `v${NORMALISE_VERSION}:${createHash('sha256').update(canonical).digest('hex')}`;
}

/** True when one field holds the same value on both states after normalising. */
export function sameField(field: ComparedField, a: Pick<TaskFields, ComparedField>, b: Pick<TaskFields, ComparedField>): boolean {
  return normaliseTaskFields(a)[field] === normaliseTaskFields(b)[field];
}

/** The compared fields whose normalised values differ between two states. */
export function changedFields(from: Pick<TaskFields, ComparedField>, to: Pick<TaskFields, ComparedField>): ComparedField[] {
  const a = normaliseTaskFields(from);
  const b = normaliseTaskFields(to);
  return COMPARED_FIELDS.filter((key) => a[key] !== b[key]);
}
