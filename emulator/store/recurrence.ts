/**
 * A todoTask's `recurrence` (patternedRecurrence): validation as Graph documents it and the
 * occurrences of every pattern (docs `resources/patternedrecurrence.md`,
 * `recurrencepattern.md`, `recurrencerange.md`).
 *
 * Occurrences are calendar days in the range's `recurrenceTimeZone`, counted from
 * `range.startDate`:
 * - `daily`: every `interval` days.
 * - `weekly`: the `daysOfWeek` of every `interval`-th week, weeks starting on `firstDayOfWeek`
 *   and counted from the week holding `startDate` ("every 2 weeks on Mon, Thu").
 * - `absoluteMonthly` / `absoluteYearly`: `dayOfMonth` (of `month`); a month without that
 *   day uses its last day (31 → 30 April, 29 February → 28 in other years), as Outlook does.
 * - `relativeMonthly` / `relativeYearly`: the `index`-th (`first` … `fourth`, `last`) day of
 *   the month that is one of `daysOfWeek` (with several days, "the first day that satisfies
 *   the pattern": the set of matching days, counted in order).
 * A range ends after `endDate` (inclusive) or after `numberOfOccurrences` occurrences counted
 * from `startDate`; `noEnd` never ends.
 */
import type { DayOfWeek, RecurrencePatternType, RecurrenceRangeType, WeekIndex } from '../control-types';
import { badRequest, GraphHttpError } from '../errors';
import { fromUtcMs, resolveTimeZone, TimeZoneError, toUtcMs } from './time-zones';
import type { RecurrenceRecord } from './types';

const DAY_MS = 86_400_000;
export const WEEKDAYS: DayOfWeek[] = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const PATTERN_TYPES: RecurrencePatternType[] = ['daily', 'weekly', 'absoluteMonthly', 'relativeMonthly', 'absoluteYearly', 'relativeYearly'];
const RANGE_TYPES: RecurrenceRangeType[] = ['noEnd', 'endDate', 'numbered'];
const INDEXES: WeekIndex[] = ['first', 'second', 'third', 'fourth', 'last'];
const PATTERN_KEYS = new Set(['type', 'interval', 'month', 'dayOfMonth', 'daysOfWeek', 'firstDayOfWeek', 'index']);
const RANGE_KEYS = new Set(['type', 'startDate', 'endDate', 'numberOfOccurrences', 'recurrenceTimeZone']);
/** Graph echoes an unused endDate as this (docs samples). */
export const NO_END_DATE = '0001-01-01';
/** Safety bound on the occurrences walked to find the next one (≈ 270 years of a daily task). */
const MAX_STEPS = 100_000;

// ── validation ─────────────────────────────────────────────────────────

const invalid = (message: string) => badRequest(message, 'invalidRequest');
const unknownProperty = (name: string, type: string) =>
  new GraphHttpError(400, 'BadRequest', `The property '${name}' does not exist on type 'microsoft.graph.${type}'.`);

function enumMember<T extends string>(value: unknown, allowed: readonly T[], property: string): T {
  const found = typeof value === 'string' ? allowed.find((a) => a.toLowerCase() === value.toLowerCase()) : undefined;
  if (!found) throw badRequest(`Requested value '${String(value)}' was not found for property '${property}'.`, 'BadRequest');
  return found;
}

function integer(value: unknown, property: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(`Invalid value '${String(value)}' for property '${property}': an integer from ${min} to ${max} is expected.`);
  }
  return value;
}

function isoDate(value: unknown, property: string): string {
  const text = typeof value === 'string' ? value : '';
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m || dateOfDay(dayNumber(text)) !== text) {
    throw invalid(`Cannot convert the literal '${String(value)}' to the expected type 'Edm.Date' of property '${property}' (YYYY-MM-DD).`);
  }
  return text;
}

function objectOf(value: unknown, property: string): Record<string, unknown> {
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw invalid(`The recurrence needs a '${property}' object.`);
  return value as Record<string, unknown>;
}

const present = (v: unknown) => v !== undefined && v !== null;

/**
 * Validates a patternedRecurrence body and fills every member (Graph echoes them all). The
 * members each pattern type requires (recurrencepattern.md, "Values of type property") must
 * be there; a member sent for a type that does not use it is kept as sent. `month: 0` and
 * `dayOfMonth: 0` mean "not set" (Graph's own echo), so a GET body can be sent back.
 * `recurrenceTimeZone` defaults to `defaultZone` (the zone of the due date in the same body).
 */
