/**
 * The service behind /api/integrations/outlook/sync (guide §5, §6): reads the
 * route's `x-sync-limit` and runs one bounded drain of the queue on the process
 * database (src/jobs/drain-queue.ts), so the route calls a service, not the queue.
 */
import { drainTaskSyncQueue } from '../../jobs/drain-queue';
import { DEFAULT_SYNC_LIMIT } from '../../jobs/process-task-sync-jobs';
import type { ProcessSummary } from '../../jobs/types';

/** x-sync-limit bounds: default 25, at most 500 per call. */
export const SYNC_LIMIT = { default: DEFAULT_SYNC_LIMIT, min: 1, max: 500 } as const;

/** Parses an x-sync-limit header: the limit, or null when it is not an integer in range. */
export function parseSyncLimit(header: string | null): number | null {
  if (header === null || header.trim() === '') return SYNC_LIMIT.default;
  const trimmed = header.trim();
  if (!/^\d{1,6}$/.test(trimmed)) return null;
  const limit = Number(trimmed);
  return limit >= SYNC_LIMIT.min && limit <= SYNC_LIMIT.max ? limit : null;
}

/** Claims and runs up to `limit` jobs within `timeBudgetMs`, then the queue's upkeep. */
export async function drainSyncQueue(input: { limit: number; timeBudgetMs: number }): Promise<ProcessSummary> {
  return drainTaskSyncQueue(input);
}
