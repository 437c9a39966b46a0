/**
 * The webhook's one job (guide §5, §11 "Webhook bursts"; STYLE: webhooks only
 * record and enqueue): check each item and queue at most one full_sync per user.
 *
 *  - an item counts only when its subscriptionId is one of ours AND its clientState
 *    matches the stored one (constant time). A subscription created with a clientState
 *    (all of ours) only accepts items that carry it, change notifications and lifecycle
 *    events alike: Graph always echoes it, so an item without one is forged (issue 13
 *    §2.5: it could queue syncs, or make us forget a subscription). Only a mapping
 *    stored without a clientState falls back to the subscription id (guide §5);
 *  - a change notification names its subscription, hence its list: the user's full_sync
 *    is aimed at the lists notified (payload `lists`, graph list ids), so it reads just
 *    their task deltas (issue 15 §3); the time it arrived is stamped on the connection
 *    (the safety net polls users whose notifications arrive rarely);
 *  - lifecycle events: reauthorizationRequired marks the subscription for renewal,
 *    subscriptionRemoved forgets it (the cron recreates it), missed needs only the
 *    catch-up; each also queues the user's whole full_sync (every list), which renews
 *    marked ones;
 *  - no Graph call here: the worker does them, where a crash cannot lose them.
 */
import type { Db } from '../../db/client';
import { recordNotificationsArrived } from '../../db/jobs-repository';
import { enqueueTaskSyncJob } from '../../jobs/queue';
import { clientStateMatches, findKnownSubscriptions, forgetSubscriptions, requestRenewal, type KnownSubscription } from '../subscriptions';
import type { NotificationItem } from './notification-schema';

export interface AcceptResult {
  /** Items that passed the checks. */
  accepted: number;
  /** Items from unknown subscriptions or with a wrong clientState. */
  rejected: number;
  /** Users for whom a full_sync was queued now. */
  enqueued: number;
  /** Users who already had a full_sync queued or running. */
  skipped: number;
}

export async function acceptNotifications(db: Db, items: NotificationItem[]): Promise<AcceptResult> {
  const known = await findKnownSubscriptions(db, [...new Set(items.map((i) => i.subscriptionId))]);
  const accepted = items.filter((item) => isGenuine(item, known.get(item.subscriptionId)));
  await applyLifecycleEvents(db, accepted, known);
  const pulls = pullsByUser(accepted, known);
  await recordNotificationsArrived(db, [...new Set(accepted.filter((i) => !i.lifecycleEvent).map((i) => known.get(i.subscriptionId)!.userId))]);
  let enqueued = 0;
  for (const [userId, lists] of pulls) {
    const payload = lists === 'all' ? { reason: 'webhook' } : { reason: 'webhook', lists: [...lists] };
    const r = await enqueueTaskSyncJob(db, { userId, action: 'full_sync', payload });
    if (r.status === 'enqueued') enqueued++;
  }
  return { accepted: accepted.length, rejected: items.length - accepted.length, enqueued, skipped: pulls.size - enqueued };
}

/** Per user, the lists its notifications named; 'all' when a lifecycle event asks for the whole catch-up. */
function pullsByUser(items: NotificationItem[], known: Map<string, KnownSubscription>): Map<string, Set<string> | 'all'> {
  const pulls = new Map<string, Set<string> | 'all'>();
  for (const item of items) {
    const subscription = known.get(item.subscriptionId)!;
    const sofar = pulls.get(subscription.userId);
    if (item.lifecycleEvent) pulls.set(subscription.userId, 'all');
    else if (sofar !== 'all') pulls.set(subscription.userId, (sofar ?? new Set<string>()).add(subscription.graphListId));
  }
  return pulls;
}

function isGenuine(item: NotificationItem, subscription: KnownSubscription | undefined): boolean {
  if (!subscription) return false;
  const received = item.clientState ?? null;
  if (subscription.clientState === null) return received === null;
  return received !== null && clientStateMatches(received, subscription.clientState);
}

async function applyLifecycleEvents(db: Db, items: NotificationItem[], known: Map<string, KnownSubscription>): Promise<void> {
  const event = (name: string) => items.filter((i) => i.lifecycleEvent === name).map((i) => known.get(i.subscriptionId)!);
  await requestRenewal(db, [...new Set(event('reauthorizationRequired').map((s) => s.mappingId))]);
  await forgetSubscriptions(db, [...new Set(event('subscriptionRemoved').map((s) => s.subscriptionId))]);
}
