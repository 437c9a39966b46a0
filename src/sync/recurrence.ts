/**
 * Repeating tasks (issue 16 §3): Planner's model of Graph's patternedRecurrence, read
 * leniently from Graph, written back in the shape Graph documents, compared in one
 * canonical form, told in plain language ("Every 2 weeks on Mon, Thu") and rolled
 * forward to the next occurrence. Date-only, like due dates: To Do repeats days, not
 * instants. Pure: no clock, no I/O.
 *
 * Pattern types (MGD resources/recurrencepattern.md): daily, weekly (daysOfWeek,
 * firstDayOfWeek), absoluteMonthly (dayOfMonth), relativeMonthly (daysOfWeek + index),
 * absoluteYearly (month + dayOfMonth), relativeYearly (month + daysOfWeek + index).
 * Ranges (recurrencerange.md): noEnd, endDate, numbered.
 *
 * A day of month the month lacks (31 in April) falls on its last day, as Outlook does.
 */
import { z } from 'zod';

export const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
export const WEEK_INDEXES = ['first', 'second', 'third', 'fourth', 'last'] as const;
export type WeekIndex = (typeof WEEK_INDEXES)[number];
export const PATTERN_TYPES = ['daily', 'weekly', 'absoluteMonthly', 'relativeMonthly', 'absoluteYearly', 'relativeYearly'] as const;
export type PatternType = (typeof PATTERN_TYPES)[number];
export const RANGE_TYPES = ['noEnd', 'endDate', 'numbered'] as const;
export type RangeType = (typeof RANGE_TYPES)[number];

export const MAX_INTERVAL = 99;
export const MAX_OCCURRENCES = 999;

