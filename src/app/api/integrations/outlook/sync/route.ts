/**
 * POST /api/integrations/outlook/sync (GET for Vercel cron): the worker entry point
 * (guide §5, §6). `Authorization: Bearer <OUTLOOK_SYNC_JOB_SECRET | CRON_SECRET>`;
 * `x-sync-limit` (1–500, default 25) caps the jobs claimed. Answers
 * `{processed, succeeded, failed, deferred, skipped, remaining}`.
 */
import { requireCronSecret } from '@/server/http/cron-auth';
import { json, jsonError } from '@/server/http/responses';
import { drainSyncQueue, parseSyncLimit, SYNC_LIMIT } from '@/server/queue/sync-drain';

export const runtime = 'nodejs';
export const dynamic = 'force-dynamic';
export const preferredRegion = 'fra1';
export const maxDuration = 60;
/** Stop claiming well inside maxDuration; unstarted jobs go back to the queue. */
const TIME_BUDGET_MS = 45_000;

async function sync(request: Request): Promise<Response> {
  const denied = requireCronSecret(request);
  if (denied) return denied;
  const limit = parseSyncLimit(request.headers.get('x-sync-limit'));
  if (limit === null) {
    return jsonError(400, 'invalid_sync_limit', `x-sync-limit must be an integer from ${SYNC_LIMIT.min} to ${SYNC_LIMIT.max}`, 'x-sync-limit');
  }
  const summary = await drainSyncQueue({ limit, timeBudgetMs: TIME_BUDGET_MS });
  return json(summary);
}

export const POST = sync;
export const GET = sync;
