/**
 * Date-only due dates across Graph's dateTimeTimeZone (decision 0017).
 *
 * Write: local midnight with an explicit zone, `{dateTime: 'YYYY-MM-DDT00:00:00.0000000',
 * timeZone: <user IANA zone or 'UTC'>}`.
 *
 * Read, in order:
 *  1. Wall time exactly midnight in the stated zone → its date, as written. Covers our own
 *     writes echoed back verbatim and the "date-only as UTC midnight" convention.
 *  2. Otherwise the value is a shifted instant (Graph's quirk: the creator's local midnight
 *     expressed in UTC, e.g. '2026-03-09T23:00:00' UTC = 10 March in Berlin). Convert the
 *     instant to the user's zone and round to the NEAREST midnight (12:00 or later → next
 *     day). Exact when the creator's zone is the user's zone; still right for any creator
 *     zone within −12 h…+12 h of the user's, and for zones whose midnight does not exist
 *     on DST days.
 */
import { type GraphDateTimeTimeZone } from './types';

const DAY_MS = 86_400_000;
const NOON_S = 12 * 3600;
const WALL_RE = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The few Windows zone names Graph echoes back (Prefer: outlook.timezone) that we map. */
const WINDOWS_ZONES: Record<string, string> = {
  UTC: 'UTC',
  'Coordinated Universal Time': 'UTC',
  'GMT Standard Time': 'Europe/London',
  'W. Europe Standard Time': 'Europe/Berlin',
  'Romance Standard Time': 'Europe/Paris',
  'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw',
  'E. Europe Standard Time': 'Europe/Chisinau',
  'FLE Standard Time': 'Europe/Kiev',
  'Eastern Standard Time': 'America/New_York',
  'Central Standard Time': 'America/Chicago',
  'Mountain Standard Time': 'America/Denver',
  'Pacific Standard Time': 'America/Los_Angeles',
  'AUS Eastern Standard Time': 'Australia/Sydney',
  'New Zealand Standard Time': 'Pacific/Auckland',
  'Tokyo Standard Time': 'Asia/Tokyo',
  'India Standard Time': 'Asia/Kolkata',
  'China Standard Time': 'Asia/Shanghai',
};

interface Wall {
  year: number;
  month: number;
  day: number;
  secondOfDay: number;
  fraction: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** An IANA zone Intl accepts, from an IANA or known Windows name; null when unknown. */
export function resolveTimeZone(name: string | null | undefined): string | null {
  if (!name) return null;
  const candidate = WINDOWS_ZONES[name] ?? name;
  try {
    return formatterFor(candidate).resolvedOptions().timeZone;
  } catch {
    return null;
  }
}

/** True for a real calendar date written 'YYYY-MM-DD'. */
export function isDateOnly(value: string): boolean {
  const m = DATE_RE.exec(value);
  if (!m) return false;
  const d = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3]));
  return d.getUTCFullYear() === +m[1] && d.getUTCMonth() === +m[2] - 1 && d.getUTCDate() === +m[3];
}

/** Graph value for a Planner due date: local midnight in `timeZone` (falls back to 'UTC'). */
export function toGraphDueDate(dueDate: string, timeZone?: string | null): GraphDateTimeTimeZone {
  if (!isDateOnly(dueDate)) throw new RangeError(`due date must be YYYY-MM-DD, got ${dueDate}`);
  return { dateTime: `${dueDate}T00:00:00.0000000`, timeZone: resolveTimeZone(timeZone) ?? 'UTC' };
}

/**
 * Planner due date ('YYYY-MM-DD') for a Graph dueDateTime, read for a user in
 * `userTimeZone` (IANA; 'UTC' when absent or unknown). Unparseable values → null.
 */
export function fromGraphDueDate(
  value: GraphDateTimeTimeZone | null | undefined,
  userTimeZone?: string | null,
): string | null {
  if (!value?.dateTime) return null;
  const m = WALL_RE.exec(value.dateTime.trim());
  if (!m) return null;
  const wall = wallFromMatch(m);
  if (!wall) return null;
  const explicitOffset = m[8];
  if (!explicitOffset && wall.secondOfDay === 0 && wall.fraction === 0) return dateOf(wall);
  const instant = explicitOffset
    ? Date.parse(value.dateTime.trim())
    : instantOfWall(wall, resolveTimeZone(value.timeZone));
  if (instant === null || Number.isNaN(instant)) return nearestDate(wall);
  return nearestDate(wallAt(instant, resolveTimeZone(userTimeZone) ?? 'UTC'));
}

