import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fromGraphDueDate, fromGraphInstant, isDateOnly, resolveTimeZone, toGraphDueDate, toGraphInstant } from './due-date';

/** Graph's quirk, computed without the code under test: the UTC instant of local midnight. */
function utcOfLocalMidnight(date: string, timeZone: string): string {
  const fmt = new Intl.DateTimeFormat('sv-SE', { timeZone, dateStyle: 'short', timeStyle: 'medium', hourCycle: 'h23' });
  const start = Date.parse(`${date}T00:00:00Z`) - 15 * 3600_000;
  for (let t = start; ; t += 15 * 60_000) {
    if (fmt.format(new Date(t)) >= `${date} 00:00:00`) return new Date(t).toISOString().replace('Z', '0000').replace(/\.\d{3}/, '.000');
  }
}

const ZONES = ['UTC', 'Pacific/Auckland', 'America/Los_Angeles', 'Europe/London', 'Europe/Berlin', 'America/Santiago', 'Asia/Kolkata', 'Pacific/Kiritimati', 'Pacific/Pago_Pago'];

describe('toGraphDueDate', () => {
  it.each([
    ['2026-03-10', 'Europe/Berlin', { dateTime: '2026-03-10T00:00:00.0000000', timeZone: 'Europe/Berlin' }],
    ['2026-03-29', 'Europe/London', { dateTime: '2026-03-29T00:00:00.0000000', timeZone: 'Europe/London' }],
    ['2026-03-10', null, { dateTime: '2026-03-10T00:00:00.0000000', timeZone: 'UTC' }],
    ['2026-03-10', 'Not/AZone', { dateTime: '2026-03-10T00:00:00.0000000', timeZone: 'UTC' }],
  ])('%s in %s', (date, zone, expected) => {
    expect(toGraphDueDate(date, zone)).toEqual(expected);
  });

  it.each(['2026-02-30', '2026-3-10', '', '2026-03-10T00:00:00'])('rejects %j', (bad) => {
    expect(() => toGraphDueDate(bad, 'UTC')).toThrow(RangeError);
  });
});

