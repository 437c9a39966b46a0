/**
 * Formatting for /admin. Times are relative to the report's generatedAt (not the
 * browser clock) and absolute times are UTC, so server and browser render the same.
 */
export function ago(iso: string | null | undefined, nowIso: string): string {
  if (!iso) return '—';
  const s = Math.round((Date.parse(nowIso) - Date.parse(iso)) / 1000);
  return s >= 0 ? `${span(s)} ago` : `in ${span(-s)}`;
}

export function span(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const m = Math.round(seconds / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return `${h} h${m % 60 ? ` ${m % 60} min` : ''}`;
  return `${Math.floor(h / 24)} d`;
}

export function utc(iso: string | null | undefined): string {
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : '—';
}

export function hhmm(iso: string): string {
  return iso.slice(11, 16);
}

export function count(n: number): string {
  return n.toLocaleString('en-GB');
}