function wallFromMatch(m: RegExpExecArray): Wall | null {
  const [year, month, day] = [+m[1], +m[2], +m[3]];
  if (!isDateOnly(`${m[1]}-${m[2]}-${m[3]}`)) return null;
  const [h, min, s] = [+(m[4] ?? 0), +(m[5] ?? 0), +(m[6] ?? 0)];
  if (h > 23 || min > 59 || s > 59) return null;
  return { year, month, day, secondOfDay: h * 3600 + min * 60 + s, fraction: m[7] ? Number(`0.${m[7]}`) : 0 };
}

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Wall-clock reading of an instant in an IANA zone. */
function wallAt(instantMs: number, timeZone: string): Wall {
  const parts: Record<string, number> = {};
  for (const p of formatterFor(timeZone).formatToParts(new Date(instantMs))) {
    if (p.type !== 'literal') parts[p.type] = Number(p.value);
  }
  return {
    year: parts.year,
    month: parts.month,
    day: parts.day,
    secondOfDay: parts.hour * 3600 + parts.minute * 60 + parts.second,
    fraction: (((instantMs % 1000) + 1000) % 1000) / 1000,
  };
}

function wallAsUtcMs(wall: Wall): number {
  return Date.UTC(wall.year, wall.month - 1, wall.day) + (wall.secondOfDay + wall.fraction) * 1000;
}

function offsetMs(instantMs: number, timeZone: string): number {
  return wallAsUtcMs(wallAt(instantMs, timeZone)) - instantMs;
}

/** The instant a wall time names in a zone (two-pass offset fix; null zone → null). */
function instantOfWall(wall: Wall, timeZone: string | null): number | null {
  if (!timeZone) return null;
  const asUtc = wallAsUtcMs(wall);
  const first = asUtc - offsetMs(asUtc, timeZone);
  const second = asUtc - offsetMs(first, timeZone);
  return second;
}

function dateOf(wall: Wall): string {
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(wall.year, 4)}-${pad(wall.month)}-${pad(wall.day)}`;
}

function nearestDate(wall: Wall): string {
  if (wall.secondOfDay < NOON_S) return dateOf(wall);
  const next = new Date(Date.UTC(wall.year, wall.month - 1, wall.day) + DAY_MS);
  return next.toISOString().slice(0, 10);
}

/** Graph value for an instant (completedDateTime): UTC wall time, 7 fraction digits. */
export function toGraphInstant(iso: string): GraphDateTimeTimeZone {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new RangeError(`not an instant: ${iso}`);
  return { dateTime: new Date(ms).toISOString().replace('Z', '0000'), timeZone: 'UTC' };
}

/** ISO instant ('…Z') of a Graph dateTimeTimeZone; null when absent or unreadable. */
export function fromGraphInstant(value: GraphDateTimeTimeZone | null | undefined): string | null {
  if (!value?.dateTime) return null;
  const m = WALL_RE.exec(value.dateTime.trim());
  const wall = m ? wallFromMatch(m) : null;
  if (!m || !wall) return null;
  const ms = m[8] ? Date.parse(value.dateTime.trim()) : instantOfWall(wall, resolveTimeZone(value.timeZone) ?? 'UTC');
  return ms === null || Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

const LOCAL_MINUTE_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/;

/**
 * The instant a local wall time ('YYYY-MM-DDTHH:MM') names in an IANA zone. A time the
 * zone skips (spring forward) lands as far after the gap as it was into it; a time it
 * repeats (fall back) is the later of the two. Null for a malformed time or unknown zone.
 */
export function instantOfLocalMinute(local: string, timeZone: string | null | undefined): string | null {
  const m = LOCAL_MINUTE_RE.exec(local);
  const zone = resolveTimeZone(timeZone);
  if (!m || !zone || !isDateOnly(local.slice(0, 10)) || +m[4] > 23 || +m[5] > 59) return null;
  const wall: Wall = { year: +m[1], month: +m[2], day: +m[3], secondOfDay: +m[4] * 3600 + +m[5] * 60, fraction: 0 };
  const ms = instantOfWall(wall, zone);
  return ms === null ? null : new Date(ms).toISOString();
}

/** The local wall time ('YYYY-MM-DDTHH:MM') of an instant in an IANA zone ('UTC' when unknown). */
export function localMinuteOf(iso: string, timeZone: string | null | undefined): string {
  const wall = wallAt(Date.parse(iso), resolveTimeZone(timeZone) ?? 'UTC');
  const pad = (n: number) => String(n).padStart(2, '0');
  const minutes = Math.floor(wall.secondOfDay / 60);
  return `${dateOf(wall)}T${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}
