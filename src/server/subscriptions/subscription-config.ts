/** How subscriptions are made and kept (guide §3; docs/graph-facts.md §8 (b)). */
import { getEnv } from '../../config/env';
import { TODO_SUBSCRIPTION_MAX_MINUTES } from '../../graph';

export interface SubscriptionConfig {
  /** OUTLOOK_WEBHOOK_URL: notifications and lifecycle events go here; unset = no subscriptions are created. */
  webhookUrl: string | null;
  /** Lifetime asked for, in minutes (capped at Graph's 4,230 for To Do). */
  durationMin: number;
  /** Renew subscriptions expiring within this many minutes. */
  renewBeforeMin: number;
  /** OUTLOOK_CLIENT_STATE, mixed into every clientState. */
  clientStateSecret?: string;
  /** OUTLOOK_SUBSCRIPTION_RETRY_SEC: a mapping taken in hand this recently is left alone (lease, back-off). */
  retrySec: number;
  /** Safety-net full_sync interval (OUTLOOK_FULL_SYNC_INTERVAL_MIN); the cron enqueues them too. */
  fullSyncIntervalMin?: number;
  /** Its interval for a user whose subscriptions work (OUTLOOK_FULL_SYNC_HEALTHY_INTERVAL_MIN): the cron sizes it to need too. */
  healthyFullSyncIntervalMin?: number;
}

export function subscriptionConfigFromEnv(): SubscriptionConfig {
  const env = getEnv();
  return {
    webhookUrl: env.OUTLOOK_WEBHOOK_URL ?? null,
    durationMin: Math.min(env.OUTLOOK_SUBSCRIPTION_DURATION_MIN, TODO_SUBSCRIPTION_MAX_MINUTES),
    renewBeforeMin: env.OUTLOOK_RENEW_BEFORE_MIN,
    retrySec: env.OUTLOOK_SUBSCRIPTION_RETRY_SEC,
    clientStateSecret: env.OUTLOOK_CLIENT_STATE,
    fullSyncIntervalMin: env.OUTLOOK_FULL_SYNC_INTERVAL_MIN,
    healthyFullSyncIntervalMin: env.OUTLOOK_FULL_SYNC_HEALTHY_INTERVAL_MIN,
  };
}

export function expiryFor(config: SubscriptionConfig, now: Date): Date {
  return new Date(now.getTime() + Math.min(config.durationMin, TODO_SUBSCRIPTION_MAX_MINUTES) * 60_000);
}
