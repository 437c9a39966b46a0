/** How a conflict's field and values read to a person. */
import type { ConflictValue, ConflictView } from '@/server/conflicts/conflicts-service';
import { formatDate, formatDateTime } from '../_lib/format';

const FIELD_LABELS: Record<ConflictView['field'], string> = {
  title: 'Title',
  notes: 'Notes',
  due_date: 'Due date',
  priority: 'Priority',
  completed: 'Done',
  deleted: 'Deleted or kept',
  status: 'Status',
  start_date: 'Start date',
  categories: 'Tags',
  reminder_at: 'Reminder',
  recurrence: 'Repeat',
  steps: 'Steps',
};

const STATUS_LABELS: Record<string, string> = {
  notStarted: 'Not started',
  inProgress: 'In progress',
  waitingOnOthers: 'Waiting on others',
  deferred: 'Deferred',
};

export function fieldLabel(field: ConflictView['field']): string {
  return FIELD_LABELS[field];
}

const NONE: Partial<Record<ConflictView['field'], string>> = {
  due_date: 'no due date',
  start_date: 'no start date',
  reminder_at: 'no reminder',
  recurrence: 'does not repeat',
  categories: 'no tags',
};

export function showValue(field: ConflictView['field'], value: ConflictValue, locale: string, timeZone = 'UTC'): string {
  if (field === 'deleted') return value ? 'deleted' : 'edited, kept';
  if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) return NONE[field] ?? '(empty)';
  if (Array.isArray(value)) return value.join(', ');
  if (field === 'completed') return value ? 'done' : 'not done';
  if (field === 'status') return STATUS_LABELS[String(value)] ?? String(value);
  if ((field === 'due_date' || field === 'start_date') && typeof value === 'string') return formatDate(value, locale);
  if (field === 'reminder_at' && typeof value === 'string') return formatDateTime(value, locale, timeZone);
  return String(value);
}

export function sideName(side: ConflictView['winner']): string {
  return side === 'planner' ? 'Planner' : 'Outlook';
}
