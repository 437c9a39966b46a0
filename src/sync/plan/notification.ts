/**
 * What a change notification asks of the webhook: pull its list, or nothing because it
 * announces our own write (an echo). Graph's notification for a todoTask carries the
 * task's id and `@odata.etag` (docs/graph-facts.md §3); every write bumps the etag, so a
 * notification whose etag is the one we stored for that copy, in that list, announces
 * the state we already hold. Skipping its pull spares a delta round per push and, more,
 * keeps the pull from holding the user's next push behind it (issue 15 §3, bench a).
 * Anything we cannot match exactly is pulled: a missing etag or id, a deletion, a copy
 * we do not know, a copy whose create or PATCH outcome is still open.
 */
import { decide, product, type Decision, type Row } from './decision-table';

export interface NotificationFacts {
  changeType: 'created' | 'updated' | 'deleted' | 'other';
  /** The item's resourceData has both the task id and an etag. */
  named: boolean;
  /** What we store for that Graph task id of the user. */
  stored:
    /** No synced state holds that Graph id. */
    | 'unknown'
    /** A state holds it, but in another list than the subscription's. */
    | 'other-list'
    /** Same list; the stored etag differs (someone else wrote since). */
    | 'etag-differs'
    /** Same list, same etag, but a create or a PATCH outcome is still open (pending-create or copy-missing marker). */
    | 'open-outcome'
    /** Same list, same etag, no open outcome: the state we hold. */
    | 'etag-matches';
}

export type NotificationAction = 'pull' | 'skip-echo';

export const NOTIFICATION_TABLE: readonly Row<NotificationFacts, NotificationAction>[] = [
  {
    id: 'notify.not-a-change',
    rule: 'A deletion, or a change type we do not know, is pulled: only the delta says what went.',
    when: (f) => f.changeType === 'deleted' || f.changeType === 'other',
    then: 'pull',
  },
  {
    id: 'notify.unnamed',
    rule: 'A created or updated item without a task id and an etag is pulled.',
    when: (f) => (f.changeType === 'created' || f.changeType === 'updated') && !f.named,
    then: 'pull',
  },
  {
    id: 'notify.not-ours',
    rule: 'A change to a copy we do not hold in that list, or at another etag, is pulled.',
    when: (f) => (f.changeType === 'created' || f.changeType === 'updated') && f.named && f.stored !== 'etag-matches',
    then: 'pull',
  },
  {
    id: 'notify.echo',
    rule: 'A change whose etag is the one we stored for that copy in that list is our own write: nothing to pull.',
    when: (f) => (f.changeType === 'created' || f.changeType === 'updated') && f.named && f.stored === 'etag-matches',
    then: 'skip-echo',
  },
];

export function decideNotification(facts: NotificationFacts): Decision<NotificationAction> {
  return decide(NOTIFICATION_TABLE, facts);
}

export function notificationFactSpace(): NotificationFacts[] {
  return product({
    changeType: ['created', 'updated', 'deleted', 'other'],
    named: [true, false],
    stored: ['unknown', 'other-list', 'etag-differs', 'open-outcome', 'etag-matches'],
  } as const);
}

/** What we store for one copy, as the facts need it. */
export interface StoredCopy {
  graphListId: string | null;
  etag: string | null;
  openOutcome: boolean;
}

/** The facts of one notification item, from its fields and the copy stored under its task id. */
export function notificationFacts(
  item: { changeType?: string | null; taskId?: string | null; etag?: string | null },
  subscriptionListId: string,
  stored: StoredCopy | undefined,
): NotificationFacts {
  const changeType = item.changeType === 'created' || item.changeType === 'updated' || item.changeType === 'deleted' ? item.changeType : 'other';
  const named = Boolean(item.taskId && item.etag);
  let copy: NotificationFacts['stored'];
  if (!stored) copy = 'unknown';
  else if (stored.graphListId !== subscriptionListId) copy = 'other-list';
  else if (stored.etag === null || stored.etag !== item.etag) copy = 'etag-differs';
  else if (stored.openOutcome) copy = 'open-outcome';
  else copy = 'etag-matches';
  return { changeType, named, stored: copy };
}
