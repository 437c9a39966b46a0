/** GET /subscriptions: what the next run would do, without calling Graph. */
import type { Db } from '../../db/client';
import { planSubscription, type SubscriptionAction } from './plan-subscription';
import { subscriptionConfigFromEnv, type SubscriptionConfig } from './subscription-config';
import { listSubscriptionRows } from '../../db/subscriptions-repository';

export interface SubscriptionsReport {
  webhookConfigured: boolean;
  durationMin: number;
  renewBeforeMin: number;
  lists: number;
  withSubscription: number;
  /** Earliest expiry among live subscriptions (ISO), or null. */
  nextExpiry: string | null;
  /** What a POST would do now, per action. */
  due: Record<Exclude<SubscriptionAction, 'none'>, number>;
}

export async function reportSubscriptions(db: Db, options: { config?: Partial<SubscriptionConfig>; now?: Date } = {}): Promise<SubscriptionsReport> {
  const config = { ...subscriptionConfigFromEnv(), ...options.config };
  const now = options.now ?? new Date();
  const rows = await listSubscriptionRows(db);
  const due = { create: 0, renew: 0, recreate: 0, delete: 0 };
  for (const row of rows) {
    const action = planSubscription({ ...row, webhookConfigured: Boolean(config.webhookUrl) }, now, config.renewBeforeMin);
    if (action !== 'none') due[action]++;
  }
  const expiries = rows.filter((r) => r.subscriptionId && r.expiresAt).map((r) => r.expiresAt!.getTime());
  return {
    webhookConfigured: Boolean(config.webhookUrl),
    durationMin: config.durationMin,
    renewBeforeMin: config.renewBeforeMin,
    lists: rows.filter((r) => r.isActive).length,
    withSubscription: rows.filter((r) => r.subscriptionId).length,
    nextExpiry: expiries.length ? new Date(Math.min(...expiries)).toISOString() : null,
    due,
  };
}