describe('fromGraphDueDate', () => {
  it.each([
    // [dateTime, stated zone, user zone, expected]
    ['2026-03-09T23:00:00.0000000', 'UTC', 'Europe/Berlin', '2026-03-10'], // the UTC quirk
    ['2026-03-28T23:00:00.0000000', 'UTC', 'Europe/Berlin', '2026-03-29'], // Berlin DST day
    ['2026-03-29T22:00:00.0000000', 'UTC', 'Europe/Berlin', '2026-03-30'],
    ['2026-03-29T00:00:00.0000000', 'UTC', 'Europe/London', '2026-03-29'], // GMT midnight
    ['2026-03-29T23:00:00.0000000', 'UTC', 'Europe/London', '2026-03-30'], // first BST day after
    ['2026-10-24T23:00:00.0000000', 'UTC', 'Europe/London', '2026-10-25'], // BST ends that day
    ['2026-10-26T00:00:00.0000000', 'UTC', 'Europe/London', '2026-10-26'],
    ['2026-03-08T08:00:00.0000000', 'UTC', 'America/Los_Angeles', '2026-03-08'], // PST midnight
    ['2026-03-09T07:00:00.0000000', 'UTC', 'America/Los_Angeles', '2026-03-09'], // PDT midnight
    ['2026-11-01T07:00:00.0000000', 'UTC', 'America/Los_Angeles', '2026-11-01'],
    ['2026-11-02T08:00:00.0000000', 'UTC', 'America/Los_Angeles', '2026-11-02'],
    ['2026-04-04T11:00:00.0000000', 'UTC', 'Pacific/Auckland', '2026-04-05'], // NZDT midnight
    ['2026-04-05T12:00:00.0000000', 'UTC', 'Pacific/Auckland', '2026-04-06'], // NZST midnight
    ['2026-09-26T12:00:00.0000000', 'UTC', 'Pacific/Auckland', '2026-09-27'],
    ['2026-09-27T11:00:00.0000000', 'UTC', 'Pacific/Auckland', '2026-09-28'],
    ['2026-03-10T00:00:00.0000000', 'UTC', 'UTC', '2026-03-10'],
    ['2026-03-10T00:00:00.0000000', 'UTC', 'America/Los_Angeles', '2026-03-10'], // date-only as UTC midnight
    ['2026-03-10T00:00:00.0000000', 'Pacific/Auckland', 'America/Los_Angeles', '2026-03-10'], // our own write echoed
    ['2026-03-10T00:00:00.0000000', 'W. Europe Standard Time', 'Europe/Berlin', '2026-03-10'], // Windows zone name
    ['2026-03-09T23:00:00.0000000', 'UTC', 'Europe/London', '2026-03-10'], // Berlin creator, London user
    ['2026-03-10T07:00:00.0000000', 'UTC', null, '2026-03-10'], // LA creator, no user zone
    ['2026-09-06T04:00:00.0000000', 'UTC', 'America/Santiago', '2026-09-06'], // midnight skipped by DST
    ['2026-03-09T23:00:00Z', 'UTC', 'Europe/Berlin', '2026-03-10'], // explicit offset
    ['2026-03-10', 'UTC', 'Europe/Berlin', '2026-03-10'],
  ])('%s %s read in %s → %s', (dateTime, timeZone, userZone, expected) => {
    expect(fromGraphDueDate({ dateTime, timeZone }, userZone)).toBe(expected);
  });

  it.each([null, undefined, { dateTime: '', timeZone: 'UTC' }, { dateTime: 'tomorrow', timeZone: 'UTC' }, { dateTime: '2026-02-30T00:00:00', timeZone: 'UTC' }])(
    'reads %j as no date',
    (value) => {
      expect(fromGraphDueDate(value, 'UTC')).toBeNull();
    },
  );

  it('survives every zone and DST change: our write, echoed verbatim or shifted to UTC, reads back as the same date', () => {
    const dates = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2037-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
    fc.assert(
      fc.property(dates, fc.constantFrom(...ZONES), (date, zone) => {
        const written = toGraphDueDate(date, zone);
        expect(fromGraphDueDate(written, zone)).toBe(date);
        expect(fromGraphDueDate({ dateTime: utcOfLocalMidnight(date, zone), timeZone: 'UTC' }, zone)).toBe(date);
      }),
      { numRuns: 400 },
    );
  });

  it('reads every day around the 2026 DST changes right in every zone', () => {
    const days = ['2026-03-07', '2026-03-08', '2026-03-09', '2026-03-28', '2026-03-29', '2026-03-30', '2026-04-04', '2026-04-05', '2026-04-06', '2026-09-05', '2026-09-06', '2026-09-07', '2026-09-26', '2026-09-27', '2026-09-28', '2026-10-24', '2026-10-25', '2026-10-26', '2026-10-31', '2026-11-01', '2026-11-02'];
    for (const zone of ZONES) {
      for (const day of days) {
        expect(fromGraphDueDate({ dateTime: utcOfLocalMidnight(day, zone), timeZone: 'UTC' }, zone), `${day} ${zone}`).toBe(day);
      }
    }
  });
});

describe('instants (completedDateTime)', () => {
  it.each([
    ['2026-03-10T14:05:06.789Z', { dateTime: '2026-03-10T14:05:06.7890000', timeZone: 'UTC' }],
    ['2026-03-10T00:00:00+02:00', { dateTime: '2026-03-09T22:00:00.0000000', timeZone: 'UTC' }],
  ])('writes %s', (iso, expected) => {
    expect(toGraphInstant(iso)).toEqual(expected);
  });

  it.each([
    [{ dateTime: '2026-03-10T00:00:00.0000000', timeZone: 'UTC' }, '2026-03-10T00:00:00.000Z'],
    [{ dateTime: '2026-03-10T00:00:00.0000000', timeZone: 'Europe/Berlin' }, '2026-03-09T23:00:00.000Z'],
    [{ dateTime: '2026-07-01T12:00:00', timeZone: 'Pacific Standard Time' }, '2026-07-01T19:00:00.000Z'],
    [{ dateTime: 'x', timeZone: 'UTC' }, null],
    [null, null],
  ])('reads %j', (value, expected) => {
    expect(fromGraphInstant(value)).toBe(expected);
  });
});

describe('helpers', () => {
  it.each([
    ['Europe/Berlin', 'Europe/Berlin'],
    ['W. Europe Standard Time', 'Europe/Berlin'],
    ['UTC', 'UTC'],
    ['Mars/Olympus', null],
    ['', null],
  ])('resolveTimeZone(%j) = %j', (name, expected) => {
    expect(resolveTimeZone(name)).toBe(expected);
  });

  it.each([
    ['2024-02-29', true],
    ['2026-02-29', false],
    ['2026-13-01', false],
    ['26-01-01', false],
  ])('isDateOnly(%s) = %s', (value, expected) => {
    expect(isDateOnly(value)).toBe(expected);
  });
});
