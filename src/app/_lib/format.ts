/** Display helpers shared by client components (no server imports). */

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

export type DueTone = 'overdue' | 'today' | 'soon' | 'later';

/** "Today", "Tomorrow", "Yesterday", "Mon 3 Mar" or "3 Mar 2027", with a tone for colour. */
export function describeDueDate(due: string, today = localToday()): { label: string; tone: DueTone } {
  const diff = dayNumber(due) - dayNumber(today);
  const tone: DueTone = diff < 0 ? 'overdue' : diff === 0 ? 'today' : diff <= 7 ? 'soon' : 'later';
  if (diff === 0) return { label: 'Today', tone };
  if (diff === 1) return { label: 'Tomorrow', tone };
  if (diff === -1) return { label: 'Yesterday', tone };
  const [y, m, d] = due.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'UTC',
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    year: 'numeric',
  }).formatToParts(date);
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  const withWeekday = diff > 0 && diff <= 7;
  const sameYear = due.slice(0, 4) === today.slice(0, 4);
  const label = [withWeekday ? part('weekday') : '', part('day'), part('month'), sameYear ? '' : part('year')]
    .filter(Boolean)
    .join(' ');
  return { label, tone };
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
