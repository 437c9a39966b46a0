/**
 * SQL for the subscription columns of project_outlook_lists (one Graph change-notification
 * subscription per list). The rules (when to create, renew, delete) live in
 * src/server/subscriptions; this module only reads and writes rows.
 */
import { sql } from 'kysely';
import type { Executor } from './client';

export interface ListSubscriptionRow {
  id: string;
  userId: string;
  graphListId: string;
  isActive: boolean;
  subscriptionId: string | null;
  expiresAt: Date | null;
  renewRequested: boolean;
  /** The user has a connection that does not need reconnecting. */
  userConnected: boolean;
  /** The user has a connection row at all (a Graph call is possible once it is healthy). */
  hasConnection: boolean;
}

/** Every mapping that has or may need a subscription (optionally one user's). */
export async function listSubscriptionRows(ex: Executor, userId?: string): Promise<ListSubscriptionRow[]> {
  let query = ex
    .selectFrom('project_outlook_lists as l')
    .leftJoin('outlook_connections as c', 'c.user_id', 'l.user_id')
    .leftJoin('projects as p', 'p.id', 'l.project_id')
    .select([
      'l.id',
      'l.user_id',
      'l.graph_list_id',
      'l.is_active',
      'l.subscription_id',
      'l.subscription_expires_at',
      'l.subscription_renew_requested_at',
      'c.id as connection_id',
      'c.needs_reconnect',
      'p.status as project_status',
    ])
    .where((eb) => eb.or([eb('l.is_active', '=', true), eb('l.subscription_id', 'is not', null)]));
  if (userId) query = query.where('l.user_id', '=', userId);
  const rows = await query.orderBy('l.user_id').orderBy('l.created_at').execute();
  return rows.map((r) => ({
    id: r.id,
    userId: r.user_id,
    graphListId: r.graph_list_id,
    isActive: r.is_active && (r.project_status === null || r.project_status === 'Active'),
    subscriptionId: r.subscription_id,
    expiresAt: r.subscription_expires_at ? new Date(r.subscription_expires_at) : null,
    renewRequested: r.subscription_renew_requested_at !== null,
    userConnected: r.connection_id !== null && r.needs_reconnect === false,
    hasConnection: r.connection_id !== null,
  }));
}

export interface UpkeepDueQuery {
  now: Date;
  renewBeforeMin: number;
  /** Mappings taken in hand less than this long ago are left alone (lease and back-off). */
  retrySec: number;
  /** Without OUTLOOK_WEBHOOK_URL nothing is created or renewed; only orphans are cleared. */
  webhookConfigured: boolean;
  limit: number;
}

/**
 * Users with at least one mapping whose subscription needs upkeep now (the runner's tick),
 * the same cases plan-subscription.ts acts on: an active mapping of an open project (or the
 * Inbox) whose subscription is missing, expiring within renewBefore or flagged by
 * reauthorizationRequired; a subscription left on an archived mapping or a closed project. Mappings tried within retrySec are not
 * due. Index scans only (migration 20251201000000), however many lists there are.
 */
export async function findUsersWithSubscriptionUpkeepDue(ex: Executor, q: UpkeepDueQuery): Promise<string[]> {
  const renewBy = new Date(q.now.getTime() + q.renewBeforeMin * 60_000);
  const retryBefore = new Date(q.now.getTime() - q.retrySec * 1000);
  const rows = await ex
    .selectFrom('project_outlook_lists as l')
    .innerJoin('outlook_connections as c', 'c.user_id', 'l.user_id')
    .leftJoin('projects as p', 'p.id', 'l.project_id')
    .select('l.user_id')
    .distinct()
    .where('c.needs_reconnect', '=', false)
    .where((eb) => eb.or([eb('l.subscription_attempted_at', 'is', null), eb('l.subscription_attempted_at', '<', retryBefore)]))
    .where((eb) =>
      eb.or([
        ...(q.webhookConfigured
          ? [
              eb.and([
                eb('l.is_active', '=', true),
                eb.or([eb('l.project_id', 'is', null), eb('p.status', '=', 'Active')]),
                eb.or([
                  eb(sql<Date>`coalesce(l.subscription_expires_at, '-infinity'::timestamptz)`, '<=', renewBy),
                  eb('l.subscription_renew_requested_at', 'is not', null),
                ]),
              ]),
            ]
          : []),
        // A subscription on an archived mapping, or on a closed project's list: deleted.
        eb.and([eb('l.subscription_id', 'is not', null), eb.or([eb('l.is_active', '=', false), eb('p.status', '!=', 'Active')])]),
      ]),
    )
    .limit(q.limit)
    .execute();
  return rows.map((r) => r.user_id);
}

/**
 * Takes these mappings in hand for upkeep (compare-and-swap on subscription_attempted_at):
 * the ids no other runner took within retrySec. Only those are acted on, so two runners
 * (or a runner and a full_sync) never create one list's subscription twice.
 */
