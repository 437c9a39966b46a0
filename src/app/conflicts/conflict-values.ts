/** How a conflict's field and values read to a person. */
import type { ConflictValue, ConflictView } from '@/server/conflicts/conflicts-service';
import { formatDate } from '../_lib/format';

const FIELD_LABELS: Record<ConflictView['field'], string> = {
  title: 'Title',
  notes: 'Notes',
  due_date: 'Due date',
  priority: 'Priority',
  completed: 'Done',
  deleted: 'Deleted or kept',
};

export function fieldLabel(field: ConflictView['field']): string {
  return FIELD_LABELS[field];
}

export function showValue(field: ConflictView['field'], value: ConflictValue, locale: string): string {
  if (field === 'deleted') return value ? 'deleted' : 'edited, kept';
  if (value === null || value === '') return field === 'due_date' ? 'no due date' : '(empty)';
  if (field === 'completed') return value ? 'done' : 'not done';
  if (field === 'due_date' && typeof value === 'string') {
    return formatDate(value, locale);
  }
  return String(value);
}

export function sideName(side: ConflictView['winner']): string {
  return side === 'planner' ? 'Planner' : 'Outlook';
}