export function parseRecurrence(value: unknown, defaultZone = 'UTC'): RecurrenceRecord {
  const obj = objectOf(value, 'recurrence');
  for (const key of Object.keys(obj)) if (!key.startsWith('@odata.') && key !== 'pattern' && key !== 'range') throw unknownProperty(key, 'patternedRecurrence');
  if (!present(obj.pattern)) throw invalid("The recurrence is missing its 'pattern'.");
  if (!present(obj.range)) throw invalid("The recurrence is missing its 'range'.");
  const pattern = objectOf(obj.pattern, 'pattern');
  const range = objectOf(obj.range, 'range');
  for (const key of Object.keys(pattern)) if (!key.startsWith('@odata.') && !PATTERN_KEYS.has(key)) throw unknownProperty(key, 'recurrencePattern');
  for (const key of Object.keys(range)) if (!key.startsWith('@odata.') && !RANGE_KEYS.has(key)) throw unknownProperty(key, 'recurrenceRange');

  if (!present(pattern.type)) throw invalid("The recurrence pattern is missing its required property 'type'.");
  const type = enumMember(pattern.type, PATTERN_TYPES, 'type');
  if (!present(pattern.interval)) throw invalid("The recurrence pattern is missing its required property 'interval'.");
  const interval = integer(pattern.interval, 'interval', 1, 999);
  const month = present(pattern.month) ? integer(pattern.month, 'month', 0, 12) : 0;
  const dayOfMonth = present(pattern.dayOfMonth) ? integer(pattern.dayOfMonth, 'dayOfMonth', 0, 31) : 0;
  if (present(pattern.daysOfWeek) && !Array.isArray(pattern.daysOfWeek)) throw invalid("Property 'daysOfWeek' must be an array of days.");
  const days = ((pattern.daysOfWeek as unknown[] | undefined) ?? []).map((d) => enumMember(d, WEEKDAYS, 'daysOfWeek'));
  const daysOfWeek = WEEKDAYS.filter((d) => days.includes(d));
  const firstDayOfWeek = present(pattern.firstDayOfWeek) ? enumMember(pattern.firstDayOfWeek, WEEKDAYS, 'firstDayOfWeek') : 'sunday';
  const index = present(pattern.index) ? enumMember(pattern.index, INDEXES, 'index') : 'first';
  const needs = (member: string, ok: boolean) => {
    if (!ok) throw invalid(`A recurrence pattern of type '${type}' requires '${member}'.`);
  };
  if (type === 'weekly' || type === 'relativeMonthly' || type === 'relativeYearly') needs('daysOfWeek', daysOfWeek.length > 0);
  if (type === 'absoluteMonthly' || type === 'absoluteYearly') needs('dayOfMonth', dayOfMonth > 0);
  if (type === 'absoluteYearly' || type === 'relativeYearly') needs('month', month > 0);

  if (!present(range.type)) throw invalid("The recurrence range is missing its required property 'type'.");
  const rangeType = enumMember(range.type, RANGE_TYPES, 'type');
  if (!present(range.startDate)) throw invalid("The recurrence range is missing its required property 'startDate'.");
  const startDate = isoDate(range.startDate, 'startDate');
  let endDate = NO_END_DATE;
  if (rangeType === 'endDate') {
    if (!present(range.endDate)) throw invalid("A recurrence range of type 'endDate' requires 'endDate'.");
    endDate = isoDate(range.endDate, 'endDate');
    if (endDate < startDate) throw invalid("The recurrence range's 'endDate' is before its 'startDate'.");
  } else if (present(range.endDate)) {
    endDate = range.endDate === NO_END_DATE ? NO_END_DATE : isoDate(range.endDate, 'endDate');
  }
  let numberOfOccurrences = present(range.numberOfOccurrences) ? integer(range.numberOfOccurrences, 'numberOfOccurrences', 0, 999_999) : 0;
  if (rangeType === 'numbered') {
    if (numberOfOccurrences < 1) throw invalid("A recurrence range of type 'numbered' requires a positive 'numberOfOccurrences'.");
  } else numberOfOccurrences = present(range.numberOfOccurrences) ? numberOfOccurrences : 0;
  const zone = typeof range.recurrenceTimeZone === 'string' && range.recurrenceTimeZone.trim() !== '' ? range.recurrenceTimeZone : defaultZone;
  try {
    resolveTimeZone(zone);
  } catch (e) {
    if (e instanceof TimeZoneError) throw invalid(`The recurrenceTimeZone '${zone}' is not supported.`);
    throw e;
  }
  return {
    pattern: { type, interval, month, dayOfMonth, daysOfWeek, firstDayOfWeek, index },
    range: { type: rangeType, startDate, endDate, recurrenceTimeZone: zone, numberOfOccurrences },
  };
}

// ── calendar days ──────────────────────────────────────────────────────

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Math.round(Date.UTC(y, m - 1, d) / DAY_MS);
}

export function dateOfDay(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10);
}

const weekday = (day: number) => new Date(day * DAY_MS).getUTCDay();
const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const dayOf = (y: number, m: number, d: number) => Math.round(Date.UTC(y, m - 1, d) / DAY_MS);

function ymd(day: number): [number, number, number] {
  const d = new Date(day * DAY_MS);
  return [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()];
}