export async function claimSubscriptionUpkeep(ex: Executor, mappingIds: string[], now: Date, retrySec: number): Promise<Set<string>> {
  if (mappingIds.length === 0) return new Set();
  const retryBefore = new Date(now.getTime() - retrySec * 1000);
  const rows = await ex
    .updateTable('project_outlook_lists')
    .set({ subscription_attempted_at: now })
    .where('id', 'in', mappingIds)
    .where((eb) => eb.or([eb('subscription_attempted_at', 'is', null), eb('subscription_attempted_at', '<', retryBefore)]))
    .returning('id')
    .execute();
  return new Set(rows.map((r) => r.id));
}

/** A create or renew failed: kept on the mapping (health, integrations page) until the next success. */
export async function recordSubscriptionFailure(ex: Executor, mappingId: string, message: string, now: Date): Promise<void> {
  await ex
    .updateTable('project_outlook_lists')
    .set({ subscription_error: message.slice(0, 500), subscription_failed_at: now })
    .where('id', '=', mappingId)
    .execute();
}

/** The action succeeded (or was not needed): the lease and the last failure are cleared. */
export async function releaseSubscriptionUpkeep(ex: Executor, mappingId: string): Promise<void> {
  await ex
    .updateTable('project_outlook_lists')
    .set({ subscription_attempted_at: null, subscription_error: null, subscription_failed_at: null })
    .where('id', '=', mappingId)
    .execute();
}

/**
 * Stores a new subscription on the mapping, only if the mapping still holds
 * `previousId` (compare-and-swap). false = not saved: the caller deletes the Graph one.
 */
export async function saveSubscription(
  ex: Executor,
  input: { mappingId: string; previousId: string | null; subscriptionId: string; expiresAt: Date; clientState: string },
): Promise<boolean> {
  const result = await ex
    .updateTable('project_outlook_lists')
    .set({
      subscription_id: input.subscriptionId,
      subscription_expires_at: input.expiresAt,
      subscription_client_state: input.clientState,
      subscription_renew_requested_at: null,
    })
    .where('id', '=', input.mappingId)
    .where('is_active', '=', true)
    .where(input.previousId === null ? sql<boolean>`subscription_id is null` : sql<boolean>`subscription_id = ${input.previousId}`)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function saveRenewal(ex: Executor, mappingId: string, subscriptionId: string, expiresAt: Date): Promise<void> {
  await ex
    .updateTable('project_outlook_lists')
    .set({ subscription_expires_at: expiresAt, subscription_renew_requested_at: null })
    .where('id', '=', mappingId)
    .where('subscription_id', '=', subscriptionId)
    .execute();
}

export async function clearSubscription(ex: Executor, mappingId: string, subscriptionId: string): Promise<void> {
  await ex
    .updateTable('project_outlook_lists')
    .set({ subscription_id: null, subscription_expires_at: null, subscription_client_state: null, subscription_renew_requested_at: null })
    .where('id', '=', mappingId)
    .where('subscription_id', '=', subscriptionId)
    .execute();
}

export interface KnownSubscription {
  mappingId: string;
  userId: string;
  /** The To Do list the subscription watches (a notification's pull reads just this list). */
  graphListId: string;
  subscriptionId: string;
  clientState: string | null;
}

/** Our subscriptions among `ids` (the webhook's lookup). */
export async function findKnownSubscriptions(ex: Executor, ids: string[]): Promise<Map<string, KnownSubscription>> {
  if (ids.length === 0) return new Map();
  const rows = await ex
    .selectFrom('project_outlook_lists')
    .select(['id', 'user_id', 'graph_list_id', 'subscription_id', 'subscription_client_state'])
    .where('subscription_id', 'in', ids)
    .execute();
  return new Map(
    rows.map((r) => [
      r.subscription_id!,
      { mappingId: r.id, userId: r.user_id, graphListId: r.graph_list_id, subscriptionId: r.subscription_id!, clientState: r.subscription_client_state },
    ]),
  );
}

/** reauthorizationRequired: the next full_sync or /subscriptions run renews it. */
export async function requestRenewal(ex: Executor, mappingIds: string[]): Promise<void> {
  if (mappingIds.length === 0) return;
  await ex
    .updateTable('project_outlook_lists')
    .set({ subscription_renew_requested_at: sql<Date>`now()` })
    .where('id', 'in', mappingIds)
    .execute();
}

/** subscriptionRemoved: Graph dropped it; forget it so it is recreated. */
export async function forgetSubscriptions(ex: Executor, subscriptionIds: string[]): Promise<void> {
  if (subscriptionIds.length === 0) return;
  await ex
    .updateTable('project_outlook_lists')
    .set({ subscription_id: null, subscription_expires_at: null, subscription_client_state: null, subscription_renew_requested_at: null })
    .where('subscription_id', 'in', subscriptionIds)
    .execute();
}