/** Planner's recurrence: only the members its pattern and range type use. */
export interface Recurrence {
  pattern: {
    type: PatternType;
    interval: number;
    /** weekly, relativeMonthly, relativeYearly: at least one day, in week order. */
    daysOfWeek?: Weekday[];
    /** weekly: the day weeks start on (counts "every 2 weeks"). */
    firstDayOfWeek?: Weekday;
    /** absoluteMonthly, absoluteYearly: 1–31. */
    dayOfMonth?: number;
    /** absoluteYearly, relativeYearly: 1–12. */
    month?: number;
    /** relativeMonthly, relativeYearly. */
    index?: WeekIndex;
  };
  range: {
    type: RangeType;
    /** First day of the series, YYYY-MM-DD. */
    startDate: string;
    /** endDate ranges: last possible day, YYYY-MM-DD. */
    endDate?: string;
    /** numbered ranges: how many occurrences in all. */
    numberOfOccurrences?: number;
  };
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const isDate = (s: string) => {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
};
const dateString = z.string().refine(isDate, { error: 'must be a date like 2026-03-31' });
const weekday = z.enum(WEEKDAYS, { error: `must be one of ${WEEKDAYS.join(', ')}` });

/** What Planner accepts (API bodies) — the same schema checks what Graph sent us. */
export const recurrenceSchema = z
  .object({
    pattern: z.object({
      type: z.enum(PATTERN_TYPES, { error: `Repeat type must be one of ${PATTERN_TYPES.join(', ')}` }),
      interval: z.number().int().min(1, 'Repeat interval must be at least 1').max(MAX_INTERVAL, `Repeat interval must be at most ${MAX_INTERVAL}`),
      daysOfWeek: z.array(weekday).max(7).optional(),
      firstDayOfWeek: weekday.optional(),
      dayOfMonth: z.number().int().min(1, 'Day of month must be 1–31').max(31, 'Day of month must be 1–31').optional(),
      month: z.number().int().min(1, 'Month must be 1–12').max(12, 'Month must be 1–12').optional(),
      index: z.enum(WEEK_INDEXES).optional(),
    }),
    range: z.object({
      type: z.enum(RANGE_TYPES, { error: `Repeat end must be one of ${RANGE_TYPES.join(', ')}` }),
      startDate: dateString,
      endDate: dateString.optional(),
      numberOfOccurrences: z.number().int().min(1, 'Occurrences must be at least 1').max(MAX_OCCURRENCES).optional(),
    }),
  })
  .superRefine((r, ctx) => {
    const p = r.pattern;
    const needs = (ok: boolean, message: string) => ok || ctx.addIssue({ code: 'custom', message });
    if (p.type === 'weekly' || p.type === 'relativeMonthly' || p.type === 'relativeYearly') {
      needs((p.daysOfWeek?.length ?? 0) > 0, 'Pick at least one day of the week');
    }
    if (p.type === 'absoluteMonthly' || p.type === 'absoluteYearly') needs(p.dayOfMonth !== undefined, 'Pick a day of the month');
    if (p.type === 'absoluteYearly' || p.type === 'relativeYearly') needs(p.month !== undefined, 'Pick a month');
    if (r.range.type === 'endDate') {
      needs(r.range.endDate !== undefined, 'Pick the date the repeat ends');
      needs(r.range.endDate === undefined || r.range.endDate >= r.range.startDate, 'The repeat cannot end before it starts');
    }
    if (r.range.type === 'numbered') needs(r.range.numberOfOccurrences !== undefined, 'Say how many times it repeats');
  });

/** Only the members the types use, days in week order: one form per meaning. */
export function normaliseRecurrence(r: Recurrence): Recurrence {
  const p = r.pattern;
  const pattern: Recurrence['pattern'] = { type: p.type, interval: p.interval };
  const days = () => WEEKDAYS.filter((d) => p.daysOfWeek?.includes(d));
  if (p.type === 'weekly') {
    pattern.daysOfWeek = days();
    pattern.firstDayOfWeek = p.firstDayOfWeek ?? 'sunday';
  }
  if (p.type === 'absoluteMonthly') pattern.dayOfMonth = p.dayOfMonth;
  if (p.type === 'relativeMonthly') Object.assign(pattern, { daysOfWeek: days(), index: p.index ?? 'first' });
  if (p.type === 'absoluteYearly') Object.assign(pattern, { month: p.month, dayOfMonth: p.dayOfMonth });
  if (p.type === 'relativeYearly') Object.assign(pattern, { month: p.month, daysOfWeek: days(), index: p.index ?? 'first' });
  const range: Recurrence['range'] = { type: r.range.type, startDate: r.range.startDate };
  if (r.range.type === 'endDate') range.endDate = r.range.endDate;
  if (r.range.type === 'numbered') range.numberOfOccurrences = r.range.numberOfOccurrences;
  return { pattern, range };
}

/** Canonical text of a recurrence (null for none): equal texts, same series. */
export function recurrenceKey(r: Recurrence | null | undefined): string | null {
  if (!r) return null;
  const n = normaliseRecurrence(r);
  const p = n.pattern;
  const range = n.range;
  return JSON.stringify([p.type, p.interval, p.daysOfWeek ?? null, p.firstDayOfWeek ?? null, p.dayOfMonth ?? null, p.month ?? null, p.index ?? null, range.type, range.startDate, range.endDate ?? null, range.numberOfOccurrences ?? null]);
}

/** Graph's patternedRecurrence, as read from a todoTask: null when absent or not one Planner can hold. */
export function fromGraphRecurrence(value: unknown): Recurrence | null {
  if (!value || typeof value !== 'object') return null;
  const v = value as { pattern?: Record<string, unknown>; range?: Record<string, unknown> };
  const p = v.pattern ?? {};
  const r = v.range ?? {};
  const num = (x: unknown) => (typeof x === 'number' && Number.isFinite(x) && x > 0 ? x : undefined);
  const str = (x: unknown) => (typeof x === 'string' && x !== '' ? x : undefined);
  const day = (x: unknown) => str(x)?.toLowerCase();
  const candidate = {
    pattern: {
      type: str(p.type),
      interval: num(p.interval) ?? 1,
      daysOfWeek: Array.isArray(p.daysOfWeek) ? p.daysOfWeek.map(day).filter(Boolean) : undefined,
      firstDayOfWeek: day(p.firstDayOfWeek),
      dayOfMonth: num(p.dayOfMonth),
      month: num(p.month),
      index: str(p.index),
    },
    range: {
      type: str(r.type) ?? 'noEnd',
      startDate: dateOnlyOf(r.startDate),
      endDate: dateOnlyOf(r.endDate),
      numberOfOccurrences: num(r.numberOfOccurrences),
    },
  };
  const parsed = recurrenceSchema.safeParse(dropUndefined(candidate));
  return parsed.success ? normaliseRecurrence(parsed.data) : null;
}

/** The patternedRecurrence Graph takes in a POST or PATCH. */
export function toGraphRecurrence(r: Recurrence, timeZone?: string | null): Record<string, unknown> {
  const n = normaliseRecurrence(r);
  const range: Record<string, unknown> = { type: n.range.type, startDate: n.range.startDate };
  if (n.range.endDate) range.endDate = n.range.endDate;
  if (n.range.numberOfOccurrences) range.numberOfOccurrences = n.range.numberOfOccurrences;
  if (timeZone) range.recurrenceTimeZone = timeZone;
  return { pattern: { ...n.pattern }, range };
}

function dateOnlyOf(x: unknown): string | undefined {
  if (typeof x !== 'string') return undefined;
  const day = x.slice(0, 10);
  return isDate(day) && day !== '0001-01-01' ? day : undefined;
}

function dropUndefined<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

// ── plain language ─────────────────────────────────────────────────────────────

const SHORT_DAYS: Record<Weekday, string> = { sunday: 'Sun', monday: 'Mon', tuesday: 'Tue', wednesday: 'Wed', thursday: 'Thu', friday: 'Fri', saturday: 'Sat' };
const LONG_DAYS: Record<Weekday, string> = { sunday: 'Sunday', monday: 'Monday', tuesday: 'Tuesday', wednesday: 'Wednesday', thursday: 'Thursday', friday: 'Friday', saturday: 'Saturday' };
const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const WORKDAYS: Weekday[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday'];

const every = (interval: number, unit: string) => (interval === 1 ? `Every ${unit}` : `Every ${interval} ${unit}s`);
const dayList = (days: Weekday[]) => days.map((d) => SHORT_DAYS[d]).join(', ');
const relativeDays = (days: Weekday[]) =>
  days.length === 7 ? 'day' : sameSet(days, WORKDAYS) ? 'weekday' : days.map((d) => LONG_DAYS[d]).join(' or ');
const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));

function longDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** "Every 2 weeks on Mon, Thu", "Every month on the last Friday, until 31 December 2027". */
export function describeRecurrence(r: Recurrence): string {
  const p = normaliseRecurrence(r).pattern;
  const days = p.daysOfWeek ?? [];
  let text: string;
  switch (p.type) {
    case 'daily':
      text = every(p.interval, 'day');
      break;
    case 'weekly':
      text = p.interval === 1 && sameSet(days, WORKDAYS) ? 'Every weekday' : `${every(p.interval, 'week')} on ${dayList(days)}`;
      break;
    case 'absoluteMonthly':
      text = `${every(p.interval, 'month')} on day ${p.dayOfMonth}`;
      break;
    case 'relativeMonthly':
      text = `${every(p.interval, 'month')} on the ${p.index} ${relativeDays(days)}`;
      break;
    case 'absoluteYearly':
      text = `${every(p.interval, 'year')} on ${p.dayOfMonth} ${MONTHS[p.month! - 1]}`;
      break;
    case 'relativeYearly':
      text = `${every(p.interval, 'year')} on the ${p.index} ${relativeDays(days)} of ${MONTHS[p.month! - 1]}`;
      break;
  }
  if (r.range.type === 'endDate' && r.range.endDate) text += `, until ${longDate(r.range.endDate)}`;
  if (r.range.type === 'numbered' && r.range.numberOfOccurrences) {
    text += r.range.numberOfOccurrences === 1 ? ', once' : `, ${r.range.numberOfOccurrences} times`;
  }
  return text;
}

