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
 *  - an echo of our own write (the item's task id and etag are what we stored for that
 *    copy in that list: src/sync/plan/notification.ts) queues nothing, so a push is not
 *    followed by a pull that only reads back what it wrote;
 *  - no Graph call here: the worker does them, where a crash cannot lose them.
 */
import { systemClock, type Clock } from '../../config/clock';
import type { Db } from '../../db/client';
import { recordNotificationsArrived } from '../../db/jobs-repository';
import { storedCopiesByGraphIds, type StoredCopy } from '../../db/sync-state-repository';
import { enqueueTaskSyncJob } from '../../jobs/queue';
import { clientStateMatches, findKnownSubscriptions, forgetSubscriptions, requestRenewal, type KnownSubscription } from '../subscriptions';
import { decideNotification, notificationFacts } from '../../sync/plan/notification';
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
  /** Change notifications of our own writes: nothing to pull. */
  echoes: number;
}

export async function acceptNotifications(db: Db, items: NotificationItem[], clock: Clock = systemClock): Promise<AcceptResult> {
  const known = await findKnownSubscriptions(db, [...new Set(items.map((i) => i.subscriptionId))]);
  const accepted = items.filter((item) => isGenuine(item, known.get(item.subscriptionId)));
  await applyLifecycleEvents(db, accepted, known);
  await recordNotificationsArrived(db, [...new Set(accepted.filter((i) => !i.lifecycleEvent).map((i) => known.get(i.subscriptionId)!.userId))], clock.now());
  const echoes = await findEchoes(db, accepted, known);
  const pulls = pullsByUser(accepted.filter((i) => !echoes.has(i)), known);
  let enqueued = 0;
  for (const [userId, lists] of pulls) {
    const payload = lists === 'all' ? { reason: 'webhook' } : { reason: 'webhook', lists: [...lists] };
    const r = await enqueueTaskSyncJob(db, { userId, action: 'full_sync', payload }, clock);
    if (r.status === 'enqueued') enqueued++;
  }
  return { accepted: accepted.length, rejected: items.length - accepted.length, enqueued, skipped: pulls.size - enqueued, echoes: echoes.size };
}

/** The change notifications that announce our own writes (rows notify.* of src/sync/plan/notification.ts). */
async function findEchoes(db: Db, items: NotificationItem[], known: Map<string, KnownSubscription>): Promise<Set<NotificationItem>> {
  const named = items.filter((i) => !i.lifecycleEvent && i.resourceData?.id && i.resourceData['@odata.etag']);
  const idsByUser = new Map<string, Set<string>>();
  for (const item of named) {
    const userId = known.get(item.subscriptionId)!.userId;
    idsByUser.set(userId, (idsByUser.get(userId) ?? new Set<string>()).add(item.resourceData!.id!));
  }
  const stored = new Map<string, Map<string, StoredCopy>>();
  for (const [userId, ids] of idsByUser) stored.set(userId, await storedCopiesByGraphIds(db, userId, [...ids]));
  const echoes = new Set<NotificationItem>();
  for (const item of named) {
    const subscription = known.get(item.subscriptionId)!;
    const copy = stored.get(subscription.userId)?.get(item.resourceData!.id!);
    const facts = notificationFacts({ changeType: item.changeType, taskId: item.resourceData!.id, etag: item.resourceData!['@odata.etag'] }, subscription.graphListId, copy);
    if (decideNotification(facts).action === 'skip-echo') echoes.add(item);
  }
  return echoes;
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
