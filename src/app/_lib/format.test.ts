import { describe, expect, it } from 'vitest';
import { datePattern, describeDueDate, formatDate, localeFromAcceptLanguage, localToday, parseDate, timeAgo } from './format';

describe('describeDueDate', () => {
  it('names nearby days, writes others in the locale, and colours overdue ones', () => {
    expect(describeDueDate('2025-03-10', '2025-03-10', 'en-GB')).toEqual({ label: 'Today', tone: 'today' });
    expect(describeDueDate('2025-03-11', '2025-03-10', 'en-GB')).toEqual({ label: 'Tomorrow', tone: 'soon' });
    expect(describeDueDate('2025-03-09', '2025-03-10', 'en-GB')).toEqual({ label: 'Yesterday', tone: 'overdue' });
    expect(describeDueDate('2025-03-14', '2025-03-10', 'en-GB')).toEqual({ label: '14/03/2025', tone: 'soon' });
    expect(describeDueDate('2026-12-15', '2025-03-10', 'en-US')).toEqual({ label: '12/15/2026', tone: 'later' });
    expect(describeDueDate('2026-12-15', '2025-03-10', 'de-DE').label).toBe('15.12.2026');
  });

  it('never shifts a date-only value across a time zone', () => {
    expect(describeDueDate('2025-03-31', '2025-01-01', 'en-GB').label).toBe('31/03/2025');
    expect(formatDate('2025-01-01', 'en-US')).toBe('01/01/2025');
  });
});

describe('one date format from the locale', () => {
  it('takes the first locale of Accept-Language that Intl knows', () => {
    expect(localeFromAcceptLanguage('en-US,en;q=0.9')).toBe('en-US');
    expect(localeFromAcceptLanguage('de-DE;q=0.8')).toBe('de-DE');
    expect(localeFromAcceptLanguage('*, en-GB')).toBe('en-GB');
    expect(localeFromAcceptLanguage(null)).toBe('en-GB');
  });

  it('reads dates typed in the locale order or as YYYY-MM-DD, and refuses impossible ones', () => {
    expect(datePattern('en-GB')).toBe('dd/mm/yyyy');
    expect(datePattern('en-US')).toBe('mm/dd/yyyy');
    expect(parseDate('15/12/2026', 'en-GB')).toBe('2026-12-15');
    expect(parseDate('12/15/2026', 'en-US')).toBe('2026-12-15');
    expect(parseDate('15.12.26', 'de-DE')).toBe('2026-12-15');
    expect(parseDate('2031-05-14', 'en-US')).toBe('2031-05-14');
    expect(parseDate('  ', 'en-GB')).toBe('');
    expect(parseDate('31/02/2026', 'en-GB')).toBeNull();
    expect(parseDate('12/15/2026', 'en-GB')).toBeNull();
    expect(parseDate('soon', 'en-GB')).toBeNull();
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
