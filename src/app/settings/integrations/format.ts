/** Plain-words formatting for the integrations page (shared by server and client components). */

export function timeAgo(iso: string | null, now = Date.now()): string {
  if (!iso) return 'never';
  const seconds = Math.round((now - new Date(iso).getTime()) / 1000);
  if (seconds < 45) return 'just now';
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} minute${minutes === 1 ? '' : 's'} ago`;
  const hours = Math.round(minutes / 60);
  if (hours < 24) return `${hours} hour${hours === 1 ? '' : 's'} ago`;
  const days = Math.round(hours / 24);
  return `${days} day${days === 1 ? '' : 's'} ago`;
}

export function queueSummary(q: { pending: number; processing: number; failed: number }): string {
  const parts = [`${q.pending} waiting`, `${q.processing} running`, `${q.failed} failed`];
  return q.pending + q.processing + q.failed === 0 ? 'Nothing waiting' : parts.join(', ');
}
