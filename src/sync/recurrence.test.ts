import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describeRecurrence,
  firstOccurrence,
  fromGraphRecurrence,
  nextOccurrence,
  recurrenceKey,
  recurrenceSchema,
  toGraphRecurrence,
  WEEKDAYS,
  type Recurrence,
} from './recurrence';

const noEnd = (startDate: string) => ({ type: 'noEnd' as const, startDate });

const rec = (pattern: Recurrence['pattern'], range: Recurrence['range'] = noEnd('2026-01-01')): Recurrence => ({ pattern, range });

/** Every occurrence after `from`, `count` of them (stops at the series' end). */
function occurrences(r: Recurrence, from: string, count: number): string[] {
  const out: string[] = [];
  let at = from;
  while (out.length < count) {
    const next = nextOccurrence(r, at);
    if (!next) break;
    out.push(next);
    at = next;
  }
  return out;
}

describe('nextOccurrence, every pattern Graph documents', () => {
  it('daily: every day and every 3 days, counted from the start', () => {
    expect(occurrences(rec({ type: 'daily', interval: 1 }), '2026-01-01', 3)).toEqual(['2026-01-02', '2026-01-03', '2026-01-04']);
    expect(occurrences(rec({ type: 'daily', interval: 3 }), '2026-01-01', 3)).toEqual(['2026-01-04', '2026-01-07', '2026-01-10']);
    // A due date moved off the pattern rolls to the pattern's next day, not to due + 3.
    expect(nextOccurrence(rec({ type: 'daily', interval: 3 }), '2026-01-05')).toBe('2026-01-07');
  });

  it('weekly: every 2 weeks on Mon and Thu, weeks counted from firstDayOfWeek', () => {
    // 2026-01-01 is a Thursday; weeks start on Sunday: the week of 28 Dec is week 0.
    const r = rec({ type: 'weekly', interval: 2, daysOfWeek: ['thursday', 'monday'], firstDayOfWeek: 'sunday' });
    expect(occurrences(r, '2026-01-01', 4)).toEqual(['2026-01-12', '2026-01-15', '2026-01-26', '2026-01-29']);
    // With weeks starting on Monday the Monday 29 Dec is in week 0 too, so the same days follow.
    const monday = rec({ type: 'weekly', interval: 2, daysOfWeek: ['monday', 'thursday'], firstDayOfWeek: 'monday' });
    expect(occurrences(monday, '2026-01-01', 2)).toEqual(['2026-01-12', '2026-01-15']);
  });

  it('weekly: firstDayOfWeek decides which weeks count for a Sunday', () => {
    // Start Sat 3 Jan 2026. Sunday-first weeks: Sun 4 Jan opens week 1 (skipped), Sun 11 Jan week 2.
    const sundayFirst = rec({ type: 'weekly', interval: 2, daysOfWeek: ['sunday', 'saturday'], firstDayOfWeek: 'sunday' }, noEnd('2026-01-03'));
    expect(occurrences(sundayFirst, '2026-01-03', 2)).toEqual(['2026-01-11', '2026-01-17']);
    // Monday-first weeks: Sun 4 Jan still belongs to week 0, with Sat 3 Jan.
    const mondayFirst = rec({ type: 'weekly', interval: 2, daysOfWeek: ['sunday', 'saturday'], firstDayOfWeek: 'monday' }, noEnd('2026-01-03'));
    expect(occurrences(mondayFirst, '2026-01-03', 2)).toEqual(['2026-01-04', '2026-01-17']);
  });

  it('absoluteMonthly: day 31 falls on the last day of shorter months', () => {
    const r = rec({ type: 'absoluteMonthly', interval: 1, dayOfMonth: 31 }, noEnd('2026-01-31'));
    expect(occurrences(r, '2026-01-31', 4)).toEqual(['2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31']);
    const every2 = rec({ type: 'absoluteMonthly', interval: 2, dayOfMonth: 15 }, noEnd('2026-01-15'));
    expect(occurrences(every2, '2026-01-15', 3)).toEqual(['2026-03-15', '2026-05-15', '2026-07-15']);
  });

  it('relativeMonthly: the second Tuesday, the last Friday, the first weekday', () => {
    expect(occurrences(rec({ type: 'relativeMonthly', interval: 1, daysOfWeek: ['tuesday'], index: 'second' }), '2026-01-01', 3)).toEqual([
      '2026-01-13',
      '2026-02-10',
      '2026-03-10',
    ]);
    expect(occurrences(rec({ type: 'relativeMonthly', interval: 1, daysOfWeek: ['friday'], index: 'last' }), '2026-01-01', 3)).toEqual([
      '2026-01-30',
      '2026-02-27',
      '2026-03-27',
    ]);
    const firstWeekday = rec({ type: 'relativeMonthly', interval: 1, daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'], index: 'first' });
    // 1 Feb 2026 is a Sunday, 1 Aug 2026 a Saturday.
    expect(nextOccurrence(firstWeekday, '2026-01-31')).toBe('2026-02-02');
    expect(nextOccurrence(firstWeekday, '2026-07-31')).toBe('2026-08-03');
  });

  it('absoluteYearly: 29 February falls on the 28th in common years', () => {
    const r = rec({ type: 'absoluteYearly', interval: 1, month: 2, dayOfMonth: 29 }, noEnd('2028-02-29'));
    expect(occurrences(r, '2028-02-29', 2)).toEqual(['2029-02-28', '2030-02-28']);
    expect(occurrences(r, '2031-03-01', 1)).toEqual(['2032-02-29']);
  });

  it('relativeYearly: the fourth Thursday of November, every 2 years', () => {
    const r = rec({ type: 'relativeYearly', interval: 2, month: 11, daysOfWeek: ['thursday'], index: 'fourth' }, noEnd('2026-01-01'));
    expect(occurrences(r, '2026-01-01', 2)).toEqual(['2026-11-26', '2028-11-23']);
  });

  it('ends: after the end date, and after the numbered occurrences counted from the start', () => {
    const until = rec({ type: 'daily', interval: 1 }, { type: 'endDate', startDate: '2026-01-01', endDate: '2026-01-03' });
    expect(occurrences(until, '2025-12-31', 10)).toEqual(['2026-01-01', '2026-01-02', '2026-01-03']);
    expect(nextOccurrence(until, '2026-01-03')).toBeNull();
    const thrice = rec({ type: 'weekly', interval: 1, daysOfWeek: ['monday'] }, { type: 'numbered', startDate: '2026-01-05', numberOfOccurrences: 3 });
    expect(occurrences(thrice, '2026-01-01', 10)).toEqual(['2026-01-05', '2026-01-12', '2026-01-19']);
    expect(firstOccurrence(thrice)).toBe('2026-01-05');
  });

  it('property: occurrences strictly increase, fit the pattern, and never pass the end', () => {
    fc.assert(
      fc.property(arbRecurrence, fc.integer({ min: 0, max: 800 }), (r, offset) => {
        const after = new Date(Date.parse(`${r.range.startDate}T00:00:00Z`) + (offset - 30) * 86_400_000).toISOString().slice(0, 10);
        const next = nextOccurrence(r, after);
        if (next === null) return;
        expect(next > after).toBe(true);
        expect(next >= r.range.startDate).toBe(true);
        if (r.range.type === 'endDate') expect(next <= r.range.endDate!).toBe(true);
        const weekday = WEEKDAYS[new Date(`${next}T00:00:00Z`).getUTCDay()];
        if (r.pattern.daysOfWeek && r.pattern.type !== 'daily') expect(r.pattern.daysOfWeek).toContain(weekday);
        // Rolling on from the day before `next` lands on `next` again: nothing is skipped.
        const dayBefore = new Date(Date.parse(`${next}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
        if (dayBefore >= after) expect(nextOccurrence(r, dayBefore)).toBe(next);
      }),
      { numRuns: 300 },
    );
  });
});

describe('describeRecurrence: plain language', () => {
  it.each<[Recurrence, string]>([
    [rec({ type: 'daily', interval: 1 }), 'Every day'],
    [rec({ type: 'daily', interval: 3 }), 'Every 3 days'],
    [rec({ type: 'weekly', interval: 2, daysOfWeek: ['thursday', 'monday'] }), 'Every 2 weeks on Mon, Thu'],
    [rec({ type: 'weekly', interval: 1, daysOfWeek: ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'] }), 'Every weekday'],
    [rec({ type: 'absoluteMonthly', interval: 1, dayOfMonth: 15 }), 'Every month on day 15'],
    [rec({ type: 'relativeMonthly', interval: 2, daysOfWeek: ['tuesday'], index: 'second' }), 'Every 2 months on the second Tuesday'],
    [rec({ type: 'absoluteYearly', interval: 1, month: 3, dayOfMonth: 3 }), 'Every year on 3 March'],
    [rec({ type: 'relativeYearly', interval: 1, month: 11, daysOfWeek: ['thursday'], index: 'fourth' }), 'Every year on the fourth Thursday of November'],
    [rec({ type: 'daily', interval: 1 }, { type: 'endDate', startDate: '2026-01-01', endDate: '2027-12-31' }), 'Every day, until 31 December 2027'],
    [rec({ type: 'daily', interval: 1 }, { type: 'numbered', startDate: '2026-01-01', numberOfOccurrences: 10 }), 'Every day, 10 times'],
  ])('%j → %s', (r, text) => {
    expect(describeRecurrence(r)).toBe(text);
  });
});

describe('Graph patternedRecurrence', () => {
  it('reads what Graph returns (every member, defaults included) as the members Planner uses', () => {
    const graph = {
      pattern: { type: 'weekly', interval: 2, month: 0, dayOfMonth: 0, daysOfWeek: ['Thursday', 'monday'], firstDayOfWeek: 'sunday', index: 'first' },
      range: { type: 'noEnd', startDate: '2026-01-01', endDate: '0001-01-01', recurrenceTimeZone: 'UTC', numberOfOccurrences: 0 },
    };
    expect(fromGraphRecurrence(graph)).toEqual({
      pattern: { type: 'weekly', interval: 2, daysOfWeek: ['monday', 'thursday'], firstDayOfWeek: 'sunday' },
      range: { type: 'noEnd', startDate: '2026-01-01' },
    });
  });

  it('round-trips every pattern and range through Graph without a change', () => {
    fc.assert(
      fc.property(arbRecurrence, (r) => {
        expect(recurrenceKey(fromGraphRecurrence(toGraphRecurrence(r, 'Europe/Berlin')))).toBe(recurrenceKey(r));
      }),
      { numRuns: 300 },
    );
  });

  it('a recurrence Planner cannot hold reads as none', () => {
    expect(fromGraphRecurrence(null)).toBeNull();
    expect(fromGraphRecurrence({ pattern: { type: 'hourly', interval: 1 }, range: { type: 'noEnd', startDate: '2026-01-01' } })).toBeNull();
    expect(fromGraphRecurrence({ pattern: { type: 'weekly', interval: 1, daysOfWeek: [] }, range: { type: 'noEnd', startDate: '2026-01-01' } })).toBeNull();
  });
});

describe('recurrenceSchema: clear errors for bad input', () => {
  it.each<[unknown, string]>([
    [{ pattern: { type: 'weekly', interval: 1 }, range: noEnd('2026-01-01') }, 'Pick at least one day of the week'],
    [{ pattern: { type: 'daily', interval: 0 }, range: noEnd('2026-01-01') }, 'Repeat interval must be at least 1'],
    [{ pattern: { type: 'daily', interval: 1 }, range: { type: 'endDate', startDate: '2026-02-01', endDate: '2026-01-01' } }, 'The repeat cannot end before it starts'],
    [{ pattern: { type: 'absoluteYearly', interval: 1, dayOfMonth: 3 }, range: noEnd('2026-01-01') }, 'Pick a month'],
    [{ pattern: { type: 'daily', interval: 1 }, range: { type: 'numbered', startDate: '2026-01-01' } }, 'Say how many times it repeats'],
  ])('%j', (input, message) => {
    const result = recurrenceSchema.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.message)).toContain(message);
  });
});

const arbDate = fc.integer({ min: Date.UTC(2024, 0, 1) / 86_400_000, max: Date.UTC(2030, 11, 31) / 86_400_000 }).map((n) => new Date(n * 86_400_000).toISOString().slice(0, 10));
const arbDays = fc.uniqueArray(fc.constantFrom(...WEEKDAYS), { minLength: 1, maxLength: 7 });
const arbIndex = fc.constantFrom('first', 'second', 'third', 'fourth', 'last' as const);
const arbPattern: fc.Arbitrary<Recurrence['pattern']> = fc.oneof(
  fc.record({ type: fc.constant('daily' as const), interval: fc.integer({ min: 1, max: 10 }) }),
  fc.record({ type: fc.constant('weekly' as const), interval: fc.integer({ min: 1, max: 4 }), daysOfWeek: arbDays, firstDayOfWeek: fc.constantFrom(...WEEKDAYS) }),
  fc.record({ type: fc.constant('absoluteMonthly' as const), interval: fc.integer({ min: 1, max: 6 }), dayOfMonth: fc.integer({ min: 1, max: 31 }) }),
  fc.record({ type: fc.constant('relativeMonthly' as const), interval: fc.integer({ min: 1, max: 6 }), daysOfWeek: arbDays, index: arbIndex }),
  fc.record({ type: fc.constant('absoluteYearly' as const), interval: fc.integer({ min: 1, max: 3 }), month: fc.integer({ min: 1, max: 12 }), dayOfMonth: fc.integer({ min: 1, max: 31 }) }),
  fc.record({ type: fc.constant('relativeYearly' as const), interval: fc.integer({ min: 1, max: 3 }), month: fc.integer({ min: 1, max: 12 }), daysOfWeek: arbDays, index: arbIndex }),
);
const arbRecurrence: fc.Arbitrary<Recurrence> = fc
  .tuple(arbPattern, arbDate, fc.constantFrom('noEnd', 'endDate', 'numbered' as const), fc.integer({ min: 0, max: 900 }), fc.integer({ min: 1, max: 40 }))
  .map(([pattern, startDate, type, span, count]) => ({
    pattern,
    range:
      type === 'endDate'
        ? { type, startDate, endDate: new Date(Date.parse(`${startDate}T00:00:00Z`) + span * 86_400_000).toISOString().slice(0, 10) }
        : type === 'numbered'
          ? { type, startDate, numberOfOccurrences: count }
          : { type, startDate },
  }));
