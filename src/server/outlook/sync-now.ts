/**
 * "Sync now" on the integrations page: checks that Microsoft still accepts the
 * connection (taking a token refreshes it when it is about to expire, and a
 * revoked grant turns into needs_reconnect at once), then queues one full_sync
 * (at most one is ever queued per user).
 */
import { systemClock, type Clock } from '../../config/clock';
import type { Executor } from '../../db/client';
import { NeedsReconnectError } from '../../graph';
import { enqueueTaskSyncJob, JOB_PRIORITY } from '../../jobs/queue';
import type { OutlookDeps } from './deps';
import { NotConnectedError, tokenServiceFor } from './token-service';

/** What queueing a full_sync did (requestFullSync; the admin console uses it too). */
export type SyncNowResult = 'enqueued' | 'already_queued' | 'not_connected';
/** What the user's "Sync now" did: also 'needs_reconnect' when Microsoft refused the connection. */
export type CheckedSyncNowResult = SyncNowResult | 'needs_reconnect';

export async function syncNow(deps: OutlookDeps, userId: string): Promise<CheckedSyncNowResult> {
  try {
    await tokenServiceFor(deps).getAccessToken(userId);
  } catch (error) {
    if (error instanceof NeedsReconnectError) return 'needs_reconnect';
    if (error instanceof NotConnectedError) return 'not_connected';
    deps.log.warn({ userId, error: (error as Error).name }, 'sync now: token check failed; queueing anyway');
  }
  return requestFullSync(deps.db, userId, deps.clock);
}

/** Queues a full_sync for a connected user. */
export async function requestFullSync(db: Executor, userId: string, clock: Clock = systemClock): Promise<SyncNowResult> {
  const result = await enqueueTaskSyncJob(
    db,
    {
      userId,
      action: 'full_sync',
      priority: JOB_PRIORITY.interactive,
      payload: { reason: 'manual' },
    },
    clock,
  );
  if (result.status === 'enqueued') return 'enqueued';
  return result.status === 'skipped' && result.reason === 'no_connection' ? 'not_connected' : 'already_queued';
}
