/**
 * renewSubscriptions (guide §5 /subscriptions, §7 cron; docs/graph-facts.md §3): walks every
 * list mapping and creates, renews, recreates or deletes its Graph subscription
 * (plan-subscription.ts). A recreated subscription missed notifications, so its
 * user gets a full_sync (delta catch-up). It also enqueues the safety-net periodic
 * full_syncs, so a deployment driven only by cron (Vercel) keeps them.
 * Failures are per list: one bad list or user never stops the others; the failure is
 * kept on the mapping and the list is tried again after OUTLOOK_SUBSCRIPTION_RETRY_SEC.
 *
 * Who calls it (so Outlook changes reach Planner in seconds, issue 13 §1):
 *  - subscribeUserLists: the end of every full_sync (connect, reconnect, a re-provisioned
 *    list) and a push that linked a new list (a new or reopened project, a new Inbox list);
 *  - upkeepDueSubscriptions: the runner's tick under `npm start` / `npm run worker`;
 *  - the /subscriptions route (the cron on Vercel) and `npm run planner -- subscriptions renew`.
 * Every caller first takes the mappings it acts on in hand (claimSubscriptionUpkeep), so
 * they may run at once without creating a list's subscription twice.
 */
import type { Logger } from 'pino';
import { getEnv } from '../../config/env';
import type { Db } from '../../db/client';
import type { GraphClient } from '../../graph';
import { enqueuePeriodicFullSyncs } from '../../jobs/periodic-full-sync';
import { enqueueTaskSyncJob } from '../../jobs/queue';
import { graphClientForUser, outlookDepsFromEnv, type OutlookDeps } from '../outlook';
import { maintainListSubscription, type ListOutcome } from './maintain-list-subscription';
import { planSubscription, type SubscriptionAction } from './plan-subscription';
import { subscriptionConfigFromEnv, type SubscriptionConfig } from './subscription-config';
import {
  claimSubscriptionUpkeep,
  clearSubscription,
  findUsersWithSubscriptionUpkeepDue,
  listSubscriptionRows,
  recordSubscriptionFailure,
  releaseSubscriptionUpkeep,
  type ListSubscriptionRow,
} from '../../db/subscriptions-repository';

export interface RenewSubscriptionsOptions {
  deps?: OutlookDeps;
  config?: Partial<SubscriptionConfig>;
  /** Only this user's lists (the full_sync after reauthorizationRequired). */
  userId?: string;
  /** Only these actions (e.g. ['renew'] from a full_sync). */
  only?: SubscriptionAction[];
  /** Enqueue the periodic safety-net full_syncs too (default true for a run over all users). */
  periodicFullSyncs?: boolean;
  /** The user's Graph client when the caller has one (a job); else one is made per user. */
  graph?: GraphClient;
}

export interface RenewSubscriptionsSummary {
  webhookConfigured: boolean;
  lists: number;
  created: number;
  renewed: number;
  recreated: number;
  deleted: number;
  notSaved: number;
  failed: number;
  catchUpSyncsEnqueued: number;
  periodicFullSyncsEnqueued: number;
  errors: { listId: string; action: SubscriptionAction; error: string }[];
}

export async function renewSubscriptions(db: Db, options: RenewSubscriptionsOptions = {}): Promise<RenewSubscriptionsSummary> {
  const deps = options.deps ?? outlookDepsFromEnv(getEnv(), db);
  const config = { ...subscriptionConfigFromEnv(), ...options.config };
  const summary = emptySummary(config);
  const rows = await listSubscriptionRows(deps.db, options.userId);
  for (const [userId, userRows] of groupByUser(rows)) {
    await maintainUser(deps, config, { userId, rows: userRows, only: options.only, graph: options.graph }, summary);
  }
  if (options.periodicFullSyncs ?? !options.userId) {
    const env = getEnv();
    summary.periodicFullSyncsEnqueued = await enqueuePeriodicFullSyncs(
      deps.db,
      config.fullSyncIntervalMin ?? env.OUTLOOK_FULL_SYNC_INTERVAL_MIN,
      config.healthyFullSyncIntervalMin ?? env.OUTLOOK_FULL_SYNC_HEALTHY_INTERVAL_MIN,
      deps.clock,
    );
  }
  deps.log.info({ ...summary, errors: summary.errors.length }, 'subscriptions maintained');
  return summary;
}

/** Subscriptions of every linked list of one user: at connect, after a full_sync, when a list is linked. */
export async function subscribeUserLists(deps: OutlookDeps, userId: string, graph?: GraphClient, config?: Partial<SubscriptionConfig>): Promise<RenewSubscriptionsSummary> {
  return renewSubscriptions(deps.db, { deps, userId, graph, config, periodicFullSyncs: false });
}