// ── occurrences ────────────────────────────────────────────────────────────────

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Date.parse(`${date}T00:00:00Z`) / DAY_MS;
const dateOfDay = (n: number) => new Date(n * DAY_MS).toISOString().slice(0, 10);
const weekdayOf = (n: number): Weekday => WEEKDAYS[new Date(n * DAY_MS).getUTCDay()];
const ymd = (n: number) => {
  const d = new Date(n * DAY_MS);
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate() };
};
const lastDayOfMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();

/** True when `day` (a day number) is one of the series' days, ignoring its range's end. */
function isOccurrence(r: Recurrence, day: number, start: number): boolean {
  if (day < start) return false;
  const p = r.pattern;
  const s = ymd(start);
  const c = ymd(day);
  const months = (c.y - s.y) * 12 + (c.m - s.m);
  switch (p.type) {
    case 'daily':
      return (day - start) % p.interval === 0;
    case 'weekly': {
      if (!p.daysOfWeek!.includes(weekdayOf(day))) return false;
      const first = WEEKDAYS.indexOf(p.firstDayOfWeek ?? 'sunday');
      const weekStart = (n: number) => n - ((new Date(n * DAY_MS).getUTCDay() - first + 7) % 7);
      return ((weekStart(day) - weekStart(start)) / 7) % p.interval === 0;
    }
    case 'absoluteMonthly':
      return months % p.interval === 0 && c.d === Math.min(p.dayOfMonth!, lastDayOfMonth(c.y, c.m));
    case 'relativeMonthly':
      return months % p.interval === 0 && isIndexedDay(p.index!, p.daysOfWeek!, day);
    case 'absoluteYearly':
      return (c.y - s.y) % p.interval === 0 && c.m === p.month && c.d === Math.min(p.dayOfMonth!, lastDayOfMonth(c.y, c.m));
    case 'relativeYearly':
      return (c.y - s.y) % p.interval === 0 && c.m === p.month && isIndexedDay(p.index!, p.daysOfWeek!, day);
  }
}

/** "The second Tuesday", "the last weekday" of `day`'s month: is `day` that day? */
function isIndexedDay(index: WeekIndex, days: Weekday[], day: number): boolean {
  if (!days.includes(weekdayOf(day))) return false;
  const { y, m } = ymd(day);
  const first = dayNumber(`${y}-${String(m).padStart(2, '0')}-01`);
  const matching: number[] = [];
  for (let n = first; n < first + lastDayOfMonth(y, m); n++) if (days.includes(weekdayOf(n))) matching.push(n);
  const at = index === 'last' ? matching.length - 1 : WEEK_INDEXES.indexOf(index);
  return matching[at] === day;
}

/** Longest gap between two occurrences we search (relativeYearly every 99 years, with room). */
const SEARCH_DAYS = 366 * (MAX_INTERVAL + 1);

/**
 * The series' next day after `after` (YYYY-MM-DD), or null when the series has ended
 * (past its end date, or its numbered occurrences used up counting from its start).
 */
export function nextOccurrence(r: Recurrence, after: string): string | null {
  const n = normaliseRecurrence(r);
  const start = dayNumber(n.range.startDate);
  const from = Math.max(dayNumber(after) + 1, start);
  let next: number | null = null;
  for (let day = from; day <= from + SEARCH_DAYS; day++) {
    if (isOccurrence(n, day, start)) {
      next = day;
      break;
    }
  }
  if (next === null) return null;
  if (n.range.type === 'endDate' && next > dayNumber(n.range.endDate!)) return null;
  if (n.range.type === 'numbered' && occurrencesThrough(n, start, next) > n.range.numberOfOccurrences!) return null;
  return dateOfDay(next);
}

/** Occurrences from the series' start through `last` (both counted). */
function occurrencesThrough(r: Recurrence, start: number, last: number): number {
  let count = 0;
  for (let day = start; day <= last; day++) if (isOccurrence(r, day, start)) count++;
  return count;
}

/** The first day of the series on or after its start (where a new series' first due date goes). */
export function firstOccurrence(r: Recurrence): string | null {
  const start = r.range.startDate;
  const before = dateOfDay(dayNumber(start) - 1);
  return nextOccurrence(r, before);
}
