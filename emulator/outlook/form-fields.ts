/**
 * The Outlook page's date and "Repeat" fields ↔ task fields. Repeat offers what the To Do
 * app's menu does: daily, weekly on chosen days, monthly (on the due date's day), yearly
 * (on its day and month), every N, with an optional end date. A pattern the page cannot
 * show (relative monthly or yearly, a numbered range) stays as it is unless changed.
 */
import { badRequest } from '../errors';
import { dayNumber, parseRecurrence, WEEKDAYS } from '../store/recurrence';
import { fromUtcMs, TimeZoneError, toUtcMs } from '../store/time-zones';
import type { RecurrenceRecord } from '../store/types';

export const REPEAT_DAYS: string[] = [...WEEKDAYS];
export const REPEAT_KINDS = ['none', 'daily', 'weekly', 'monthly', 'yearly'] as const;

export interface RepeatForm {
  kind: string;
  interval: number;
  /** Weekly only, in Sunday-first order. */
  days: string[];
  /** `YYYY-MM-DD` or ''. */
  until: string;
}

/** A `YYYY-MM-DD` date at `HH:MM` in `zone`, as UTC ms; a 400 when it is not a date. */
export function dateInZone(date: string, time: string, zone: string): number {
  try {
    return toUtcMs(`${date}T${time.length === 5 ? `${time}:00` : time}`, zone);
  } catch (e) {
    if (e instanceof TimeZoneError) throw badRequest(`'${date} ${time}' is not a date and time.`);
    throw e;
  }
}

/** The calendar date (`YYYY-MM-DD`) and time (`HH:MM`) of an instant in `zone`. */
export function localDate(ms: number | null, zone: string): { date: string; time: string } {
  if (ms === null) return { date: '', time: '' };
  const { dateTime } = fromUtcMs(ms, zone);
  return { date: dateTime.slice(0, 10), time: dateTime.slice(11, 16) };
}

const KIND_OF: Record<RecurrenceRecord['pattern']['type'], string> = {
  daily: 'daily', weekly: 'weekly', absoluteMonthly: 'monthly', relativeMonthly: 'monthly', absoluteYearly: 'yearly', relativeYearly: 'yearly',
};

/** What the Repeat fields show for a recurrence. */
export function repeatOf(rec: RecurrenceRecord | null): RepeatForm {
  if (!rec) return { kind: 'none', interval: 1, days: [], until: '' };
  return {
    kind: KIND_OF[rec.pattern.type],
    interval: rec.pattern.interval,
    days: rec.pattern.type === 'weekly' ? [...rec.pattern.daysOfWeek] : [],
    until: rec.range.type === 'endDate' ? rec.range.endDate : '',
  };
}

function normalise(form: RepeatForm): RepeatForm {
  if (form.kind === 'none' || !REPEAT_KINDS.includes(form.kind as (typeof REPEAT_KINDS)[number])) return { kind: 'none', interval: 1, days: [], until: '' };
  return {
    kind: form.kind,
    interval: Math.max(1, Math.floor(form.interval) || 1),
    days: form.kind === 'weekly' ? REPEAT_DAYS.filter((d) => form.days.includes(d)) : [],
    until: form.until,
  };
}

/** True when the form says what the recurrence already does (then the page leaves it alone). */
export function sameRepeat(rec: RecurrenceRecord | null, form: RepeatForm): boolean {
  const current = repeatOf(rec);
  const wanted = normalise(form);
  if (wanted.kind === 'weekly' && wanted.days.length === 0) wanted.days = current.days;
  return JSON.stringify(current) === JSON.stringify(wanted);
}

/** The recurrence the Repeat fields ask for, anchored on the due date (or today) in `zone`; null for "Never". */
export function recurrenceFromForm(form: RepeatForm, dueMs: number | null, zone: string, nowMs: number): RecurrenceRecord | null {
  const repeat = normalise(form);
  if (repeat.kind === 'none') return null;
  const anchor = localDate(dueMs ?? nowMs, zone).date;
  const [, month, day] = anchor.split('-').map(Number);
  const weekday = REPEAT_DAYS[new Date(dayNumber(anchor) * 86_400_000).getUTCDay()];
  const pattern: Record<string, unknown> = { type: repeat.kind, interval: repeat.interval };
  if (repeat.kind === 'weekly') pattern.daysOfWeek = repeat.days.length ? repeat.days : [weekday];
  if (repeat.kind === 'monthly') Object.assign(pattern, { type: 'absoluteMonthly', dayOfMonth: day });
  if (repeat.kind === 'yearly') Object.assign(pattern, { type: 'absoluteYearly', dayOfMonth: day, month });
  const range = repeat.until
    ? { type: 'endDate', startDate: anchor, endDate: repeat.until, recurrenceTimeZone: zone }
    : { type: 'noEnd', startDate: anchor, recurrenceTimeZone: zone };
  return parseRecurrence({ pattern, range }, zone);
}

const SHORT_DAYS: Record<string, string> = { sunday: 'Sun', monday: 'Mon', tuesday: 'Tue', wednesday: 'Wed', thursday: 'Thu', friday: 'Fri', saturday: 'Sat' };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "Every 2 weeks on Mon, Thu", "Monthly on the last Fri", "Yearly on 29 Feb, until 2030-01-01". */
export function repeatSummary(rec: RecurrenceRecord): string {
  const p = rec.pattern;
  const unit = { daily: 'day', weekly: 'week', absoluteMonthly: 'month', relativeMonthly: 'month', absoluteYearly: 'year', relativeYearly: 'year' }[p.type];
  const every = p.interval === 1 ? { day: 'Daily', week: 'Weekly', month: 'Monthly', year: 'Yearly' }[unit] : `Every ${p.interval} ${unit}s`;
  const days = p.daysOfWeek.map((d) => SHORT_DAYS[d]).join(', ');
  const on = {
    daily: '',
    weekly: ` on ${days}`,
    absoluteMonthly: ` on day ${p.dayOfMonth}`,
    relativeMonthly: ` on the ${p.index} ${days}`,
    absoluteYearly: ` on ${p.dayOfMonth} ${MONTHS[p.month - 1]}`,
    relativeYearly: ` on the ${p.index} ${days} of ${MONTHS[p.month - 1]}`,
  }[p.type];
  const end = rec.range.type === 'endDate' ? `, until ${rec.range.endDate}` : rec.range.type === 'numbered' ? `, ${rec.range.numberOfOccurrences} times` : '';
  return `${every}${on}${end}`;
}

