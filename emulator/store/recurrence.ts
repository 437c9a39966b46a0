/** Next due date of a recurring task (enough of patternedRecurrence for the roll-forward quirk). */
const DAY_MS = 86_400_000;
const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export function nextOccurrenceMs(dueMs: number, recurrence: Record<string, unknown>): number {
  const pattern = (recurrence.pattern ?? {}) as Record<string, unknown>;
  const interval = Math.max(1, Number(pattern.interval) || 1);
  const type = String(pattern.type);
  if (type === 'daily') return dueMs + interval * DAY_MS;
  if (type === 'weekly') return nextWeekly(dueMs, interval, (pattern.daysOfWeek as string[]) ?? []);
  if (type === 'absoluteMonthly' || type === 'relativeMonthly') return addMonths(dueMs, interval);
  return addMonths(dueMs, 12 * interval);
}

function nextWeekly(dueMs: number, interval: number, daysOfWeek: string[]): number {
  const days = daysOfWeek.map((d) => WEEKDAYS.indexOf(d.toLowerCase())).filter((d) => d >= 0);
  if (days.length <= 1) return dueMs + 7 * interval * DAY_MS;
  for (let step = 1; step <= 7; step++) {
    const candidate = dueMs + step * DAY_MS;
    if (days.includes(new Date(candidate).getUTCDay())) return candidate;
  }
  return dueMs + 7 * interval * DAY_MS;
}

function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes());
}
