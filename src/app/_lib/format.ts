/** Display helpers shared by client components (no server imports). */

/** Used when the browser names no locale Intl knows. */
const DEFAULT_LOCALE = 'en-GB';

/** Today's date in the viewer's time zone as YYYY-MM-DD. */
export function localToday(now = new Date()): string {
  const y = now.getFullYear();
  const m = String(now.getMonth() + 1).padStart(2, '0');
  const d = String(now.getDate()).padStart(2, '0');
  return `${y}-${m}-${d}`;
}

function dayNumber(date: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 86_400_000;
}

/** The first tag of an Accept-Language header that Intl supports, else the default. */
export function localeFromAcceptLanguage(header: string | null | undefined): string {
  for (const part of (header ?? '').split(',')) {
    const tag = part.split(';')[0].trim();
    if (!tag || tag === '*') continue;
    try {
      const [supported] = Intl.DateTimeFormat.supportedLocalesOf([tag]);
      if (supported) return supported;
    } catch {
      // a malformed tag: try the next one
    }
  }
  return DEFAULT_LOCALE;
}

/**
 * The one way Planner writes a date: the locale's numeric day, month and year
 * (15/12/2026 in en-GB, 12/15/2026 in en-US, 15.12.2026 in de), which is also how the
 * browser's own date fields read in that locale.
 */
function dateFormat(locale: string): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(locale, { day: '2-digit', month: '2-digit', year: 'numeric', timeZone: 'UTC' });
}

/** A date-only value (YYYY-MM-DD) in the locale's format, never shifted across a time zone. */
export function formatDate(date: string, locale: string): string {
  return dateFormat(locale).format(new Date(`${date.slice(0, 10)}T00:00:00Z`));
}

/** An instant as the locale's date and time in a time zone (reminders), e.g. "15/12/2026, 09:30". */
export function formatDateTime(iso: string, locale: string, timeZone = 'UTC'): string {
  let zone = timeZone;
  try {
    new Intl.DateTimeFormat(locale, { timeZone: zone });
  } catch {
    zone = 'UTC';
  }
  return new Intl.DateTimeFormat(locale, {
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: zone,
  }).format(new Date(iso));
}

/** The order of day, month and year in the locale's format, e.g. ['day', 'month', 'year']. */
function dateOrder(locale: string): ('day' | 'month' | 'year')[] {
  return dateFormat(locale)
    .formatToParts(new Date(Date.UTC(2026, 11, 15)))
    .map((p) => p.type)
    .filter((t): t is 'day' | 'month' | 'year' => t === 'day' || t === 'month' || t === 'year');
}

/** What a date field expects, e.g. "dd/mm/yyyy". */
export function datePattern(locale: string): string {
  const names = { day: 'dd', month: 'mm', year: 'yyyy' } as const;
  return dateFormat(locale)
    .formatToParts(new Date(Date.UTC(2026, 11, 15)))
    .map((p) => (p.type === 'day' || p.type === 'month' || p.type === 'year' ? names[p.type] : p.value))
    .join('');
}

/**
 * A date typed in the locale's order (15/12/2026, 15.12.26) or as YYYY-MM-DD, as
 * YYYY-MM-DD; '' for an empty field; null when it is not a real date.
 */
export function parseDate(text: string, locale: string): string | '' | null {
  const trimmed = text.trim();
  if (!trimmed) return '';
  const numbers = trimmed.match(/\d+/g);
  if (!numbers || numbers.length !== 3) return null;
  let parts: Record<'day' | 'month' | 'year', number>;
  if (numbers[0].length === 4) parts = { year: +numbers[0], month: +numbers[1], day: +numbers[2] };
  else {
    const order = dateOrder(locale);
    parts = { day: 0, month: 0, year: 0 };
    order.forEach((type, i) => (parts[type] = +numbers[i]));
    if (numbers[order.indexOf('year')].length <= 2) parts.year += 2000;
  }
  const date = new Date(Date.UTC(parts.year, parts.month - 1, parts.day));
  if (date.getUTCFullYear() !== parts.year || date.getUTCMonth() !== parts.month - 1 || date.getUTCDate() !== parts.day) return null;
  return date.toISOString().slice(0, 10);
}

export type DueTone = 'overdue' | 'today' | 'soon' | 'later';

/** "Today", "Tomorrow", "Yesterday" or the date in the locale's format, with a tone for colour. */
export function describeDueDate(due: string, today = localToday(), locale = DEFAULT_LOCALE): { label: string; tone: DueTone } {
  const diff = dayNumber(due) - dayNumber(today);
  const tone: DueTone = diff < 0 ? 'overdue' : diff === 0 ? 'today' : diff <= 7 ? 'soon' : 'later';
  if (diff === 0) return { label: 'Today', tone };
  if (diff === 1) return { label: 'Tomorrow', tone };
  if (diff === -1) return { label: 'Yesterday', tone };
  return { label: formatDate(due, locale), tone };
}

/** "just now", "5 min ago", "3 h ago", "2 days ago". */
export function timeAgo(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.round((now - new Date(iso).getTime()) / 1000));
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  const days = Math.floor(seconds / 86_400);
  return days === 1 ? 'yesterday' : `${days} days ago`;
}
