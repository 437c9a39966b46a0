/**
 * dateTimeTimeZone handling. Graph stores To Do dates in UTC and answers in UTC
 * unless `Prefer: outlook.timezone` asks otherwise (docs/graph-facts.md §1: a local
 * midnight due date comes back as the previous day's evening in UTC).
 */
const WINDOWS_TO_IANA: Record<string, string> = {
  'utc': 'UTC',
  'gmt standard time': 'Europe/London',
  'greenwich standard time': 'Atlantic/Reykjavik',
  'w. europe standard time': 'Europe/Berlin',
  'central europe standard time': 'Europe/Budapest',
  'romance standard time': 'Europe/Paris',
  'central european standard time': 'Europe/Warsaw',
  'e. europe standard time': 'Europe/Chisinau',
  'fle standard time': 'Europe/Kiev',
  'eastern standard time': 'America/New_York',
  'central standard time': 'America/Chicago',
  'mountain standard time': 'America/Denver',
  'pacific standard time': 'America/Los_Angeles',
  'india standard time': 'Asia/Kolkata',
  'tokyo standard time': 'Asia/Tokyo',
  'china standard time': 'Asia/Shanghai',
  'aus eastern standard time': 'Australia/Sydney',
  'new zealand standard time': 'Pacific/Auckland',
};

const LOCAL_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})?$/;

export class TimeZoneError extends Error {}

export function resolveTimeZone(name: string): string {
  const mapped = WINDOWS_TO_IANA[name.trim().toLowerCase()] ?? name.trim();
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: mapped });
    return mapped;
  } catch {
    throw new TimeZoneError(`The time zone '${name}' is not supported.`);
  }
}

function offsetMsAt(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall - Math.floor(utcMs / 1000) * 1000;
}

/** Parses a Graph dateTime in the given zone; returns UTC epoch ms. */
export function toUtcMs(dateTime: string, timeZone: string): number {
  const m = LOCAL_RE.exec(dateTime.trim());
  if (!m) throw new TimeZoneError(`Cannot convert the literal '${dateTime}' to the expected type 'Edm.DateTime'.`);
  const [, y, mo, d, h, mi, s = '0', frac = '0', explicit] = m;
  const ms = Math.round(Number(`0.${frac}`) * 1000);
  const wall = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, ms);
  if (explicit) return explicit === 'Z' ? wall : wall - offsetFromSuffix(explicit);
  const zone = resolveTimeZone(timeZone);
  let guess = wall - offsetMsAt(wall, zone);
  guess = wall - offsetMsAt(guess, zone);
  return guess;
}

function offsetFromSuffix(suffix: string): number {
  const sign = suffix.startsWith('-') ? -1 : 1;
  const [h, m] = suffix.slice(1).split(':').map(Number);
  return sign * (h * 60 + m) * 60_000;
}

/** Formats UTC epoch ms as a Graph dateTimeTimeZone in `timeZone` (7 fractional digits). */
export function fromUtcMs(utcMs: number, timeZone = 'UTC'): { dateTime: string; timeZone: string } {
  const zone = resolveTimeZone(timeZone);
  const wall = utcMs + (zone === 'UTC' ? 0 : offsetMsAt(utcMs, zone));
  const iso = new Date(wall).toISOString();
  return { dateTime: `${iso.slice(0, 19)}.${iso.slice(20, 23)}0000`, timeZone };
}

/** UTC midnight of the day `utcMs` falls on (docs/graph-facts.md §1 completedDateTime quirk). */
export function utcMidnight(utcMs: number): number {
  const d = new Date(utcMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
}
