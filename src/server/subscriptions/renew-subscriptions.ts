/**
 * renewSubscriptions (guide §5 /subscriptions, §7 cron; graph-facts §3): walks every
 * list mapping and creates, renews, recreates or deletes its Graph subscription
 * (plan-subscription.ts). A recreated subscription missed notifications, so its
 * user gets a full_sync (delta catch-up). It also enqueues the safety-net periodic
 * full_syncs, so a deployment driven only by cron (Vercel) keeps them.
 * Failures are per list: one bad list or user never stops the others.
 */
import type { Logger } from 'pino';
import { getEnv } from '../../config/env';
import type { Db } from '../../db/client';
import type { GraphClient } from '../../graph';
import { enqueuePeriodicFullSyncs } from '../../jobs/periodic-full-sync';
import { enqueueTaskSyncJob } from '../../jobs/queue';
import { graphClientForUser, outlookDepsFromEnv, type OutlookDeps } from '../outlook';
import { nowOf } from '../outlook/deps';
import { maintainListSubscription, type ListOutcome } from './maintain-list-subscription';
import { planSubscription, type SubscriptionAction } from './plan-subscription';
import { subscriptionConfigFromEnv, type SubscriptionConfig } from './subscription-config';
import { clearSubscription, listSubscriptionRows, type ListSubscriptionRow } from './subscription-store';

export interface RenewSubscriptionsOptions {
  deps?: OutlookDeps;
  config?: Partial<SubscriptionConfig>;
  /** Only this user's lists (the full_sync after reauthorizationRequired). */
  userId?: string;
  /** Only these actions (e.g. ['renew'] from a full_sync). */
  only?: SubscriptionAction[];
  /** Enqueue the periodic safety-net full_syncs too (default true for a run over all users). */
  periodicFullSyncs?: boolean;
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
    await maintainUser(deps, config, userId, userRows, summary, options.only);
  }
  if (options.periodicFullSyncs ?? !options.userId) {
    summary.periodicFullSyncsEnqueued = await enqueuePeriodicFullSyncs(deps.db, config.fullSyncIntervalMin ?? getEnv().OUTLOOK_FULL_SYNC_INTERVAL_MIN);
  }
  deps.log.info({ ...summary, errors: summary.errors.length }, 'subscriptions maintained');
  return summary;
}

async function maintainUser(
  deps: OutlookDeps,
  config: SubscriptionConfig,
  userId: string,
  rows: ListSubscriptionRow[],
  summary: RenewSubscriptionsSummary,
  only?: SubscriptionAction[],
): Promise<void> {
  const now = nowOf(deps);
  const planned = rows
    .map((row) => ({ row, action: planSubscription({ ...row, webhookConfigured: Boolean(config.webhookUrl) }, now, config.renewBeforeMin) }))
    .filter((p) => p.action !== 'none' && (!only || only.includes(p.action)));
  summary.lists += rows.length;
  if (planned.length === 0) return;
  const graph = await userGraph(deps, userId, rows, summary);
  if (!graph) return;
  const log = deps.log.child({ userId, step: 'subscriptions' });
  let catchUp = false;
  for (const { row, action } of planned) {
    const outcome = await runOne(deps, config, graph, row, action, summary, log);
    if (outcome) count(summary, outcome);
    if (outcome === 'recreated') catchUp = true;
  }
  if (catchUp) await enqueueCatchUp(deps.db, userId, summary);
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
    return await maintainListSubscription({ db: deps.db, graph, config, now: nowOf(deps) }, row, action);
  } catch (error) {
    summary.failed++;
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    summary.errors.push({ listId: row.graphListId, action, error: message.slice(0, 300) });
    log.warn({ listId: row.graphListId, action, err: error }, 'subscription upkeep failed for a list');
    return null;
  }
}

async function enqueueCatchUp(db: Db, userId: string, summary: RenewSubscriptionsSummary): Promise<void> {
  const r = await enqueueTaskSyncJob(db, { userId, action: 'full_sync', payload: { reason: 'subscription_recreated' } });
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
