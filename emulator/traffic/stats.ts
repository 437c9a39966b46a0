/** Request counts by route and status, for tests and the bench. */
const FIXED = new Set(['v1.0', 'me', 'todo', 'lists', 'tasks', 'delta', 'checklistItems', 'linkedResources', 'subscriptions',
  '$batch', 'reauthorize', 'oauth2', 'v2.0', 'authorize', 'token', 'consent', 'users', 'outlook', '_emulator', 'discovery', 'keys']);
const ID_AFTER = new Set(['lists', 'tasks', 'checklistItems', 'linkedResources', 'subscriptions', 'users']);

/** "/v1.0/me/todo/lists/AAMk…/tasks" → "/v1.0/me/todo/lists/{id}/tasks"; "/common/oauth2/…" → "/{tenant}/oauth2/…". */
export function routeKey(method: string, path: string): string {
  const segments = path.split('/').filter(Boolean);
  const normalized = segments.map((segment, i) => {
    if (i === 0 && segments[1] === 'oauth2') return '{tenant}';
    if (i === 0 && segments[1] === 'v2.0' || (i === 0 && segments[1] === 'discovery')) return '{tenant}';
    if (i > 0 && ID_AFTER.has(segments[i - 1]) && !FIXED.has(segment)) return '{id}';
    return segment;
  });
  return `${method.toUpperCase()} /${normalized.join('/')}`;
}

export class RequestStats {
  private counts = new Map<string, Map<number, number>>();

  record(method: string, path: string, status: number): void {
    const key = routeKey(method, path);
    const byStatus = this.counts.get(key) ?? new Map<number, number>();
    byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
    this.counts.set(key, byStatus);
  }

  snapshot(): Record<string, Record<string, number>> {
    const out: Record<string, Record<string, number>> = {};
    for (const [key, byStatus] of this.counts) out[key] = Object.fromEntries([...byStatus].map(([s, n]) => [String(s), n]));
    return out;
  }

  reset(): void {
    this.counts.clear();
  }
}
