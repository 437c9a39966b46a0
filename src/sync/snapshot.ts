/**
 * The last-synced snapshot as stored in task_sync_state.snapshot (jsonb). Reading is
 * defensive: anything that is not a valid TaskFields reads as null, which the three-way
 * plan treats as "never synced" (differing fields become conflicts, nothing is deleted).
 */
import { z } from 'zod';
import { hashTaskFields } from './normalise';
import { fromGraphRecurrence } from './recurrence';
import { TASK_STATUSES, type TaskFields } from './types';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * A base stored before a field was synced reads with that field's empty value, which is
 * what the other side showed for it then: a value set on one side since reads as its change.
 */
const taskFieldsSchema = z.object({
  title: z.string(),
  notes: z.string(),
  due_date: z.string().regex(DATE).nullable(),
  priority: z.enum(['low', 'normal', 'high']),
  completed: z.boolean(),
  completed_at: z.string().nullable().default(null),
  status: z.enum(TASK_STATUSES).default('notStarted'),
  start_date: z.string().regex(DATE).nullable().default(null),
  categories: z.array(z.string()).default([]),
  reminder_at: z.string().nullable().default(null),
  recurrence: z.unknown().transform((r) => fromGraphRecurrence(r)).default(null),
});

/** TaskFields from a stored snapshot (object or JSON text); null when absent or malformed. */
export function parseTaskSnapshot(value: unknown): TaskFields | null {
  let raw = value;
  if (typeof value === 'string') {
    try {
      raw = JSON.parse(value);
    } catch {
      return null;
    }
  }
  const parsed = taskFieldsSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** The columns to store for a new base: {snapshot, snapshot_hash}. */
export function snapshotColumns(fields: TaskFields): { snapshot: TaskFields; snapshot_hash: string } {
  const { title, notes, due_date, priority, completed, completed_at, status, start_date, categories, reminder_at, recurrence } = fields;
  return {
    snapshot: { title, notes, due_date, priority, completed, completed_at, status, start_date, categories, reminder_at, recurrence },
    snapshot_hash: hashTaskFields(fields),
  };
}