/** The `index`-th day of month m (1-12) of year y that is one of `days`. */
function relativeDay(y: number, m: number, days: DayOfWeek[], index: WeekIndex): number {
  const wanted = new Set(days.map((d) => WEEKDAYS.indexOf(d)));
  const matches: number[] = [];
  for (let d = 1; d <= daysInMonth(y, m); d++) if (wanted.has(weekday(dayOf(y, m, d)))) matches.push(dayOf(y, m, d));
  return index === 'last' ? matches[matches.length - 1] : matches[Math.min(INDEXES.indexOf(index), matches.length - 1)];
}

/** Every occurrence of the pattern on or after `range.startDate`, in order (ignores the range's end). */
export function* occurrenceDays(rec: RecurrenceRecord): Generator<number> {
  const p = rec.pattern;
  const start = dayNumber(rec.range.startDate);
  const [sy, sm] = ymd(start);
  if (p.type === 'daily') {
    for (let d = start; ; d += p.interval) yield d;
  }
  if (p.type === 'weekly') {
    const first = WEEKDAYS.indexOf(p.firstDayOfWeek);
    const offsets = p.daysOfWeek.map((d) => (WEEKDAYS.indexOf(d) - first + 7) % 7).sort((a, b) => a - b);
    for (let week = start - ((weekday(start) - first + 7) % 7); ; week += 7 * p.interval) {
      for (const offset of offsets) if (week + offset >= start) yield week + offset;
    }
  }
  for (let k = 0; ; k++) {
    let y: number;
    let m: number;
    if (p.type === 'absoluteMonthly' || p.type === 'relativeMonthly') {
      const months = sm - 1 + k * p.interval;
      y = sy + Math.floor(months / 12);
      m = (months % 12) + 1;
    } else {
      y = sy + k * p.interval;
      m = p.month;
    }
    const d = p.type === 'absoluteMonthly' || p.type === 'absoluteYearly'
      ? dayOf(y, m, Math.min(p.dayOfMonth, daysInMonth(y, m)))
      : relativeDay(y, m, p.daysOfWeek, p.index);
    if (d >= start) yield d;
  }
}

/** The first occurrence after `afterDay` that the range still allows, or null when the series has ended. */
export function nextOccurrenceDay(rec: RecurrenceRecord, afterDay: number): number | null {
  const end = rec.range.type === 'endDate' ? dayNumber(rec.range.endDate) : Infinity;
  const limit = rec.range.type === 'numbered' ? rec.range.numberOfOccurrences : Infinity;
  let count = 0;
  for (const day of occurrenceDays(rec)) {
    count += 1;
    if (count > limit || day > end || count > MAX_STEPS) return null;
    if (day > afterDay) return day;
  }
  return null;
}

// ── instants ───────────────────────────────────────────────────────────

/** The calendar day and wall-clock time of an instant in a zone. */
export function localDayAndTime(ms: number, zone: string): { day: number; time: string } {
  const { dateTime } = fromUtcMs(ms, zone);
  return { day: dayNumber(dateTime.slice(0, 10)), time: dateTime.slice(11, 19) };
}

export function instantOf(day: number, time: string, zone: string): number {
  return toUtcMs(`${dateOfDay(day)}T${time}`, zone);
}

/**
 * The due date a recurring task moves to: the next occurrence after the day of `dueMs`
 * (in the recurrence's zone) at the same wall-clock time, so a local-midnight due date stays
 * local midnight across a DST change. Null when the series has ended.
 */
export function nextDue(dueMs: number, rec: RecurrenceRecord): { dueMs: number; days: number } | null {
  const zone = rec.range.recurrenceTimeZone;
  const { day, time } = localDayAndTime(dueMs, zone);
  const next = nextOccurrenceDay(rec, day);
  return next === null ? null : { dueMs: instantOf(next, time, zone), days: next - day };
}

/** `ms` moved by whole calendar days in `zone`, keeping its wall-clock time. */
export function shiftDays(ms: number, days: number, zone: string): number {
  const { day, time } = localDayAndTime(ms, zone);
  return instantOf(day + days, time, zone);
}

/**
 * The due date a recurring task gets when it has none, or one before its range starts: the
 * first occurrence on or after `range.startDate`, at local midnight of the recurrence's zone
 * (or the old due date's time of day). ms-todo measured "due = startDate at 00:00" for a
 * recurrence sent without a due date (docs/graph-facts.md §9.2).
 */
export function firstDue(rec: RecurrenceRecord, dueMs: number | null): number | null {
  const zone = rec.range.recurrenceTimeZone;
  const start = dayNumber(rec.range.startDate);
  if (dueMs !== null && localDayAndTime(dueMs, zone).day >= start) return null;
  const time = dueMs === null ? '00:00:00' : localDayAndTime(dueMs, zone).time;
  const first = nextOccurrenceDay(rec, start - 1) ?? start;
  return instantOf(first, time, zone);
}