/** The runner's tick: the users with a subscription due for upkeep, a bounded batch per tick. */
export async function upkeepDueSubscriptions(
  deps: OutlookDeps,
  options: { config?: Partial<SubscriptionConfig>; maxUsers?: number } = {},
): Promise<RenewSubscriptionsSummary> {
  const config = { ...subscriptionConfigFromEnv(), ...options.config };
  const summary = emptySummary(config);
  const users = await findUsersWithSubscriptionUpkeepDue(deps.db, {
    now: deps.clock.now(),
    renewBeforeMin: config.renewBeforeMin,
    retrySec: config.retrySec,
    webhookConfigured: Boolean(config.webhookUrl),
    limit: options.maxUsers ?? UPKEEP_USERS_PER_TICK,
  });
  for (const userId of users) {
    const rows = await listSubscriptionRows(deps.db, userId);
    if (rows.length > 0) await maintainUser(deps, config, { userId, rows }, summary);
  }
  if (summary.created + summary.renewed + summary.recreated + summary.deleted + summary.failed > 0) {
    deps.log.info({ ...summary, users: users.length, errors: summary.errors.length }, 'subscriptions kept by the runner');
  }
  return summary;
}

/** Users whose subscriptions one tick maintains at most (the rest wait for the next tick). */
export const UPKEEP_USERS_PER_TICK = 50;

interface UserUpkeep {
  userId: string;
  rows: ListSubscriptionRow[];
  only?: SubscriptionAction[];
  graph?: GraphClient;
}

async function maintainUser(deps: OutlookDeps, config: SubscriptionConfig, user: UserUpkeep, summary: RenewSubscriptionsSummary): Promise<void> {
  const now = deps.clock.now();
  const planned = user.rows
    .map((row) => ({ row, action: planSubscription({ ...row, webhookConfigured: Boolean(config.webhookUrl) }, now, config.renewBeforeMin) }))
    .filter((p) => p.action !== 'none' && (!user.only || user.only.includes(p.action)));
  summary.lists += user.rows.length;
  if (planned.length === 0) return;
  const claimed = await claimSubscriptionUpkeep(deps.db, planned.map((p) => p.row.id), now, config.retrySec);
  const mine = planned.filter((p) => claimed.has(p.row.id));
  if (mine.length === 0) return;
  const graph = user.graph ?? (await userGraph(deps, user.userId, user.rows, summary));
  if (!graph) return;
  const log = deps.log.child({ userId: user.userId, step: 'subscriptions' });
  let catchUp = false;
  for (const { row, action } of mine) {
    const outcome = await runOne(deps, config, graph, row, action, summary, log);
    if (outcome) count(summary, outcome);
    if (outcome === 'recreated') catchUp = true;
  }
  if (catchUp) await enqueueCatchUp(deps, user.userId, summary);
}

/** The user's Graph client; null when no call is possible (then stale rows are just cleared). */
async function userGraph(deps: OutlookDeps, userId: string, rows: ListSubscriptionRow[], summary: RenewSubscriptionsSummary): Promise<GraphClient | null> {
  if (!rows[0].hasConnection) {
    // Disconnected without deleting them: Graph lets them lapse; forget them here.
    for (const row of rows.filter((r) => r.subscriptionId)) await clearSubscription(deps.db, row.id, row.subscriptionId!);
    summary.deleted += rows.filter((r) => r.subscriptionId).length;
    return null;
  }
  if (!rows[0].userConnected) return null;
  return graphClientForUser(deps, userId, { maxInlineWaitMs: 2_000 });
}

async function runOne(
  deps: OutlookDeps,
  config: SubscriptionConfig,
  graph: GraphClient,
  row: ListSubscriptionRow,
  action: SubscriptionAction,
  summary: RenewSubscriptionsSummary,
  log: Logger,
): Promise<ListOutcome | null> {
  try {
    const outcome = await maintainListSubscription({ db: deps.db, graph, config, now: deps.clock.now() }, row, action);
    await releaseSubscriptionUpkeep(deps.db, row.id);
    return outcome;
  } catch (error) {
    summary.failed++;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    summary.errors.push({ listId: row.graphListId, action, error: message.slice(0, 300) });
    await recordSubscriptionFailure(deps.db, row.id, message, deps.clock.now());
    log.warn({ listId: row.graphListId, action, err: error }, 'subscription upkeep failed for a list');
    return null;
  }
}

async function enqueueCatchUp(deps: OutlookDeps, userId: string, summary: RenewSubscriptionsSummary): Promise<void> {
  const r = await enqueueTaskSyncJob(deps.db, { userId, action: 'full_sync', payload: { reason: 'subscription_recreated' } }, deps.clock);
  if (r.status === 'enqueued') summary.catchUpSyncsEnqueued++;
}

function count(summary: RenewSubscriptionsSummary, outcome: ListOutcome): void {
  if (outcome === 'created') summary.created++;
  else if (outcome === 'renewed') summary.renewed++;
  else if (outcome === 'recreated') summary.recreated++;
  else if (outcome === 'deleted') summary.deleted++;
  else if (outcome === 'not_saved') summary.notSaved++;
}

function groupByUser(rows: ListSubscriptionRow[]): Map<string, ListSubscriptionRow[]> {
  const groups = new Map<string, ListSubscriptionRow[]>();
  for (const row of rows) groups.set(row.userId, [...(groups.get(row.userId) ?? []), row]);
  return groups;
}

function emptySummary(config: SubscriptionConfig): RenewSubscriptionsSummary {
  return {
    webhookConfigured: Boolean(config.webhookUrl),
    lists: 0,
    created: 0,
    renewed: 0,
    recreated: 0,
    deleted: 0,
    notSaved: 0,
    failed: 0,
    catchUpSyncsEnqueued: 0,
    periodicFullSyncsEnqueued: 0,
    errors: [],
  };
}
