import { describe, expect, it } from 'vitest';
import { describeDueDate, localToday, timeAgo } from './format';

describe('describeDueDate', () => {
  it('names nearby days and colours overdue ones', () => {
    expect(describeDueDate('2025-03-10', '2025-03-10')).toEqual({ label: 'Today', tone: 'today' });
    expect(describeDueDate('2025-03-11', '2025-03-10')).toEqual({ label: 'Tomorrow', tone: 'soon' });
    expect(describeDueDate('2025-03-09', '2025-03-10')).toEqual({ label: 'Yesterday', tone: 'overdue' });
    expect(describeDueDate('2025-03-14', '2025-03-10')).toEqual({ label: 'Fri 14 Mar', tone: 'soon' });
    expect(describeDueDate('2025-05-01', '2025-03-10')).toEqual({ label: '1 May', tone: 'later' });
    expect(describeDueDate('2026-01-02', '2025-12-30')).toEqual({ label: 'Fri 2 Jan 2026', tone: 'soon' });
  });

  it('never shifts a date-only value across a time zone', () => {
    expect(describeDueDate('2025-03-31', '2025-01-01').label).toBe('31 Mar');
  });
});

describe('localToday and timeAgo', () => {
  it('formats the local date and rough ages', () => {
    expect(localToday(new Date(2025, 0, 5, 23, 59))).toBe('2025-01-05');
    const now = Date.parse('2025-01-05T12:00:00Z');
    expect(timeAgo('2025-01-05T11:59:30Z', now)).toBe('just now');
    expect(timeAgo('2025-01-05T11:55:00Z', now)).toBe('5 min ago');
    expect(timeAgo('2025-01-05T09:00:00Z', now)).toBe('3 h ago');
    expect(timeAgo('2025-01-03T12:00:00Z', now)).toBe('2 days ago');
  });
});
