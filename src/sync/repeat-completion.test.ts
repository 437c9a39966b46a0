import { describe, expect, it } from 'vitest';
import { taskFieldsWith } from './field-mapping';
import type { Recurrence } from './recurrence';
import { completeOccurrence } from './repeat-completion';

const NOW = '2026-03-12T09:00:00.000Z';
const weekly: Recurrence = { pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday', 'thursday'], firstDayOfWeek: 'sunday' }, range: { type: 'noEnd', startDate: '2026-03-02' } };

describe('completeOccurrence', () => {
  it('rolls the task on to the next day of the series and keeps the occurrence done as a completed copy', () => {
    const task = taskFieldsWith({ title: 'Water plants', due_date: '2026-03-12', start_date: '2026-03-10', reminder_at: '2026-03-12T07:30:00.000Z', recurrence: weekly, categories: ['Home'] });
    const done = completeOccurrence(task, '2026-03-12', NOW)!;
    expect(done.nextDue).toBe('2026-03-16');
    // Start date and reminder keep their distance to the due date (here +4 days, across no DST change in UTC).
    expect(done.series).toEqual({ due_date: '2026-03-16', start_date: '2026-03-14', reminder_at: '2026-03-16T07:30:00.000Z' });
    expect(done.occurrence).toEqual({ ...task, recurrence: null, completed: true, completed_at: NOW });
  });

  it('counts from today when the repeating task has no due date', () => {
    const task = taskFieldsWith({ title: 'Stretch', recurrence: { pattern: { type: 'daily', interval: 2 }, range: { type: 'noEnd', startDate: '2026-03-01' } } });
    expect(completeOccurrence(task, '2026-03-12', NOW)!.nextDue).toBe('2026-03-13');
  });

  it('the last occurrence of a series is only completed (no roll, no copy)', () => {
    const last = taskFieldsWith({ title: 'Course', due_date: '2026-03-19', recurrence: { ...weekly, range: { type: 'endDate', startDate: '2026-03-02', endDate: '2026-03-19' } } });
    expect(completeOccurrence(last, '2026-03-19', NOW)).toBeNull();
    const counted = taskFieldsWith({ title: 'Course', due_date: '2026-03-05', recurrence: { ...weekly, range: { type: 'numbered', startDate: '2026-03-02', numberOfOccurrences: 2 } } });
    expect(completeOccurrence(counted, '2026-03-05', NOW)).toBeNull();
  });

  it('does nothing for a one-off task or one already completed', () => {
    expect(completeOccurrence(taskFieldsWith({ title: 'Once', due_date: '2026-03-12' }), '2026-03-12', NOW)).toBeNull();
    expect(completeOccurrence(taskFieldsWith({ title: 'Done', due_date: '2026-03-12', recurrence: weekly, completed: true }), '2026-03-12', NOW)).toBeNull();
  });
});
